/**
 * Finding every face: the Tiny Face Detector first, SSD MobileNet v1 where tiny found nothing or found a
 * small face (see detection-policy.ts for why and the costs); when neither finds anything, the fallback
 * stages below are tried in order before a photo is called faceless. Each stage's effect was measured with
 * `npm run bench:lfw` and `npm run bench:throughput` (see README). A stage is a detector module
 * (models/, typed by its settings) with its settings: a new detector is a new module there.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Point } from './align';
import { pixelsOf } from './decode';
import { TINY_INPUT_SIZE, TINY_SCORE, tinyIsEnough, unionOfFaces } from './detection-policy';
import { LANDMARKS, type Detector, type Rect, type ScoredBox } from './models';
import { ssdMobilenetV1 } from './models/ssd-mobilenet-v1';
import { tinyFaceDetector } from './models/tiny-face-detector';

export interface FoundFace {
  box: Rect;
  score: number;
  landmarks: Point[];
}

export interface DetectionStage {
  name: string;
  /** Border added around the photo, as a fraction of its longer side (faces cut by the edge). */
  pad: number;
  detect(input: tf.Tensor3D): Promise<ScoredBox[]>;
}

/** A detection stage: `detector` with `settings`, on the photo padded by `pad`. */
export function stage<Settings>(name: string, detector: Detector<Settings>, settings: Settings, pad = 0): DetectionStage {
  return { name, pad, detect: (input) => detector.detect(input, settings) };
}

/** The first look: tiny at 320 px (detection-policy.ts). */
const FIRST_STAGE = stage(`tiny-${TINY_INPUT_SIZE}`, tinyFaceDetector, { inputSize: TINY_INPUT_SIZE, scoreThreshold: TINY_SCORE });

/** SSD at face-api's usual confidence: the plain usage's detector, and the app's second look. */
export const SSD_STAGE = stage('ssd', ssdMobilenetV1, { minConfidence: 0.5 });

/**
 * Tried in order only when tiny and SSD found nothing. On LFW (npm run bench:lfw) SSD at 0.5 missed
 * ~10% of the photos; a lower score and a padded photo (faces cut by the edge) recover most; SSD found
 * nothing at any score in the rest, where the Tiny Face Detector at a modest input size did.
 */
const tiny = (inputSize: number, scoreThreshold: number): DetectionStage =>
  stage(`tiny-${inputSize}`, tinyFaceDetector, { inputSize, scoreThreshold });

export const FALLBACK_STAGES: readonly DetectionStage[] = [
  stage('ssd-low', ssdMobilenetV1, { minConfidence: 0.3 }),
  stage('ssd-padded', ssdMobilenetV1, { minConfidence: 0.3 }, 0.2),
  tiny(608, 0.3),
  tiny(416, 0.2),
  tiny(320, 0.2),
  tiny(224, 0.2),
];

/** Longest side of the picture the detectors see (tiny works at 320, SSD at 512): fewer pixels, less memory. */
export const DETECTION_SIDE = 640;

/** Where the detectors look: a small copy of the photo, and how it maps back onto the photo's bitmap. */
export interface DetectionInput {
  tensor: tf.Tensor3D;
  /** tensor width / bitmap width (<= 1). */
  factor: number;
  bitmap: ImageBitmap;
}

export function detectionInput(bitmap: ImageBitmap): DetectionInput {
  const { pixels, factor } = pixelsOf(bitmap, DETECTION_SIDE);
  return { tensor: tf.browser.fromPixels(pixels), factor, bitmap };
}

let cropContext: OffscreenCanvasRenderingContext2D | null = null;
const LANDMARK_CROP_SIDE = 256;

/**
 * 68 landmarks of each detected face, from a crop of the full-resolution bitmap. The crop is what
 * face-api's `withFaceLandmarks` cuts from its input (the box clipped at the input's borders, floored;
 * black beyond the photo, as a padded input has) and the landmarks are placed the way it places them, so a
 * photo no larger than DETECTION_SIDE gets exactly face-api's landmarks.
 */
