/** face-api's recognition net (dlib's ResNet-29): a 128-number encoding of a 150×150 face chip. */
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
  load: net.load,
  dispose: net.dispose,
  async run(chips) {
    if (chips.length === 0) return [];
    const { net: recognition } = net.loaded();
    // face-api declares its own copy of tfjs-core's types; at run time it is the same tfjs-core.
    const input = (chips.length === 1 ? chips[0] : chips) as unknown as TNetInput;
    const out = await recognition.computeFaceDescriptor(input);
    return Array.isArray(out) ? out : [out];
  },
  async warmUp(blank) {
    await faceRecognition.run([blank]);
  },
};
