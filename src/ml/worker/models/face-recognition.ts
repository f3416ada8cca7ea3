/**
 * face-api's recognition net (dlib's ResNet-29): a 128-number encoding of a 150×150 face chip. face-api
 * loads the weights; the network runs with fused ops (recognition-backbone.ts) on them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { derivedWeights, FACE_API_WEIGHTS, faceApiAssets, faceApiNet } from './face-api.ts';
import { disposeFolded, foldRecognitionParams, recognitionNet, type FoldedRecognitionParams, type RecognitionParams } from './recognition-backbone.ts';
import type { Recognizer } from './types.ts';

const net = faceApiNet('faceRecognitionNet');

/** The loaded weights with their scale layers folded in, made once per load. */
const folded = derivedWeights(foldRecognitionParams, disposeFolded);

function foldedParams(): FoldedRecognitionParams {
  const params = net.loaded().net.params as unknown as RecognitionParams | undefined;
  if (!params) throw new Error('The model faceRecognitionNet has no weights');
  return folded.for(params);
}

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
  dispose() {
    folded.dispose();
    net.dispose();
  },
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

/** One encoding per 150×150 chip (face-api's chips need no resizing or padding: they are fed as they are). */
async function describe(chips: readonly tf.Tensor3D[]): Promise<Float32Array[]> {
  if (chips.length === 0) return [];
  const params = foldedParams();
  const encodings = tf.tidy(() => recognitionNet(tf.stack(chips.map((c) => tf.cast(c, 'float32'))) as tf.Tensor4D, params));
  try {
    const flat = (await encodings.data()) as Float32Array;
    const n = faceRecognition.encodingLength;
    return chips.map((_, i) => flat.slice(i * n, (i + 1) * n));
  } finally {
    encodings.dispose();
  }
}
