/**
 * The app runs three of face-api's networks with fused ops on face-api's own weights (src/ml/worker/models:
 * tiny-backbone.ts, ssd-backbone.ts, recognition-backbone.ts). Here face-api itself (its no-bundle build, on
 * tfjs's WASM backend in Node) gives the reference on real photos — a group photo face-api ships and LFW
 * faces — and the fused networks must give the same outputs to float rounding, the same faces and boxes.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as faceapi from '@vladmandic/face-api';
import jpeg from 'jpeg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeFolded, foldRecognitionParams, recognitionNet, type RecognitionParams } from '../../src/ml/worker/models/recognition-backbone';
import { useFusedNetwork } from '../../src/ml/worker/models/ssd-mobilenet-v1';
import { useFusedBackbone } from '../../src/ml/worker/models/tiny-face-detector';

const FACE_API_DIR = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json'));
const MODEL_DIR = join(FACE_API_DIR, 'model');
const LFW_DIR = resolve(process.env.LFW_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'lfw'));
const LFW_PHOTOS = ['Aaron_Eckhart/Aaron_Eckhart_0001.jpg', 'Abba_Eban/Abba_Eban_0001.jpg', 'AJ_Cook/AJ_Cook_0001.jpg'];

/** face-api's nets are typed with its own copy of tfjs-core's types; at run time it is the same tfjs-core. */
function loadWeights(net: { loadFromWeightMap(map: never): void }, name: string): void {
  const manifest = JSON.parse(readFileSync(join(MODEL_DIR, `${name}-weights_manifest.json`), 'utf8')) as Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  const bytes = Buffer.concat(manifest.flatMap((g) => g.paths.map((p) => readFileSync(join(MODEL_DIR, p)))));
  net.loadFromWeightMap(tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), manifest.flatMap((g) => g.weights)) as never);
}

