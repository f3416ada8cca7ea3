/** The Tiny Face Detector (face-api): 190 KB, ~23 ms at 320 px on WASM with its layers fused; misses small faces. */
import type { TNetInput } from '@vladmandic/face-api';
import { FACE_API_WEIGHTS, faceApiAssets, faceApiNet } from './face-api.ts';
import { tinyBackbone, type TinyMobilenetParams } from './tiny-backbone.ts';
import type { Detector } from './types.ts';

export interface TinySettings {
  /** Side the photo is resized to (a multiple of 32). */
  inputSize: number;
  scoreThreshold: number;
}

const net = faceApiNet('tinyFaceDetector');

/** What of face-api's TinyFaceDetector the fused network replaces, and the facts it relies on. */
interface TinyNetInternals {
  config?: { withSeparableConvs?: boolean; isFirstLayerConv2d?: boolean };
  runMobilenet?: (x: unknown, params: TinyMobilenetParams) => unknown;
}

/**
 * Puts the fused network (tiny-backbone.ts) in place of face-api's own on the loaded net. Only where the net
 * is the one it was written for (separable convs after a first plain conv); otherwise face-api's stays.
 */
export function useFusedBackbone(loaded: unknown): boolean {
  const tiny = loaded as TinyNetInternals;
  if (tiny.config?.withSeparableConvs !== true || tiny.config.isFirstLayerConv2d !== true || typeof tiny.runMobilenet !== 'function') return false;
  tiny.runMobilenet = (x, params) => tinyBackbone(x as Parameters<typeof tinyBackbone>[0], params);
  return true;
}

export const tinyFaceDetector: Detector<TinySettings> = {
  kind: 'detector',
  id: 'tiny_face_detector_model',
  assets: faceApiAssets('tiny_face_detector_model'),
  source: FACE_API_WEIGHTS,
  async load(modelsUrl) {
    await net.load(modelsUrl);
    useFusedBackbone(net.loaded().net);
  },
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
