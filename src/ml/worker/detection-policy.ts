/**
 * The pure decisions of tiny-first detection (no tfjs here, unit-tested): when the Tiny Face Detector's
 * answer is trusted alone, and how its faces join SSD's when SSD runs too.
 *
 * Why tiny first (`npm run bench:stages`, WASM, 2 cores): SSD MobileNet v1 costs ~280–380 ms on any photo (it
 * always works at 512x512); the Tiny Face Detector ~38 ms at 320 as face-api runs it, ~21 ms as the app runs it
 * (models/tiny-backbone.ts, wasm-concat.ts). Tiny finds large
 * faces as well as SSD does, but misses small ones, so SSD still runs where tiny found nothing or found a
 * small face (a photo with one small face may hold smaller ones tiny cannot see).
 */

export interface BoxLike {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Tiny's input size. A face tiny is trusted with (>= 12% of the photo's side) is >= 38 px at 320, well
 * within what it finds; 416 cost ~30 ms more per photo while missing one in-the-wild face that 320 found
 * (`npm run bench:throughput`).
 */
export const TINY_INPUT_SIZE = 320;
/** Tiny's score threshold (face-api's default). */
export const TINY_SCORE = 0.5;
/** A face narrower than this share of the photo's longer side is "small": SSD looks at the photo too. */
export const SMALL_FACE_SHARE = 0.12;
/** Boxes overlapping more than this (intersection over union) are the same face. */
export const SAME_FACE_IOU = 0.3;

/** True when tiny's faces can be trusted alone: it found some, and none is small. */
export function tinyIsEnough(faces: readonly { box: BoxLike }[], width: number, height: number): boolean {
  if (faces.length === 0) return false;
  const side = Math.max(width, height);
  return faces.every((f) => f.box.width >= SMALL_FACE_SHARE * side);
}

export function iou(a: BoxLike, b: BoxLike): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** SSD's faces, plus every tiny face that SSD did not also find. */
export function unionOfFaces<T extends { box: BoxLike }>(ssd: readonly T[], tiny: readonly T[]): T[] {
  return [...ssd, ...tiny.filter((t) => ssd.every((s) => iou(s.box, t.box) <= SAME_FACE_IOU))];
}
