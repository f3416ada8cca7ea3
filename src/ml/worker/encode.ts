/** Encodings of face chips: each recipe's chips through its recognizer, averaged per face. */
import type { Recognizer } from './models';

/** Encodes every chip with `recognizer` (it batches them); one Float32Array per chip, in order. */
export function encodeChips(recognizer: Recognizer, chips: readonly ImageData[]): Promise<Float32Array[]> {
  return chips.length === 0 ? Promise.resolve([]) : recognizer.run(chips);
}

/** Element-wise mean of encodings. */
export function meanEncoding(encodings: readonly Float32Array[]): Float32Array {
  const first = encodings[0];
  if (!first) throw new Error('no encodings to average');
  if (encodings.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const e of encodings) for (let i = 0; i < out.length; i++) out[i]! += e[i] ?? 0;
  for (let i = 0; i < out.length; i++) out[i]! /= encodings.length;
  return out;
}
