/**
 * The face pipeline for one decoded photo — the only one: the app's analyze() (face.worker.ts) and the
 * benchmark worker (src/bench/bench.worker.ts) both call `analyzePhoto`.
 *   detect every face (Tiny Face Detector first, SSD MobileNet v1 where needed, fallbacks; detect.ts) →
 *   68 landmarks → per recipe (recipes.ts), its chips: face-api's rotation-corrected 150×150 chip (dlib
 *   style; align.ts) and its mirror image (+ optional jitters for known photos), MobileFaceNet's 112×112
 *   ArcFace chip (arcface-align.ts) → per recipe, the mean of its chips' encodings by its recognizer.
 * Boxes and landmarks come back in the photo's own pixels, faces left to right.
 */
import type { Box } from '../../domain/types';
import { drawChip, NO_JITTER } from './align';
import type { DecodedPhoto } from './decode';
import { detectFaces, detectionInput, type FoundFace } from './detect';
import { encodeChips, meanEncoding } from './encode';
import type { Recipe } from './recipes';
import { laplacianVariance } from './sharpness';

/** The largest chip any recognizer takes (the canvas chips are drawn on). */
const CANVAS_SIZE = 160;

let chipCanvas: OffscreenCanvasRenderingContext2D | null = null;
function chipContext(): OffscreenCanvasRenderingContext2D {
  if (!chipCanvas) {
    const ctx = new OffscreenCanvas(CANVAS_SIZE, CANVAS_SIZE).getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('2D canvas is not available in this browser');
    chipCanvas = ctx;
  }
  return chipCanvas;
}

export interface PipelineFace {
  box: Box;
  /** Detector confidence, 0..1. */
  score: number;
  /** The 68 landmarks, photo pixels. */
  landmarks: Array<readonly [number, number]>;
  /** One encoding per recipe asked for, in the order asked. */
  encodings: Float32Array[];
  /** Laplacian variance of the first recipe's un-jittered chip. */
  sharpness: number;
  /** Each recipe's un-jittered chip, in the order asked (known faces keep MobileFaceNet's as a JPEG). */
  chips: ImageData[];
}

export interface PipelineResult {
  faces: PipelineFace[];
  /** Which detection stage found the faces (null: none). */
  stage: string | null;
}

/** Every face of the photo, encoded by each recipe (each recipe's chips of all faces go to its network together). */
export async function analyzePhoto(photo: DecodedPhoto, recipes: readonly Recipe[]): Promise<PipelineResult> {
  if (recipes.length === 0) throw new Error('at least one encoding recipe is needed');
  const input = detectionInput(photo.bitmap);
  let found: FoundFace[];
  let stage: string | null;
  try {
    ({ faces: found, stage } = await detectFaces(input));
  } finally {
    input.tensor.dispose();
  }
  const ctx = chipContext();
  // Per recipe, every face's chips in order (face 0's jitters, face 1's…): one list per network call.
  const chips: ImageData[][] = recipes.map(() => []);
  const sharpness: number[] = [];
  const plainChips: ImageData[][] = [];
  for (const face of found) {
    const mine: ImageData[] = [];
    plainChips.push(mine);
    for (const [r, recipe] of recipes.entries()) {
      const size = recipe.recognizer.chipSize;
      if (size > CANVAS_SIZE) throw new Error(`${recipe.recognizer.id} takes ${size}-pixel chips; the chip canvas is ${CANVAS_SIZE}`);
      const transform = recipe.transform(face.landmarks);
      for (const j of recipe.jitters) {
        const chip = drawChip(ctx, photo.bitmap, transform, j, size);
        if (j === NO_JITTER) {
          if (r === 0) sharpness.push(laplacianVariance(chip));
          mine.push(chip);
        }
        chips[r]!.push(chip);
      }
    }
  }
  const perRecipe: Float32Array[][] = [];
  for (const [r, recipe] of recipes.entries()) {
    const encoded = await encodeChips(recipe.recognizer, chips[r]!);
    const n = recipe.jitters.length;
    perRecipe.push(found.map((_, i) => meanEncoding(encoded.slice(i * n, (i + 1) * n))));
  }
  const faces = found
    .map((face, i) => ({
      box: toPhotoBox(face.box, photo.scale),
      score: face.score,
      landmarks: face.landmarks.map(([x, y]) => [x / photo.scale, y / photo.scale] as const),
      encodings: perRecipe.map((encodings) => encodings[i]!),
      sharpness: sharpness[i] ?? 0,
      chips: plainChips[i]!,
    }))
    .sort((a, b) => a.box.x - b.box.x);
  return { faces, stage };
}

function toPhotoBox(box: Box, scale: number): Box {
  return { x: box.x / scale, y: box.y / scale, width: box.width / scale, height: box.height / scale };
}
