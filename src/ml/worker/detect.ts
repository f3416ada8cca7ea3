/**
 * Finding every face: the Tiny Face Detector first, SSD MobileNet v1 where tiny found nothing or found a
 * small face (see detection-policy.ts for why and the costs); when neither finds anything, the fallback
 * stages below are tried in order before a photo is called faceless. Each stage's effect was measured with
 * `npm run bench:lfw` and `npm run bench:throughput` (see README).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as faceapi from '@vladmandic/face-api';
import type { Point } from './align';
import { TINY_INPUT_SIZE, TINY_SCORE, tinyIsEnough, unionOfFaces } from './detection-policy';

export interface FoundFace {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  landmarks: Point[];
}

export interface DetectionStage {
  name: string;
  /** Border added around the photo, as a fraction of its longer side (faces cut by the edge). */
  pad: number;
  options: () => faceapi.SsdMobilenetv1Options | faceapi.TinyFaceDetectorOptions;
}

/** SSD at face-api's usual confidence: the plain usage's detector, and the app's second look. */
export const SSD_STAGE: DetectionStage = {
  name: 'ssd',
  pad: 0,
  options: () => new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 }),
};

/**
 * Tried in order only when tiny and SSD found nothing. On LFW (npm run bench:lfw) SSD at 0.5 missed
 * ~10% of the photos; a lower score and a padded photo (faces cut by the edge) recover most; SSD found
 * nothing at any score in the rest, where the Tiny Face Detector at a modest input size did.
 */
export const tiny = (inputSize: number, scoreThreshold: number): DetectionStage => ({
  name: `tiny-${inputSize}`,
  pad: 0,
  options: () => new faceapi.TinyFaceDetectorOptions({ inputSize, scoreThreshold }),
});

export const FALLBACK_STAGES: DetectionStage[] = [
  { name: 'ssd-low', pad: 0, options: () => new faceapi.SsdMobilenetv1Options({ minConfidence: 0.3 }) },
  { name: 'ssd-padded', pad: 0.2, options: () => new faceapi.SsdMobilenetv1Options({ minConfidence: 0.3 }) },
  tiny(608, 0.3),
  tiny(416, 0.2),
  tiny(320, 0.2),
  tiny(224, 0.2),
];

export async function runStage(input: tf.Tensor3D, stage: DetectionStage): Promise<FoundFace[]> {
  const [h, w] = input.shape;
  const pad = Math.round(Math.max(w, h) * stage.pad);
  const padded = pad > 0 ? tf.pad(input, [[pad, pad], [pad, pad], [0, 0]]) : input;
  try {
    const results = await faceapi.detectAllFaces(padded, stage.options()).withFaceLandmarks();
    return results.map((r) => {
      const b = r.detection.box;
      return {
        box: { x: b.x - pad, y: b.y - pad, width: b.width, height: b.height },
        score: r.detection.score,
        landmarks: r.landmarks.positions.map((p) => [p.x - pad, p.y - pad] as const),
      };
    });
  } finally {
    if (padded !== input) padded.dispose();
  }
}

/** Every face in the photo; `stage` says which detector found them (null when none did). */
export async function detectFaces(
  input: tf.Tensor3D,
  withFallbacks = true,
): Promise<{ faces: FoundFace[]; stage: string | null }> {
  const [h, w] = input.shape;
  const first = tiny(TINY_INPUT_SIZE, TINY_SCORE);
  const quick = await runStage(input, first);
  if (tinyIsEnough(quick, w, h)) return { faces: quick, stage: first.name };
  const ssd = await runStage(input, SSD_STAGE);
  const both = unionOfFaces(ssd, quick);
  if (both.length > 0) return { faces: both, stage: quick.length > 0 ? `${first.name}+ssd` : SSD_STAGE.name };
  if (!withFallbacks) return { faces: [], stage: null };
  for (const stage of FALLBACK_STAGES) {
    const faces = await runStage(input, stage);
    if (faces.length > 0) return { faces, stage: stage.name };
  }
  return { faces: [], stage: null };
}
