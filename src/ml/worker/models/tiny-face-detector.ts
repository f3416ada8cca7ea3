/** The Tiny Face Detector (face-api): 190 KB, ~38 ms at 320 px on WASM; misses small faces. */
import type { TNetInput } from '@vladmandic/face-api';
import { FACE_API_WEIGHTS, faceApiAssets, faceApiNet } from './face-api.ts';
import type { Detector } from './types.ts';

export interface TinySettings {
  /** Side the photo is resized to (a multiple of 32). */
  inputSize: number;
  scoreThreshold: number;
}

const net = faceApiNet('tinyFaceDetector');

export const tinyFaceDetector: Detector<TinySettings> = {
  kind: 'detector',
  id: 'tiny_face_detector_model',
  assets: faceApiAssets('tiny_face_detector_model'),
  source: FACE_API_WEIGHTS,
  load: net.load,
  dispose: net.dispose,
  async detect(input, settings) {
    const { api, net: tiny } = net.loaded();
    // face-api declares its own copy of tfjs-core's types; at run time it is the same tfjs-core.
    const found = await tiny.locateFaces(input as unknown as TNetInput, new api.TinyFaceDetectorOptions(settings));
    return found.map(({ box, score }) => ({ box: { x: box.x, y: box.y, width: box.width, height: box.height }, score }));
  },
  async warmUp(blank) {
    await tinyFaceDetector.detect(blank, { inputSize: 320, scoreThreshold: 0.5 });
  },
};
