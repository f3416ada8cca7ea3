/**
 * The plain face-api usage, the baseline of bench:throughput: `detectAllFaces` with SSD, then landmarks
 * and descriptors, one photo at a time on the page's main thread, exactly as face-api's README shows it.
 * Only bench.html loads this; the app never runs a model on the main thread.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as faceapi from '@vladmandic/face-api';

let loaded: Promise<void> | null = null;

export function loadPlain(backend: string): Promise<void> {
  loaded ??= (async () => {
    setWasmPaths(new URL('wasm/', document.baseURI).href);
    await tf.setBackend(backend);
    await tf.ready();
    const models = new URL('models/', document.baseURI).href;
    await faceapi.nets.ssdMobilenetv1.loadFromUri(models);
    await faceapi.nets.faceLandmark68Net.loadFromUri(models);
    await faceapi.nets.faceRecognitionNet.loadFromUri(models);
  })();
  return loaded;
}

export async function plainAnalyze(blob: Blob): Promise<number> {
  const img = await faceapi.bufferToImage(blob);
  const results = await faceapi
    .detectAllFaces(img, new faceapi.SsdMobilenetv1Options())
    .withFaceLandmarks()
    .withFaceDescriptors();
  return results.length;
}

export function plainTensorCount(): number {
  return tf.memory().numTensors;
}
