/**
 * The Tiny Face Detector's fused network (src/ml/worker/models/tiny-backbone.ts) computes what face-api's
 * layers compute — transcribed below op for op from face-api's `runMobilenet`, `depthwiseSeparableConv`,
 * `convLayer` and `leaky` — on a real LFW photo with face-api's own weights, to float rounding.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAKY_SLOPE, tinyBackbone, type TinyMobilenetParams } from '../../src/ml/worker/models/tiny-backbone';

const MODEL_DIR = resolve('node_modules/@vladmandic/face-api/model');
const LFW_DIR = resolve(process.env.LFW_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'lfw'));
const PHOTO = 'Aaron_Eckhart/Aaron_Eckhart_0001.jpg';
/** face-api's TinyFaceDetector mean colour. */
const MEAN_RGB = [117.001, 114.697, 97.404];

function loadParams(): { params: TinyMobilenetParams; weights: tf.NamedTensorMap } {
  const manifest = JSON.parse(readFileSync(join(MODEL_DIR, 'tiny_face_detector_model-weights_manifest.json'), 'utf8')) as Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  const bytes = Buffer.concat(manifest.flatMap((g) => g.paths.map((p) => readFileSync(join(MODEL_DIR, p)))));
  const weights = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), manifest.flatMap((g) => g.weights));
  const w = (name: string) => {
    const t = weights[name];
    if (!t) throw new Error(`weight ${name} missing`);
    return t as never;
  };
  const conv = (k: string) => ({ filters: w(`${k}/filters`), bias: w(`${k}/bias`) });
  const sep = (k: string) => ({ depthwise_filter: w(`${k}/depthwise_filter`), pointwise_filter: w(`${k}/pointwise_filter`), bias: w(`${k}/bias`) });
  return { params: { conv0: conv('conv0'), conv1: sep('conv1'), conv2: sep('conv2'), conv3: sep('conv3'), conv4: sep('conv4'), conv5: sep('conv5'), conv8: conv('conv8') }, weights };
}

/** face-api's own layers, unfused. */
function faceApiReference(x: tf.Tensor4D, p: TinyMobilenetParams, slope = LEAKY_SLOPE): tf.Tensor4D {
  const leaky = (t: tf.Tensor4D) => {
    const min = tf.mul(t, tf.scalar(slope));
    return tf.add(tf.relu(tf.sub(t, min)), min) as tf.Tensor4D;
  };
  const convLayer = (t: tf.Tensor4D, c: { filters: tf.Tensor4D; bias: tf.Tensor1D }) => tf.add(tf.conv2d(t, c.filters, [1, 1], 'valid'), c.bias) as tf.Tensor4D;
  const separable = (t: tf.Tensor4D, s: TinyMobilenetParams['conv1']) => {
    const padded = tf.pad(t, [[0, 0], [1, 1], [1, 1], [0, 0]]) as tf.Tensor4D;
    return leaky(tf.add(tf.separableConv2d(padded, s.depthwise_filter as tf.Tensor4D, s.pointwise_filter, [1, 1], 'valid'), s.bias) as tf.Tensor4D);
  };
  let out = leaky(convLayer(x, p.conv0));
  out = tf.maxPool(out, [2, 2], [2, 2], 'same');
  for (const s of [p.conv1, p.conv2, p.conv3, p.conv4]) out = tf.maxPool(separable(out, s), [2, 2], [2, 2], 'same');
  out = tf.maxPool(separable(out, p.conv5), [2, 2], [1, 1], 'same');
  return convLayer(out, p.conv8);
}

describe("the Tiny Face Detector's fused network", () => {
  let loaded: ReturnType<typeof loadParams>;
  let input: tf.Tensor4D;

  beforeAll(async () => {
    setWasmPaths(`${resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend did not start');
    loaded = loadParams();
    const img = jpeg.decode(readFileSync(join(LFW_DIR, PHOTO)), { useTArray: true, formatAsRGBA: false });
    input = tf.tidy(() => {
      const rgb = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
      const resized = tf.image.resizeBilinear(tf.expandDims(tf.cast(rgb, 'float32')) as tf.Tensor4D, [320, 320]);
      return tf.div(tf.sub(resized, tf.tensor1d(MEAN_RGB)), 255) as tf.Tensor4D;
    });
  });

  afterAll(() => {
    input.dispose();
    tf.dispose(Object.values(loaded.weights));
  });

  const run = (f: () => tf.Tensor4D) => {
    const t = tf.tidy(f);
    const values = t.dataSync() as Float32Array;
    const shape = t.shape;
    t.dispose();
    return { values, shape };
  };
  const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

  it("gives face-api's output on a real photo, to float rounding, and frees what it made", () => {
    const before = tf.memory().numTensors;
    const fused = run(() => tinyBackbone(input, loaded.params));
    const reference = run(() => faceApiReference(input, loaded.params));
    expect(tf.memory().numTensors).toBe(before);
    expect(fused.shape).toEqual([1, 10, 10, 25]);
    expect(fused.shape).toEqual(reference.shape);
    const diff = maxDiff(fused.values, reference.values);
    console.log(`max |fused − face-api's layers| on ${PHOTO}: ${diff.toExponential(2)} (outputs up to ${Math.max(...reference.values.map(Math.abs)).toFixed(1)})`);
    expect(diff).toBeLessThan(1e-3);
    // The face is found in the same cell and anchor by both (the score is channel 4 of each anchor's 5).
    const best = (v: Float32Array) => {
      let at = 0;
      for (let i = 4; i < v.length; i += 5) if (v[i]! > v[at]!) at = i;
      return at;
    };
    expect(best(fused.values)).toBe(best(reference.values));
    expect(reference.values[best(reference.values)]!).toBeGreaterThan(0); // a face, scored over 0.5 after the sigmoid
  });

  it('would notice a wrong leaky ReLU slope', () => {
    const fused = run(() => tinyBackbone(input, loaded.params));
    const wrong = run(() => faceApiReference(input, loaded.params, 0.2));
    expect(maxDiff(fused.values, wrong.values)).toBeGreaterThan(1e-2);
  });
});
