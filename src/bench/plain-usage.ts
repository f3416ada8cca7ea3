/**
 * The plain face-api usage, the baseline every benchmark compares with — the one copy: `detectAllFaces`
 * with SSD MobileNet v1 at its default confidence (0.5), `withFaceLandmarks()`, `withFaceDescriptors()`
 * (face-api's own crop of each face), exactly as face-api's README shows it. The accuracy benchmarks run
 * it in the benchmark worker on the decoded photo (bench.worker.ts); the throughput benchmark runs it on
 * the page's main thread on an <img> (in-page.ts). Only bench.html loads it.
 */
import * as faceapi from '@vladmandic/face-api';

export interface PlainFace {
  box: { x: number; y: number; width: number; height: number };
  encoding: Float32Array;
}

/**
 * The nets the plain usage needs, loaded into face-api's own shared nets the way its README does (the same
 * weight files as the app's). The app's model modules load instances of their own, some run with fused ops
 * (src/ml/worker/models/face-api.ts): the plain usage stays face-api's, even beside them in one worker.
 */
let loading: Promise<void> | null = null;
export function loadPlainUsage(modelsUrl: string): Promise<void> {
  loading ??= Promise.all([
    faceapi.nets.ssdMobilenetv1.loadFromUri(modelsUrl),
    faceapi.nets.faceLandmark68Net.loadFromUri(modelsUrl),
    faceapi.nets.faceRecognitionNet.loadFromUri(modelsUrl),
  ]).then(() => undefined);
  return loading;
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