async function landmarksOf(bitmap: ImageBitmap, boxes: readonly Rect[], bounds: Rect): Promise<Array<Point[] | null>> {
  cropContext ??= new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true });
  const ctx = cropContext;
  if (!ctx) throw new Error('2D canvas is not available in this browser');
  const out: Array<Point[] | null> = [];
  for (const b of boxes) {
    const x0 = Math.max(b.x, bounds.x);
    const y0 = Math.max(b.y, bounds.y);
    const x = Math.floor(x0);
    const y = Math.floor(y0);
    const w = Math.floor(Math.min(b.x + b.width - x0, bounds.x + bounds.width - x0));
    const h = Math.floor(Math.min(b.y + b.height - y0, bounds.y + bounds.height - y0));
    if (w <= 0 || h <= 0) {
      out.push(null);
      continue;
    }
    // The landmark net sees 112x112: a larger crop is drawn at most LANDMARK_CROP_SIDE on its longer side
    // (every LFW-sized face is below it, so those keep face-api's exact pixels), which keeps the tensors
    // small and of few sizes.
    const k = Math.min(1, LANDMARK_CROP_SIDE / Math.max(w, h));
    const cw = Math.max(1, Math.round(w * k));
    const ch = Math.max(1, Math.round(h * k));
    ctx.canvas.width = cw; // also clears it: outside the photo stays black
    ctx.canvas.height = ch;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    if (k === 1) ctx.drawImage(bitmap, -x, -y);
    else ctx.drawImage(bitmap, x, y, w, h, 0, 0, cw, ch);
    const crop = tf.browser.fromPixels(ctx.getImageData(0, 0, cw, ch));
    try {
      const points = await LANDMARKS.run(crop);
      out.push(points.map(([px, py]) => [px / k + b.x, py / k + b.y] as const));
    } finally {
      crop.dispose();
    }
  }
  return out;
}

/** One detection stage's boxes, in bitmap pixels, and the input's borders there (for the landmark crops). */
async function findBoxes(input: DetectionInput, stage: DetectionStage): Promise<{ found: ScoredBox[]; bounds: Rect }> {
  const [h, w] = input.tensor.shape;
  const pad = Math.round(Math.max(w, h) * stage.pad);
  const padded = pad > 0 ? tf.pad(input.tensor, [[pad, pad], [pad, pad], [0, 0]]) : input.tensor;
  let detections: ScoredBox[];
  try {
    detections = await stage.detect(padded);
  } finally {
    if (padded !== input.tensor) padded.dispose();
  }
  const f = input.factor;
  const found = detections.map(({ box, score }) => ({
    box: { x: (box.x - pad) / f, y: (box.y - pad) / f, width: box.width / f, height: box.height / f },
    score,
  }));
  return { found, bounds: { x: -pad / f, y: -pad / f, width: (w + 2 * pad) / f, height: (h + 2 * pad) / f } };
}

async function withLandmarks(input: DetectionInput, found: readonly ScoredBox[], bounds: Rect): Promise<FoundFace[]> {
  const landmarks = await landmarksOf(input.bitmap, found.map((f) => f.box), bounds);
  return found.flatMap((f, i) => {
    const l = landmarks[i];
    return l ? [{ box: f.box, score: f.score, landmarks: l }] : [];
  });
}

/** Runs one detection stage on the small picture; boxes and landmarks come back in bitmap pixels. */
export async function runStage(input: DetectionInput, stage: DetectionStage): Promise<FoundFace[]> {
  const { found, bounds } = await findBoxes(input, stage);
  return withLandmarks(input, found, bounds);
}

/**
 * Every face in the photo; `stage` says which detector found them (null when none did). Landmarks are
 * found once per face kept, after tiny's and SSD's boxes are merged.
 */
export async function detectFaces(input: DetectionInput): Promise<{ faces: FoundFace[]; stage: string | null }> {
  const first = FIRST_STAGE;
  const quick = await findBoxes(input, first);
  const { width, height } = input.bitmap;
  if (tinyIsEnough(quick.found, width, height)) {
    return { faces: await withLandmarks(input, quick.found, quick.bounds), stage: first.name };
  }
  const ssd = await findBoxes(input, SSD_STAGE); // same borders as tiny's: neither is padded
  const both = await withLandmarks(input, unionOfFaces(ssd.found, quick.found), ssd.bounds);
  if (both.length > 0) return { faces: both, stage: quick.found.length > 0 ? `${first.name}+ssd` : SSD_STAGE.name };
  for (const fallback of FALLBACK_STAGES) {
    const faces = await runStage(input, fallback);
    if (faces.length > 0) return { faces, stage: fallback.name };
  }
  return { faces: [], stage: null };
}
