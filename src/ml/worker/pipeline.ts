/**
 * The face pipeline for one decoded photo — the only one: the app's analyze() (face.worker.ts) and the
 * benchmark worker (src/bench/bench.worker.ts) both call `analyzePhoto`.
 *   detect every face (Tiny Face Detector first, SSD MobileNet v1 where needed, fallbacks; detect.ts) →
 *   68 landmarks → per recipe, rotation-corrected 150x150 chips (dlib style; align.ts) →
 *   one encoding per recipe: the mean of its chips' encodings (the app's recipe: the chip and its mirror
 *   image, + optional jitters for known photos).
 * Boxes and landmarks come back in the photo's own pixels, faces left to right.
 */
import type { Box } from '../../domain/types';
import { CHIP_SIZE, drawChip, NO_JITTER, type Recipe } from './align';
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
}

export interface PipelineResult {
  faces: PipelineFace[];
  /** Which detection stage found the faces (null: none). */
  stage: string | null;
}

/** Every face of the photo, encoded by each recipe (the chips of all recipes go to the network together). */
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
  const chips: ImageData[] = [];
  const sharpness: number[] = [];
  for (const face of found) {
    for (const [r, recipe] of recipes.entries()) {
      const transform = recipe.transform(face.landmarks);
      for (const j of recipe.jitters) {
        const chip = drawChip(ctx, photo.bitmap, transform, j);
        if (r === 0 && j === NO_JITTER) sharpness.push(laplacianVariance(chip));
        chips.push(chip);
      }
    }
  }
  const encodings = await encodeChips(chips);
  let next = 0;
  const take = (n: number) => meanEncoding(encodings.slice(next, (next += n)));
  const faces = found
    .map((face, i) => ({
      box: toPhotoBox(face.box, photo.scale),
      score: face.score,
      landmarks: face.landmarks.map(([x, y]) => [x / photo.scale, y / photo.scale] as const),
      encodings: recipes.map((recipe) => take(recipe.jitters.length)),
      sharpness: sharpness[i] ?? 0,
    }))
    .sort((a, b) => a.box.x - b.box.x);
  return { faces, stage };
}

function toPhotoBox(box: Box, scale: number): Box {
  return { x: box.x / scale, y: box.y / scale, width: box.width / scale, height: box.height / scale };
}