/** RGB pixels of a JPEG, its longer side scaled to at most `maxSide` (as the app's detection input is). */
function photo(path: string, maxSide = Infinity): tf.Tensor3D {
  const img = jpeg.decode(readFileSync(path), { useTArray: true, formatAsRGBA: false });
  return tf.tidy(() => {
    const rgb = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
    const k = Math.min(1, maxSide / Math.max(img.width, img.height));
    if (k === 1) return rgb;
    return tf.cast(tf.image.resizeBilinear(rgb, [Math.round(img.height * k), Math.round(img.width * k)]), 'int32');
  });
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
type SsdTensors = { boxes: tf.Tensor[]; scores: tf.Tensor[] };
type Found = Array<{ score: number; box: { x: number; y: number; width: number; height: number } }>;
const corners = (found: Found) => found.map(({ score, box }) => [score, box.x, box.y, box.width, box.height]);

/** Both lists have the same faces in the same order, boxes within `px` pixels and scores within 1e-4. */
function expectSameFaces(stock: Found, fused: Found, px: number): void {
  expect(fused.length).toBe(stock.length);
  corners(stock).forEach((s, i) => {
    const f = corners(fused)[i]!;
    expect(Math.abs(f[0]! - s[0]!)).toBeLessThan(1e-4);
    expect(maxDiff(f.slice(1), s.slice(1))).toBeLessThan(px);
  });
}

describe("face-api's networks with fused ops give face-api's results", () => {
  let group: tf.Tensor3D;
  /** The group photo as face-api's input type. */
  let groupInput: faceapi.TNetInput;

  beforeAll(async () => {
    setWasmPaths(`${resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend did not start');
    group = photo(join(FACE_API_DIR, 'demo', 'sample1.jpg'), 640);
    groupInput = group as unknown as faceapi.TNetInput;
  });

  it('the Tiny Face Detector: raw output to 1e-3, the same faces, boxes within 0.01 px', async () => {
    const net = new faceapi.TinyFaceDetector();
    loadWeights(net, 'tiny_face_detector_model');
    const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 320, scoreThreshold: 0.3 });
    const input = await faceapi.toNetInput(groupInput);
    const stockOut = net.forwardInput(input, 320) as unknown as tf.Tensor;
    const stockFaces = await net.locateFaces(groupInput, options);
    expect(useFusedBackbone(net)).toBe(true);
    const fusedOut = net.forwardInput(input, 320) as unknown as tf.Tensor;
    const fusedFaces = await net.locateFaces(groupInput, options);
    const diff = maxDiff(stockOut.dataSync(), fusedOut.dataSync());
    console.log(`tiny: max |fused − face-api| ${diff.toExponential(2)}, ${stockFaces.length} faces`);
    expect(diff).toBeGreaterThan(0); // the fused network is what ran
    expect(diff).toBeLessThan(1e-3);
    expect(stockFaces.length).toBeGreaterThanOrEqual(2);
    expectSameFaces(stockFaces, fusedFaces, 0.01);
    tf.dispose([stockOut, fusedOut]);
    net.dispose();
  });

  it('SSD MobileNet v1: boxes and scores to 1e-3, the same faces, boxes within 0.01 px', async () => {
    const net = new faceapi.SsdMobilenetv1();
    loadWeights(net, 'ssd_mobilenetv1_model');
    const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.3 });
    const input = await faceapi.toNetInput(groupInput);
    const stock = net.forwardInput(input) as unknown as SsdTensors;
    const stockFaces = await net.locateFaces(groupInput, options);
    expect(useFusedNetwork(net)).toBe(true);
    const before = tf.memory().numTensors;
    const fused = net.forwardInput(input) as unknown as SsdTensors;
    expect(tf.memory().numTensors - before).toBe(2 + 13 * 2); // its boxes and scores, and the folded weights (once)
    const again = net.forwardInput(input) as unknown as SsdTensors;
    expect(tf.memory().numTensors - before).toBe(2 * 2 + 13 * 2); // and nothing more the second time
    tf.dispose([...again.boxes, ...again.scores]);
    const fusedFaces = await net.locateFaces(groupInput, options);
    const boxDiff = maxDiff(stock.boxes[0]!.dataSync(), fused.boxes[0]!.dataSync());
    const scoreDiff = maxDiff(stock.scores[0]!.dataSync(), fused.scores[0]!.dataSync());
    console.log(`ssd: max |fused − face-api| boxes ${boxDiff.toExponential(2)}, scores ${scoreDiff.toExponential(2)}, ${stockFaces.length} faces`);
    expect(boxDiff).toBeGreaterThan(0);
    expect(boxDiff).toBeLessThan(1e-3);
    expect(scoreDiff).toBeLessThan(1e-3);
    expect(stockFaces.length).toBeGreaterThanOrEqual(2);
    expectSameFaces(stockFaces, fusedFaces, 0.01);
    tf.dispose([...stock.boxes, ...stock.scores, ...fused.boxes, ...fused.scores]);
  });

  it("the recognition net: each LFW face's 128 numbers within 1e-4 (Euclidean) of face-api's", async () => {
    const net = new faceapi.FaceRecognitionNet();
    loadWeights(net, 'face_recognition_model');
    // The middle 150×150 of each 250×250 LFW photo: the face, about where face-api's chips put it.
    const chips = LFW_PHOTOS.map((p) => tf.tidy(() => tf.slice(photo(join(LFW_DIR, p)), [50, 50, 0], [150, 150, 3])));
    const stock = (await net.computeFaceDescriptor(chips as unknown as faceapi.TNetInput)) as Float32Array[];
    const folded = foldRecognitionParams(net.params as unknown as RecognitionParams);
    const fused = tf.tidy(() => recognitionNet(tf.stack(chips.map((c) => tf.cast(c, 'float32'))) as tf.Tensor4D, folded));
    const got = fused.dataSync();
    const gaps = stock.map((s, i) => Math.hypot(...Array.from(s, (v, k) => v - got[i * 128 + k]!)));
    console.log(`recognition: |fused − face-api| per face ${gaps.map((g) => g.toExponential(2)).join(', ')}`);
    for (const g of gaps) expect(g).toBeLessThan(1e-4);
    // Different people are far apart (face-api's threshold is ~0.6): the comparison is not between zeros.
    expect(Math.hypot(...Array.from(stock[0]!, (v, k) => v - stock[1]![k]!))).toBeGreaterThan(0.5);
    const kept = tf.memory().numTensors;
    disposeFolded(folded);
    expect(kept - tf.memory().numTensors).toBe(2 * 29); // each conv's folded filter and bias, freed
    tf.dispose([fused, ...chips]);
    net.dispose();
  });
});
