/**
 * The app's MobileFaceNet (the ONNX graph converted by scripts/onnx-to-tfjs.ts, run by graph-executor.ts with
 * tfjs-core on the WASM backend — the app's backend on machines without a real GPU — fed by the model module's own pixel scaling) gives onnxruntime's outputs on
 * fixed 112×112 crops: real faces cut from LFW photos in ../shared/lfw and deterministic patterns.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import jpeg from 'jpeg-js';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertMobileFaceNet, SMALLEST_WEIGHT, zeroNegligibleWeights, type ConvertedModel } from '../../scripts/onnx-to-tfjs';
import { createGraphModel } from '../../src/ml/worker/models/graph-executor';
import {
  MOBILEFACENET_DIMS,
  MOBILEFACENET_SIZE as N,
  chipsToInput,
  dispose,
  l2Normalize,
  loadFromArtifacts,
  run,
  type ChipPixels,
} from '../../src/ml/worker/models/mobilefacenet';

const LFW_DIR = resolve(process.env.LFW_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'lfw'));
const LFW_PHOTOS = ['Aaron_Eckhart/Aaron_Eckhart_0001.jpg', 'Abba_Eban/Abba_Eban_0001.jpg', 'AJ_Cook/AJ_Cook_0001.jpg'];

/** The centre 112×112 of a 250×250 deep-funneled LFW photo: the face, roughly where ArcFace's chips put it. */
function lfwCrop(relative: string): ChipPixels {
  const img = jpeg.decode(readFileSync(join(LFW_DIR, relative)), { useTArray: true, formatAsRGBA: true });
  const x0 = Math.floor((img.width - N) / 2);
  const y0 = Math.floor((img.height - N) / 2);
  const data = new Uint8ClampedArray(N * N * 4);
  for (let y = 0; y < N; y++) data.set(img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + N) * 4), y * N * 4);
  return { width: N, height: N, data };
}

/** A fixed pattern that uses the whole 0–255 range in every channel, differently per channel. */
function pattern(seed: number): ChipPixels {
  const data = new Uint8ClampedArray(N * N * 4);
  for (let y = 0; y < N; y++)
    for (let x = 0; x < N; x++) {
      const p = (y * N + x) * 4;
      data[p] = (x * 7 + y * 3 + seed * 40) % 256;
      data[p + 1] = Math.round(127.5 + 127.5 * Math.sin((x + seed) / 9) * Math.cos(y / 13));
      data[p + 2] = ((x ^ y) * (seed + 1)) % 256;
      data[p + 3] = 255;
    }
  return { width: N, height: N, data };
}

/** onnxruntime's reference: NCHW, (x − 127) / 128 computed here independently of the module's scaling. */
async function reference(session: ort.InferenceSession, chip: ChipPixels): Promise<Float32Array> {
  const input = new Float32Array(3 * N * N);
  for (let c = 0; c < 3; c++) for (let p = 0; p < N * N; p++) input[c * N * N + p] = (chip.data[p * 4 + c]! - 127) / 128;
  const name = session.inputNames[0]!;
  const out = await session.run({ [name]: new ort.Tensor('float32', input, [1, 3, N, N]) });
  const data = out[session.outputNames[0]!]!.data as Float32Array;
  expect(data.length).toBe(MOBILEFACENET_DIMS);
  return l2Normalize(data);
}

const maxDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('MobileFaceNet converted to tfjs equals onnxruntime', () => {
  let converted: ConvertedModel & { onnxPath: string };
  let session: ort.InferenceSession;
  let chips: ChipPixels[];
  let expected: Float32Array[];

  beforeAll(async () => {
    setWasmPaths(`${resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend did not start');
    converted = convertMobileFaceNet();
    session = await ort.InferenceSession.create(converted.onnxPath);
    chips = [...LFW_PHOTOS.map(lfwCrop), pattern(0), pattern(1)];
    expected = [];
    for (const chip of chips) expected.push(await reference(session, chip));
    const bin = converted.weightData;
    loadFromArtifacts(converted.graph, bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer);
  }, 120_000);

  afterAll(async () => {
    dispose();
    await session.release();
  });

  it('gives the same L2-normalised 512-d encodings, batched, within 1e-3', async () => {
    const before = tf.memory().numTensors;
    const got = await run(chips);
    expect(tf.memory().numTensors).toBe(before); // nothing leaks per call
    expect(got).toHaveLength(chips.length);
    const diffs = got.map((g, i) => maxDiff(g, expected[i]!));
    console.log(`max |tfjs − onnxruntime| per chip after L2 normalisation: ${diffs.map((d) => d.toExponential(2)).join(', ')}`);
    for (const [i, g] of got.entries()) {
      expect(g.length).toBe(MOBILEFACENET_DIMS);
      expect(Math.hypot(...g)).toBeCloseTo(1, 5);
      expect(diffs[i], `chip ${i}`).toBeLessThan(1e-3);
    }
    // The faces are different people: their encodings are far from each other, the test is not trivial.
    const dot = got[0]!.reduce((s, v, i) => s + v * got[1]![i]!, 0);
    expect(dot).toBeLessThan(0.6);
  }, 120_000);

  it('would notice wrong PRelu slopes (a ReLU in their place moves the encodings far beyond 1e-3)', () => {
    const { graph, weightData } = converted;
    const broken = new Float32Array(weightData.slice().buffer);
    let at = 0;
    for (const spec of graph.weights.specs) {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      if (spec.name.endsWith('/alpha')) broken.fill(0, at, at + size);
      at += size;
    }
    const relu = createGraphModel(graph, broken.buffer);
    try {
      const input = chipsToInput([chips[0]!]);
      const out = relu.execute(input);
      const got = l2Normalize(out.dataSync() as Float32Array);
      input.dispose();
      out.dispose();
      expect(maxDiff(got, expected[0]!)).toBeGreaterThan(1e-2);
    } finally {
      relu.dispose();
    }
  }, 60_000);

  it('writes no weight under 2^-40 but zero (subnormal products made WASM 4× slower), while the ONNX source has thousands', async () => {
    const negligible = (v: number) => v !== 0 && Math.abs(v) < SMALLEST_WEIGHT;
    const { weightData } = converted;
    const written = new Float32Array(weightData.buffer, weightData.byteOffset, weightData.byteLength / 4);
    expect(written.filter(negligible).length).toBe(0);
    // The source's own weights (read with onnx-proto, as the converter reads them): the zeroing is the converter's doing.
    const onnxWeights = (await import('onnx-proto')).default.onnx.ModelProto.decode(readFileSync(converted.onnxPath)).graph?.initializer ?? [];
    let inSource = 0;
    let subnormal = 0;
    for (const t of onnxWeights) {
      const copy = new Uint8Array(t.rawData ?? new Uint8Array()); // aligned
      const values = new Float32Array(copy.buffer, 0, Math.floor(copy.length / 4));
      inSource += values.filter(negligible).length;
      subnormal += values.filter((v) => v !== 0 && Math.abs(v) < 2 ** -126).length;
    }
    expect(inSource).toBeGreaterThan(100_000);
    expect(subnormal).toBeGreaterThan(1000);
    const sample = Float32Array.of(1, 2 ** -127, -(2 ** -140), 2 ** -41, -(2 ** -40), 0, 1e-6);
    expect(zeroNegligibleWeights(sample)).toBe(3);
    expect(Array.from(sample)).toEqual([1, 0, 0, 0, -(2 ** -40), 0, Math.fround(1e-6)]);
  });

  it('refuses a chip of the wrong size with a clear message', async () => {
    await expect(run([{ width: 150, height: 150, data: new Uint8ClampedArray(150 * 150 * 4) }])).rejects.toThrow(/112×112/);
  });
});
