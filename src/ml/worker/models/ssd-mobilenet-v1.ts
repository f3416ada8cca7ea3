/**
 * SSD MobileNet v1 (face-api): finds small faces well; ~230–300 ms per photo on WASM as the app runs it (it
 * always works at 512×512). face-api loads the weights and does the box suppression; the network runs with
 * fused ops (ssd-backbone.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TNetInput } from '@vladmandic/face-api';
import { derivedWeights, FACE_API_WEIGHTS, faceApiAssets, faceApiNet } from './face-api.ts';
import { disposeFoldedSsd, foldSsdParams, ssdNetwork, type SsdOutput, type SsdParams } from './ssd-backbone.ts';
import type { Detector } from './types.ts';

export interface SsdSettings {
  /** Faces scored under this are dropped (face-api's default: 0.5). */
  minConfidence: number;
}

const net = faceApiNet('ssdMobilenetv1');

/** What of face-api's SsdMobilenetv1 the fused network replaces. */
interface SsdNetInternals {
  params?: SsdParams;
  forwardInput?: (input: { toBatchTensor(size: number, center: boolean): tf.Tensor4D }) => SsdOutput;
}

/** The loaded weights' batch norms folded into their convs, made once per load. */
const folded = derivedWeights(foldSsdParams, disposeFoldedSsd);

/**
 * Puts the fused network in place of face-api's `forwardInput` on the loaded net (its input handling kept).
 * Only where the weights are the ones it was written for; otherwise face-api's stays (returns false).
 */
export function useFusedNetwork(loaded: unknown): boolean {
  const ssd = loaded as SsdNetInternals;
  if (typeof ssd.forwardInput !== 'function' || !ssd.params?.mobilenetv1 || !ssd.params.prediction_layer || !ssd.params.output_layer) return false;
  ssd.forwardInput = (input) =>
    tf.tidy(() => {
      const params = ssd.params;
      if (!params) throw new Error('SsdMobilenetv1 - load model before inference');
      // face-api's own preprocessing: the photo padded to a square at 512×512, scaled to [−1, 1].
      const x = tf.sub(tf.div(tf.cast(input.toBatchTensor(512, false), 'float32'), 127.5), 1) as tf.Tensor4D;
      return ssdNetwork(x, params, folded.for(params));
    });
  return true;
}

export const ssdMobilenetV1: Detector<SsdSettings> = {
  kind: 'detector',
  id: 'ssd_mobilenetv1_model',
  assets: faceApiAssets('ssd_mobilenetv1_model'),
  source: FACE_API_WEIGHTS,
  async load(modelsUrl) {
    await net.load(modelsUrl);
    useFusedNetwork(net.loaded().net);
  },
  dispose() {
    folded.dispose();
    net.dispose();
  },
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
