/**
 * face-api's recognition net with fused ops (src/ml/worker/models/recognition-backbone.ts) computes what
 * face-api's layers compute — transcribed below op for op from face-api's `FaceRecognitionNet.forwardInput`,
 * `convLayer`, `scale`, `residual` and `residualDown` — on real LFW faces with face-api's own weights.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  disposeFolded,
  foldRecognitionParams,
  recognitionNet,
  type ConvLayerParams,
  type RecognitionParams,
  type ResidualLayerParams,
} from '../../src/ml/worker/models/recognition-backbone';

const MODEL_DIR = resolve('node_modules/@vladmandic/face-api/model');
const LFW_DIR = resolve(process.env.LFW_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'lfw'));
const PHOTOS = ['Aaron_Eckhart/Aaron_Eckhart_0001.jpg', 'Abba_Eban/Abba_Eban_0001.jpg', 'AJ_Cook/AJ_Cook_0001.jpg'];

function loadParams(): { params: RecognitionParams; weights: tf.NamedTensorMap } {
  const manifest = JSON.parse(readFileSync(join(MODEL_DIR, 'face_recognition_model-weights_manifest.json'), 'utf8')) as Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  const bytes = Buffer.concat(manifest.flatMap((g) => g.paths.map((p) => readFileSync(join(MODEL_DIR, p)))));
  const weights = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), manifest.flatMap((g) => g.weights));
  const w = (name: string) => {
    const t = weights[name];
    if (!t) throw new Error(`weight ${name} missing`);
    return t as never;
  };
  const layer = (k: string): ConvLayerParams => ({
    conv: { filters: w(`${k}/conv/filters`), bias: w(`${k}/conv/bias`) },
    scale: { weights: w(`${k}/scale/weights`), biases: w(`${k}/scale/biases`) },
  });
  const res = (k: string): ResidualLayerParams => ({ conv1: layer(`${k}/conv1`), conv2: layer(`${k}/conv2`) });
  const names = ['conv32_1', 'conv32_2', 'conv32_3', 'conv64_down', 'conv64_1', 'conv64_2', 'conv64_3', 'conv128_down', 'conv128_1', 'conv128_2', 'conv256_down', 'conv256_1', 'conv256_2', 'conv256_down_out'] as const;
  const params = { conv32_down: layer('conv32_down'), fc: w('fc') } as unknown as RecognitionParams;
  for (const n of names) params[n] = res(n);
  return { params, weights };
}

/** face-api's own forward pass, unfused (its normalize built the mean from three planes: same values). */
function faceApiReference(batch: tf.Tensor4D, p: RecognitionParams): tf.Tensor2D {
  const convLayer = (x: tf.Tensor4D, c: ConvLayerParams, strides: [number, number], withRelu: boolean, padding: 'valid' | 'same' = 'same') => {
    let out = tf.add(tf.conv2d(x, c.conv.filters, strides, padding), c.conv.bias) as tf.Tensor4D;
    out = tf.add(tf.mul(out, c.scale.weights), c.scale.biases);
    return withRelu ? tf.relu(out) : out;
  };
  const residual = (x: tf.Tensor4D, r: ResidualLayerParams) => {
    let out = convLayer(x, r.conv1, [1, 1], true);
    out = convLayer(out, r.conv2, [1, 1], false);
    return tf.relu(tf.add(out, x)) as tf.Tensor4D;
  };
  const residualDown = (x: tf.Tensor4D, r: ResidualLayerParams) => {
    let out = convLayer(x, r.conv1, [2, 2], true, 'valid');
    out = convLayer(out, r.conv2, [1, 1], false);
    let pooled = tf.avgPool(x, 2, 2, 'valid') as tf.Tensor4D;
    const zeros = tf.zeros<tf.Rank.R4>(pooled.shape);
    const isPad = pooled.shape[3] !== out.shape[3];
    if (pooled.shape[1] !== out.shape[1] || pooled.shape[2] !== out.shape[2]) {
      const padShapeX = [...out.shape] as [number, number, number, number];
      padShapeX[1] = 1;
      out = tf.concat([out, tf.zeros<tf.Rank.R4>(padShapeX)], 1);
      const padShapeY = [...out.shape] as [number, number, number, number];
      padShapeY[2] = 1;
      out = tf.concat([out, tf.zeros<tf.Rank.R4>(padShapeY)], 2);
    }
    pooled = isPad ? tf.concat([pooled, zeros], 3) : pooled;
    return tf.relu(tf.add(pooled, out)) as tf.Tensor4D;
  };
  const normalized = tf.div(tf.sub(batch, tf.tensor1d([122.782, 117.001, 104.298])), 255) as tf.Tensor4D;
  let out = convLayer(normalized, p.conv32_down, [2, 2], true, 'valid');
  out = tf.maxPool(out, 3, 2, 'valid');
  out = residual(residual(residual(out, p.conv32_1), p.conv32_2), p.conv32_3);
  out = residualDown(out, p.conv64_down);
  out = residual(residual(residual(out, p.conv64_1), p.conv64_2), p.conv64_3);
  out = residualDown(out, p.conv128_down);
  out = residual(residual(out, p.conv128_1), p.conv128_2);
  out = residualDown(out, p.conv256_down);
  out = residual(residual(out, p.conv256_1), p.conv256_2);
  out = residualDown(out, p.conv256_down_out);
  return tf.matMul(tf.mean(out, [1, 2]) as tf.Tensor2D, p.fc);
}

