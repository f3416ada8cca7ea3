/**
 * Face chips the way the recognition network was trained (dlib style): the face mapped by a similarity
 * transform (rotation, scale, shift) into a 150x150 square. The app's transform, `eyesMouthTransform`,
 * makes the eye centres level and puts their centroid with the mouth's at a fixed place; the benchmarks'
 * other crops (a fit onto a mean face, src/bench/variants.ts) were no better on LFW's View 1 (README).
 */

export const CHIP_SIZE = 150;

export type Point = readonly [number, number];

/** A similarity transform from photo pixels to chip pixels: u = a·x − b·y + tx, v = b·x + a·y + ty. */
export interface ChipTransform {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

function mean(points: ReadonlyArray<Point>, from: number, to: number): Point {
  let x = 0;
  let y = 0;
  for (let i = from; i < to; i++) {
    const p = points[i];
    if (!p) throw new Error('68 landmarks expected');
    x += p[0];
    y += p[1];
  }
  const n = to - from;
  return [x / n, y / n];
}

/** Least-squares similarity transform taking `from[i]` onto `to[i]` (closed form; no reflection):
 * the benchmarks' template chip and the second recognizer's ArcFace alignment use it. */
export function fitSimilarity(from: ReadonlyArray<Point>, to: ReadonlyArray<Point>): ChipTransform {
  const n = Math.min(from.length, to.length);
  if (n < 2) throw new Error('at least two points are needed');
  let fx = 0, fy = 0, tx = 0, ty = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i]![0];
    fy += from[i]![1];
    tx += to[i]![0];
    ty += to[i]![1];
  }
  fx /= n; fy /= n; tx /= n; ty /= n;
  let norm = 0, dot = 0, cross = 0;
  for (let i = 0; i < n; i++) {
    const x = from[i]![0] - fx;
    const y = from[i]![1] - fy;
    const u = to[i]![0] - tx;
    const v = to[i]![1] - ty;
    norm += x * x + y * y;
    dot += x * u + y * v;
    cross += x * v - y * u;
  }
  const a = dot / Math.max(1e-12, norm);
  const b = cross / Math.max(1e-12, norm);
  return { a, b, tx: tx - (a * fx - b * fy), ty: ty - (b * fx + a * fy) };
}

/** Where the centroid of (left eye, right eye, mouth) sits in the chip, as a fraction of its side. */
const EYES_MOUTH_CENTRE: Point = [0.5, 0.43];
/** Mean eye-to-mouth distance as a fraction of the chip's side. */
const EYE_TO_MOUTH = 0.45;

/** The chip from the eye and mouth centres (iBUG order: eyes 36-47, mouth 48-67). */
export function eyesMouthTransform(landmarks: ReadonlyArray<Point>): ChipTransform {
  const leftEye = mean(landmarks, 36, 42);
  const rightEye = mean(landmarks, 42, 48);
  const mouth = mean(landmarks, 48, 68);
  const dist = (p: Point, q: Point) => Math.hypot(p[0] - q[0], p[1] - q[1]);
  const eyeToMouth = (dist(leftEye, mouth) + dist(rightEye, mouth)) / 2;
  const angle = Math.atan2(rightEye[1] - leftEye[1], rightEye[0] - leftEye[0]);
  const k = (CHIP_SIZE * EYE_TO_MOUTH) / Math.max(1e-6, eyeToMouth);
  const a = k * Math.cos(-angle);
  const b = k * Math.sin(-angle);
  const cx = (leftEye[0] + rightEye[0] + mouth[0]) / 3;
  const cy = (leftEye[1] + rightEye[1] + mouth[1]) / 3;
  return { a, b, tx: CHIP_SIZE * EYES_MOUTH_CENTRE[0] - (a * cx - b * cy), ty: CHIP_SIZE * EYES_MOUTH_CENTRE[1] - (b * cx + a * cy) };
}

/** A small perturbation of the chip, for jittered encodings (dlib's num_jitters). */
export interface Jitter {
  /** Shift as a fraction of the chip side. */
  dx: number;
  dy: number;
  /** Scale factor (>1 zooms in). */
  scale: number;
  /** Extra rotation, radians. */
  rotate: number;
  mirror: boolean;
}

export const NO_JITTER: Jitter = { dx: 0, dy: 0, scale: 1, rotate: 0, mirror: false };
export const MIRROR: Jitter = { ...NO_JITTER, mirror: true };

/**
 * Deterministic jitters: small shifts, zooms and rotations like dlib's jitter_image, some of them mirrored,
 * so that the same photo always gives the same encoding. At most 7 (MAX_JITTER in src/domain/settings.ts);
 * the plain mirror image is not among them (every recipe of the app has it already).
 */
export function jitterSet(count: number): Jitter[] {
  const base: Jitter[] = [
    { dx: 0.02, dy: 0.0, scale: 1.0, rotate: 0.03, mirror: false },
    { dx: -0.02, dy: 0.01, scale: 1.04, rotate: -0.03, mirror: true },
    { dx: 0.0, dy: -0.02, scale: 0.96, rotate: 0.0, mirror: false },
    { dx: 0.01, dy: 0.02, scale: 1.02, rotate: -0.05, mirror: true },
    { dx: -0.01, dy: -0.01, scale: 0.98, rotate: 0.05, mirror: false },
    { dx: 0.02, dy: 0.02, scale: 1.06, rotate: 0.02, mirror: true },
    { dx: -0.02, dy: -0.02, scale: 0.94, rotate: -0.02, mirror: false },
  ];
  return base.slice(0, Math.max(0, Math.min(count, base.length)));
}

/** Draws the chip (optionally jittered about its centre) from `source` and returns its pixels. */
export function drawChip(
  ctx: OffscreenCanvasRenderingContext2D,
  source: CanvasImageSource,
  t: ChipTransform,
  jitter: Jitter = NO_JITTER,
  size: number = CHIP_SIZE,
): ImageData {
  const s = size;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, s, s);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  // Jitter in chip space, about the centre: shift, mirror, zoom, rotate; then the face transform.
  ctx.translate(s * (0.5 + jitter.dx), s * (0.5 + jitter.dy));
  if (jitter.mirror) ctx.scale(-1, 1);
  ctx.scale(jitter.scale, jitter.scale);
  ctx.rotate(-jitter.rotate);
  ctx.translate(-s / 2, -s / 2);
  ctx.transform(t.a, t.b, -t.b, t.a, t.tx, t.ty);
  ctx.drawImage(source, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return ctx.getImageData(0, 0, s, s);
}
