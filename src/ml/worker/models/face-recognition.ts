/** face-api's recognition net (dlib's ResNet-29): a 128-number encoding of a 150×150 face chip. */
import * as tf from '@tensorflow/tfjs-core';
import type { TNetInput } from '@vladmandic/face-api';
import { FACE_API_WEIGHTS, faceApiAssets, faceApiNet } from './face-api.ts';
import type { Recognizer } from './types.ts';

const net = faceApiNet('faceRecognitionNet');

export const faceRecognition: Recognizer = {
  kind: 'recognizer',
  id: 'face_recognition_model',
  assets: faceApiAssets('face_recognition_model'),
  source: FACE_API_WEIGHTS,
  chipSize: 150,
  encodingLength: 128,
  // Batching beyond 2 gains nothing on WASM (`npm run bench:stages`), and a group photo's dozens of chips in
  // one batch would grow the worker's WASM memory (which never shrinks).
  batch: 8,
  load: net.load,
  dispose: net.dispose,
  async run(chips) {
    const out: Float32Array[] = [];
    for (let i = 0; i < chips.length; i += faceRecognition.batch) {
      const tensors = chips.slice(i, i + faceRecognition.batch).map((chip) => tf.browser.fromPixels(chip));
      try {
        out.push(...(await describe(tensors)));
      } finally {
        for (const t of tensors) t.dispose();
      }
    }
    return out;
  },
  async warmUp(blank) {
    await describe([blank]);
  },
};

async function describe(chips: readonly tf.Tensor3D[]): Promise<Float32Array[]> {
  if (chips.length === 0) return [];
  const { net: recognition } = net.loaded();
  // face-api declares its own copy of tfjs-core's types; at run time it is the same tfjs-core.
  const input = (chips.length === 1 ? chips[0] : chips) as unknown as TNetInput;
  const out = await recognition.computeFaceDescriptor(input);
  return Array.isArray(out) ? out : [out];
}
