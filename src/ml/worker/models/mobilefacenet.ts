/**
 * The second recognizer (issue 18): a MobileFaceNet-style network trained with a margin loss, 512-d output
 * compared by cosine. Source: `model/fr_feature.onnx` of the npm package `faceplugin-face-recognition-js`
 * 0.0.1 (licence stated by the package: MIT; training data: not stated). Converted at build time by
 * scripts/onnx-to-tfjs.ts into public/models/mobilefacenet.{json,bin} and run here with tfjs-core ops
 * (graph-executor.ts) on the backend face-api uses.
 *
 * Input: 112×112 RGB chips aligned to the ArcFace 5-point template (../arcface-align.ts), scaled
 * (x − 127) / 128 as the package's own preprocessing does. Output: one L2-normalised Float32Array(512) per
 * chip, so the cosine distance is 1 − dot product.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createGraphModel, type GraphModel } from './graph-executor.ts';
import type { ConvertedGraph } from './graph-format.ts';
import type { Recognizer } from './types.ts';

const ASSETS = ['mobilefacenet.json', 'mobilefacenet.bin'] as const;

export const MOBILEFACENET_SIZE = 112;
export const MOBILEFACENET_DIMS = 512;
/** Chips per call of the network (as for face-api's recognition net: a group photo must not grow WASM memory). */
export const MOBILEFACENET_BATCH = 8;

/** RGBA pixels of one chip, as ImageData holds them (ImageData itself fits). */
export interface ChipPixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray | Uint8Array;
}

let model: GraphModel | null = null;
let loading: Promise<void> | null = null;

/** Loads the converted graph from `modelsUrl` (ends with '/') once; later calls wait for the same load. */
export function load(modelsUrl: string): Promise<void> {
  loading ??= (async () => {
    const [jsonName, binName] = ASSETS;
    const graphResponse = await fetch(new URL(jsonName, modelsUrl));
    if (!graphResponse.ok) throw new Error(`${jsonName}: HTTP ${graphResponse.status}`);
    const graph = (await graphResponse.json()) as ConvertedGraph;
    const binResponse = await fetch(new URL(graph.weights.path || binName, modelsUrl));
    if (!binResponse.ok) throw new Error(`${binName}: HTTP ${binResponse.status}`);
    loadFromArtifacts(graph, await binResponse.arrayBuffer());
  })().catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

/** Installs the model from the graph and its weights already in memory (tests, benchmarks), and warms it up. */
export function loadFromArtifacts(graph: ConvertedGraph, weightData: ArrayBuffer): void {
  const [h, w, c] = graph.input.shape;
  if (h !== MOBILEFACENET_SIZE || w !== MOBILEFACENET_SIZE || c !== 3)
    throw new Error(`MobileFaceNet graph expects [${graph.input.shape.join(', ')}], not 112×112×3`);
  model?.dispose();
  model = createGraphModel(graph, weightData);
  // The first run on a backend compiles shaders / sets up WASM kernels: pay it now, not on the first face.
  tf.tidy(() => model?.execute(tf.zeros([1, h, w, c])));
  loading ??= Promise.resolve();
}

export function isLoaded(): boolean {
  return model !== null;
}

/** The network's input for a batch of chips: NHWC float32, RGB, (x − 127) / 128. */
export function chipsToInput(chips: readonly ChipPixels[]): tf.Tensor4D {
  const n = MOBILEFACENET_SIZE;
  const values = new Float32Array(chips.length * n * n * 3);
  chips.forEach((chip, k) => {
    if (chip.width !== n || chip.height !== n || chip.data.length !== n * n * 4)
      throw new Error(`chip ${k} is ${chip.width}×${chip.height}; MobileFaceNet takes ${n}×${n} RGBA pixels`);
    const base = k * n * n * 3;
    for (let p = 0; p < n * n; p++) {
      values[base + p * 3] = (chip.data[p * 4]! - 127) / 128;
      values[base + p * 3 + 1] = (chip.data[p * 4 + 1]! - 127) / 128;
      values[base + p * 3 + 2] = (chip.data[p * 4 + 2]! - 127) / 128;
    }
  });
  return tf.tensor4d(values, [chips.length, n, n, 3]);
}

/** Scales a vector to unit length (a zero vector stays zero). */
export function l2Normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const k = s > 0 ? 1 / Math.sqrt(s) : 0;
  return v.map((x) => x * k);
}

/** One L2-normalised 512-d encoding per chip, in order; the network sees at most MOBILEFACENET_BATCH per call. */
export async function run(chips: readonly ChipPixels[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < chips.length; i += MOBILEFACENET_BATCH) out.push(...(await runBatch(chips.slice(i, i + MOBILEFACENET_BATCH))));
  return out;
}

async function runBatch(chips: readonly ChipPixels[]): Promise<Float32Array[]> {
  if (chips.length === 0) return [];
  const m = model;
  if (!m) throw new Error('MobileFaceNet is not loaded: call load() first');
  const input = chipsToInput(chips);
  let output: tf.Tensor | null = null;
  try {
    output = m.execute(input);
    if (output.shape[0] !== chips.length || output.shape[1] !== MOBILEFACENET_DIMS)
      throw new Error(`MobileFaceNet returned [${output.shape.join(', ')}], expected [${chips.length}, ${MOBILEFACENET_DIMS}]`);
    const flat = (await output.data()) as Float32Array;
    return chips.map((_, k) => l2Normalize(flat.slice(k * MOBILEFACENET_DIMS, (k + 1) * MOBILEFACENET_DIMS)));
  } finally {
    input.dispose();
    output?.dispose();
  }
}

/** Frees the weights; a later load() fetches them again (e.g. after a GPU reset on the new backend). */
export function dispose(): void {
  model?.dispose();
  model = null;
  loading = null;
}

/** The registry's view of this net (models/index.ts): its id is stored with every encoding it makes. */
export const mobileFaceNet: Recognizer = {
  kind: 'recognizer',
  id: 'mobilefacenet-faceplugin-0.0.1',
  assets: ASSETS,
  source: { package: 'faceplugin-face-recognition-js', dir: 'model', convertedFrom: 'fr_feature.onnx' },
  chipSize: MOBILEFACENET_SIZE,
  encodingLength: MOBILEFACENET_DIMS,
  batch: MOBILEFACENET_BATCH,
  load,
  dispose,
  run,
  // load() already ran the graph once on zeros (loadFromArtifacts): the first face pays no kernel set-up.
  warmUp: () => Promise.resolve(),
};
