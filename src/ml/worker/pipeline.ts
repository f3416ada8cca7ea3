/**
 * The face pipeline for one decoded photo:
 *   detect every face (Tiny Face Detector first, SSD MobileNet v1 where needed, fallbacks; detect.ts) →
 *   68 landmarks → a rotation-corrected 150x150 chip per face (dlib style; MODEL_ID.crop says which) →
 *   128-d encoding of the chip and of its mirror image, averaged (+ optional jitters for known photos).
 * Boxes and landmarks come back in the photo's own pixels, faces left to right.
 */
import type { Box, DetectedFace } from '../../domain/types';
import { APP_ENCODING_VARIANT } from '../protocol';
import { CHIP_SIZE, drawChip, jitterSet, NO_JITTER, parseVariant } from './align';
import type { DecodedPhoto } from './decode';
import { detectFaces, detectionInput, type FoundFace } from './detect';
import { encodeChips, meanEncoding } from './encode';
import { laplacianVariance } from './sharpness';

let chipCanvas: OffscreenCanvasRenderingContext2D | null = null;
function chipContext(): OffscreenCanvasRenderingContext2D {
  if (!chipCanvas) {
    const ctx = new OffscreenCanvas(CHIP_SIZE, CHIP_SIZE).getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('2D canvas is not available in this browser');
    chipCanvas = ctx;
  }
  return chipCanvas;
}

export interface PipelineOptions {
  /** Extra jittered encodings averaged in (0 = APP_ENCODING_VARIANT's alone). */
  jitter: number;
}

export async function detectAndEncode(photo: DecodedPhoto, options: PipelineOptions): Promise<DetectedFace[]> {
  const input = detectionInput(photo.bitmap);
  let found: FoundFace[];
  try {
    found = (await detectFaces(input)).faces;
  } finally {
    input.tensor.dispose();
  }
  const recipe = parseVariant(APP_ENCODING_VARIANT);
  const jitters = [...recipe.jitters, ...jitterSet(options.jitter)];
  const ctx = chipContext();
  const chips: ImageData[] = [];
  const sharpness: number[] = [];
  for (const face of found) {
    const transform = recipe.transform(face.landmarks);
    for (const j of jitters) {
      const chip = drawChip(ctx, photo.bitmap, transform, j);
      if (j === NO_JITTER) sharpness.push(laplacianVariance(chip));
      chips.push(chip);
    }
  }
  const encodings = await encodeChips(chips);
  const k = jitters.length;
  return found
    .map((face, i) => ({
      box: toPhotoBox(face.box, photo.scale),
      score: face.score,
      landmarks: face.landmarks.map(([x, y]) => [x / photo.scale, y / photo.scale] as const),
      encoding: meanEncoding(encodings.slice(i * k, i * k + k)),
      sharpness: sharpness[i] ?? 0,
    }))
    .sort((a, b) => a.box.x - b.box.x);
}

function toPhotoBox(box: Box, scale: number): Box {
  return { x: box.x / scale, y: box.y / scale, width: box.width / scale, height: box.height / scale };
}
