/** The 128-d encodings of face chips, batched into calls of the recognition network. */
import * as tf from '@tensorflow/tfjs-core';
import { RECOGNIZER } from './models';

/**
 * Chips per call of the network. Batching beyond 2 gains nothing on WASM (`npm run bench:stages`), and a
 * group photo's dozens of chips in one batch would grow the worker's WASM memory (which never shrinks).
 */
export const ENCODE_BATCH = 8;

/** Encodes every chip, ENCODE_BATCH at a time; returns one Float32Array per chip, in order. */
export async function encodeChips(chips: readonly ImageData[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < chips.length; i += ENCODE_BATCH) out.push(...(await encodeBatch(chips.slice(i, i + ENCODE_BATCH))));
  return out;
}

async function encodeBatch(chips: readonly ImageData[]): Promise<Float32Array[]> {
  if (chips.length === 0) return [];
  const tensors = chips.map((chip) => tf.browser.fromPixels(chip));
  try {
    return await RECOGNIZER.run(tensors);
  } finally {
    for (const t of tensors) t.dispose();
  }
}

/** Element-wise mean of encodings. */
export function meanEncoding(encodings: readonly Float32Array[]): Float32Array {
  const first = encodings[0];
  if (!first) throw new Error('no encodings to average');
  const out = new Float32Array(first.length);
  for (const e of encodings) for (let i = 0; i < out.length; i++) out[i]! += e[i] ?? 0;
  for (let i = 0; i < out.length; i++) out[i]! /= encodings.length;
  return out;
}
