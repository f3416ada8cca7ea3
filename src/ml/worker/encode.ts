/** The 128-d encodings of face chips, batched in one call of the recognition network. */
import * as tf from '@tensorflow/tfjs-core';
import * as faceapi from '@vladmandic/face-api';

/** Encodes every chip in one batch; returns one Float32Array per chip, in order. */
export async function encodeChips(chips: readonly ImageData[]): Promise<Float32Array[]> {
  if (chips.length === 0) return [];
  const tensors = chips.map((chip) => tf.browser.fromPixels(chip));
  try {
    const out = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(
      tensors.length === 1 ? (tensors[0] as tf.Tensor3D) : tensors,
    );
    return Array.isArray(out) ? out : [out];
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
