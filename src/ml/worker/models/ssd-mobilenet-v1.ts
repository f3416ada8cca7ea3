/** SSD MobileNet v1 (face-api): finds small faces well; ~380 ms per photo on WASM (it always works at 512×512). */
import type { TNetInput } from '@vladmandic/face-api';
import { FACE_API_WEIGHTS, faceApiAssets, faceApiNet } from './face-api.ts';
import type { Detector } from './types.ts';

export interface SsdSettings {
  /** Faces scored under this are dropped (face-api's default: 0.5). */
  minConfidence: number;
}

const net = faceApiNet('ssdMobilenetv1');

export const ssdMobilenetV1: Detector<SsdSettings> = {
  kind: 'detector',
  id: 'ssd_mobilenetv1_model',
  assets: faceApiAssets('ssd_mobilenetv1_model'),
  source: FACE_API_WEIGHTS,
  load: net.load,
  dispose: net.dispose,
  async detect(input, settings) {
    const { api, net: ssd } = net.loaded();
    // face-api declares its own copy of tfjs-core's types; at run time it is the same tfjs-core.
    const found = await ssd.locateFaces(input as unknown as TNetInput, new api.SsdMobilenetv1Options(settings));
    return found.map(({ box, score }) => ({ box: { x: box.x, y: box.y, width: box.width, height: box.height }, score }));
  },
  async warmUp(blank) {
    await ssdMobilenetV1.detect(blank, { minConfidence: 0.5 });
  },
};
