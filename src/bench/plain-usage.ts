/**
 * The plain face-api usage, the baseline every benchmark compares with — the one copy: `detectAllFaces`
 * with SSD MobileNet v1 at its default confidence (0.5), `withFaceLandmarks()`, `withFaceDescriptors()`
 * (face-api's own crop of each face), exactly as face-api's README shows it. The accuracy benchmarks run
 * it in the benchmark worker on the decoded photo (bench.worker.ts); the throughput benchmark runs it on
 * the page's main thread on an <img> (in-page.ts). Only bench.html loads it.
 */
import * as faceapi from '@vladmandic/face-api';
import { faceLandmark68 } from '../ml/worker/models/face-landmark-68';
import { faceRecognition } from '../ml/worker/models/face-recognition';
import { ssdMobilenetV1 } from '../ml/worker/models/ssd-mobilenet-v1';

export interface PlainFace {
  box: { x: number; y: number; width: number; height: number };
  encoding: Float32Array;
}

/** The nets the plain usage needs (the same weights as the app's, from the same files). */
export async function loadPlainUsage(modelsUrl: string): Promise<void> {
  await Promise.all([ssdMobilenetV1.load(modelsUrl), faceLandmark68.load(modelsUrl), faceRecognition.load(modelsUrl)]);
}

export async function plainUsage(input: faceapi.TNetInput): Promise<PlainFace[]> {
  const results = await faceapi
    .detectAllFaces(input, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 }))
    .withFaceLandmarks()
    .withFaceDescriptors();
  return results.map((r) => ({
    box: { x: r.detection.box.x, y: r.detection.box.y, width: r.detection.box.width, height: r.detection.box.height },
    encoding: r.descriptor,
  }));
}
