/**
 * Finding every face: the Tiny Face Detector first, SSD MobileNet v1 where tiny found nothing or found a
 * small face (see detection-policy.ts for why and the costs); when neither finds anything, the fallback
 * stages below are tried in order before a photo is called faceless. Each stage's effect was measured with
 * `npm run bench:lfw` and `npm run bench:throughput` (see README). A stage reads the boxes of a detector
 * run — a detector module (models/, typed by its settings) with its settings — above its own score, and each
 * run happens at most once per photo: a new detector is a new module there.
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

/**
 * One pass of a detector net over the photo: its settings, at the lowest score any stage takes from it, and
 * the border added around the photo (a fraction of its longer side: faces cut by the edge).
 */
export interface DetectorRun {
  name: string;
  pad: number;
  /** The lowest score this run keeps (the net's own threshold). */
  minScore: number;
  detect(input: tf.Tensor3D): Promise<ScoredBox[]>;
}

/** A detection stage: the boxes of one run scored above `minScore`. */
export interface DetectionStage {
  name: string;
  run: DetectorRun;
  minScore: number;
}

/** A run of `detector` with `settings`, whose threshold is `minScore`, on the photo padded by `pad`. */
function detectorRun<Settings>(name: string, detector: Detector<Settings>, settings: Settings, minScore: number, pad = 0): DetectorRun {
  return { name, pad, minScore, detect: (input) => detector.detect(input, settings) };
}

const tinyRun = (inputSize: number, score: number): DetectorRun =>
  detectorRun(`tiny-${inputSize}`, tinyFaceDetector, { inputSize, scoreThreshold: score }, score);
const ssdRun = (score: number, pad = 0): DetectorRun =>
  detectorRun(pad > 0 ? 'ssd-padded' : 'ssd', ssdMobilenetV1, { minConfidence: score }, score, pad);

/**
 * Both detectors keep a box when its score is above the threshold, and their non-maximum suppression lets a
 * box remove only boxes scored lower than itself: so the boxes above 0.5 of a run at 0.2 are exactly the
 * boxes of a run at 0.5, in the same order. A stage that only lowers the score of an earlier one therefore
 * shares its run: one SSD pass serves `ssd` and `ssd-low`, one tiny pass at 320 the first look and the last
 * fallback but one (a photo without a face costs ~0.3 s less).
 */
const TINY_320 = tinyRun(TINY_INPUT_SIZE, 0.2);
const SSD = ssdRun(0.3);

/** The first look: tiny at 320 (detection-policy.ts). */
const FIRST_STAGE: DetectionStage = { name: `tiny-${TINY_INPUT_SIZE}`, run: TINY_320, minScore: TINY_SCORE };

/** SSD at face-api's usual confidence: the plain usage's detector, and the app's second look. */
export const SSD_STAGE: DetectionStage = { name: 'ssd', run: SSD, minScore: 0.5 };

/**
 * Tried in order only when tiny and SSD found nothing. On LFW (npm run bench:lfw) SSD at 0.5 missed
 * ~10% of the photos; a lower score and a padded photo (faces cut by the edge) recover most; SSD found
 * nothing at any score in the rest, where the Tiny Face Detector at a modest input size did.
 */
export const FALLBACK_STAGES: readonly DetectionStage[] = [
  { name: 'ssd-low', run: SSD, minScore: 0.3 },
  { name: 'ssd-padded', run: ssdRun(0.3, 0.2), minScore: 0.3 },
  ...[tinyRun(608, 0.3), tinyRun(416, 0.2), TINY_320, tinyRun(224, 0.2)].map((run) => ({ name: run.name, run, minScore: run.minScore })),
];

for (const stage of [FIRST_STAGE, SSD_STAGE, ...FALLBACK_STAGES]) {
  if (stage.minScore < stage.run.minScore) throw new Error(`stage ${stage.name} asks for scores its run (${stage.run.name}) drops`);
}

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

interface RunBoxes {
  found: ScoredBox[];
  /** The input's borders, in bitmap pixels (for the landmark crops). */
  bounds: Rect;
}

/** One detector run's boxes, in bitmap pixels. */
async function runDetector(input: DetectionInput, run: DetectorRun): Promise<RunBoxes> {
  const [h, w] = input.tensor.shape;
  const pad = Math.round(Math.max(w, h) * run.pad);
  const padded = pad > 0 ? tf.pad(input.tensor, [[pad, pad], [pad, pad], [0, 0]]) : input.tensor;
  let detections: ScoredBox[];
  try {
    detections = await run.detect(padded);
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

/** A stage's boxes on one photo; each detector run happens once per photo, however many stages read it. */
function stageReader(input: DetectionInput): (stage: DetectionStage) => Promise<RunBoxes> {
  const runs = new Map<DetectorRun, Promise<RunBoxes>>();
  return async (stage) => {
    let run = runs.get(stage.run);
    if (!run) {
      run = runDetector(input, stage.run);
      runs.set(stage.run, run);
    }
    const { found, bounds } = await run;
    return { found: found.filter((f) => f.score > stage.minScore), bounds };
  };
}

async function withLandmarks(input: DetectionInput, found: readonly ScoredBox[], bounds: Rect): Promise<FoundFace[]> {
  const landmarks = await landmarksOf(input.bitmap, found.map((f) => f.box), bounds);
  return found.flatMap((f, i) => {
    const l = landmarks[i];
    return l ? [{ box: f.box, score: f.score, landmarks: l }] : [];
  });
}

/**
 * Every face in the photo; `stage` says which detector found them (null when none did). Landmarks are
 * found once per face kept, after tiny's and SSD's boxes are merged.
 */
export async function detectFaces(input: DetectionInput): Promise<{ faces: FoundFace[]; stage: string | null }> {
  const boxesOf = stageReader(input);
  const quick = await boxesOf(FIRST_STAGE);
  const { width, height } = input.bitmap;
  if (tinyIsEnough(quick.found, width, height)) {
    return { faces: await withLandmarks(input, quick.found, quick.bounds), stage: FIRST_STAGE.name };
  }
  const ssd = await boxesOf(SSD_STAGE); // same borders as tiny's: neither is padded
  const both = await withLandmarks(input, unionOfFaces(ssd.found, quick.found), ssd.bounds);
  if (both.length > 0) return { faces: both, stage: quick.found.length > 0 ? `${FIRST_STAGE.name}+ssd` : SSD_STAGE.name };
  for (const fallback of FALLBACK_STAGES) {
    const { found, bounds } = await boxesOf(fallback);
    const faces = await withLandmarks(input, found, bounds);
    if (faces.length > 0) return { faces, stage: fallback.name };
  }
  return { faces: [], stage: null };
}
