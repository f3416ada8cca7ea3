/** face-api's 68-point landmark net (iBUG order), fed 112×112. */
import type { FaceLandmarks68, TNetInput } from '@vladmandic/face-api';
import { FACE_API_WEIGHTS, faceApiAssets, faceApiNet } from './face-api.ts';
import type { Landmarker } from './types.ts';

const net = faceApiNet('faceLandmark68Net');

export const faceLandmark68: Landmarker = {
  kind: 'landmarks',
  id: 'face_landmark_68_model',
  assets: faceApiAssets('face_landmark_68_model'),
  source: FACE_API_WEIGHTS,
  load: net.load,
  dispose: net.dispose,
  async run(crop) {
    const { net: landmarks } = net.loaded();
    // face-api declares its own copy of tfjs-core's types; at run time it is the same tfjs-core.
    const found = (await landmarks.detectLandmarks(crop as unknown as TNetInput)) as FaceLandmarks68;
    return found.positions.map((p) => [p.x, p.y] as const);
  },
  async warmUp(blank) {
    await faceLandmark68.run(blank);
  },
};