describe("face-api's recognition net with fused ops", () => {
  let loaded: ReturnType<typeof loadParams>;
  let chips: tf.Tensor4D;

  beforeAll(async () => {
    setWasmPaths(`${resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend did not start');
    loaded = loadParams();
    // The middle 150×150 of each 250×250 LFW photo: the face, roughly where face-api's chips put it.
    chips = tf.tidy(() =>
      tf.stack(
        PHOTOS.map((p) => {
          const img = jpeg.decode(readFileSync(join(LFW_DIR, p)), { useTArray: true, formatAsRGBA: false });
          return tf.cast(tf.slice(tf.tensor3d(img.data, [img.height, img.width, 3], 'int32'), [50, 50, 0], [150, 150, 3]), 'float32');
        }),
      ),
    ) as tf.Tensor4D;
  });

  afterAll(() => {
    chips.dispose();
    tf.dispose(Object.values(loaded.weights));
  });

  const values = (f: () => tf.Tensor) => {
    const t = tf.tidy(f);
    const v = t.dataSync() as Float32Array;
    t.dispose();
    return v;
  };
  const rows = (v: Float32Array) => [0, 1, 2].map((i) => v.slice(i * 128, (i + 1) * 128));
  const distance = (a: Float32Array, b: Float32Array) => Math.hypot(...a.map((x, i) => x - b[i]!));

  it("gives face-api's encodings, batched, to float rounding; folding frees what it made", () => {
    const before = tf.memory().numTensors;
    const folded = foldRecognitionParams(loaded.params);
    const fused = rows(values(() => recognitionNet(chips, folded)));
    disposeFolded(folded);
    expect(tf.memory().numTensors).toBe(before);
    const reference = rows(values(() => faceApiReference(chips, loaded.params)));
    const gaps = fused.map((f, i) => distance(f, reference[i]!));
    console.log(`|fused − face-api's layers| per face (Euclidean, 128-d): ${gaps.map((g) => g.toExponential(2)).join(', ')}`);
    for (const g of gaps) expect(g).toBeLessThan(1e-4);
    // Three different people: far apart (face-api's threshold is ~0.6), so the comparison means something.
    expect(distance(reference[0]!, reference[1]!)).toBeGreaterThan(0.5);
  });

  it('would notice a scale layer left out', () => {
    const folded = foldRecognitionParams({ ...loaded.params, conv32_1: { conv1: { ...loaded.params.conv32_1.conv1, scale: { weights: tf.onesLike(loaded.params.conv32_1.conv1.scale.weights), biases: tf.zerosLike(loaded.params.conv32_1.conv1.scale.biases) } }, conv2: loaded.params.conv32_1.conv2 } });
    const wrong = rows(values(() => recognitionNet(chips, folded)));
    disposeFolded(folded);
    const reference = rows(values(() => faceApiReference(chips, loaded.params)));
    expect(distance(wrong[0]!, reference[0]!)).toBeGreaterThan(1e-2);
  });
});
