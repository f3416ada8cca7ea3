/**
 * Face chips the way the recognition network was trained (dlib style): a square around the eye and mouth
 * centres, rotated so the eyes are level, 150x150. face-api's own crop is axis-aligned, so tilted heads
 * reach the network tilted; the rotation-corrected chip is what closed most of the accuracy gap on LFW.
 */

export const CHIP_SIZE = 150;
/** Where the centroid of (left eye, right eye, mouth) sits in the chip, as a fraction of its side. */
const CENTRE_X = 0.5;
const CENTRE_Y = 0.43;
/** Mean eye-to-mouth distance as a fraction of the chip's side (face-api's dlib alignment constants). */
const EYE_TO_MOUTH = 0.45;

export type Point = readonly [number, number];

export interface ChipGeometry {
  /** Centroid of the eyes and mouth, in source pixels. */
  cx: number;
  cy: number;
  /** Roll of the eye line, radians. */
  angle: number;
  /** Side of the square the chip covers, in source pixels. */
  side: number;
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

/** Geometry of the chip from the 68 landmarks (iBUG order: eyes 36-47, mouth 48-67). */
export function chipGeometry(landmarks: ReadonlyArray<Point>): ChipGeometry {
  const leftEye = mean(landmarks, 36, 42);
  const rightEye = mean(landmarks, 42, 48);
  const mouth = mean(landmarks, 48, 68);
  const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  const eyeToMouth = (dist(leftEye, mouth) + dist(rightEye, mouth)) / 2;
  return {
    cx: (leftEye[0] + rightEye[0] + mouth[0]) / 3,
    cy: (leftEye[1] + rightEye[1] + mouth[1]) / 3,
    angle: Math.atan2(rightEye[1] - leftEye[1], rightEye[0] - leftEye[0]),
    side: Math.max(1, eyeToMouth / EYE_TO_MOUTH),
  };
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

/**
 * Deterministic jitters: small shifts, zooms and rotations like dlib's jitter_image, half of them mirrored,
 * so that the same photo always gives the same encoding.
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
    { dx: 0.0, dy: 0.0, scale: 1.0, rotate: 0.0, mirror: true },
  ];
  return base.slice(0, Math.max(0, Math.min(count, base.length)));
}

/** Draws the chip (optionally jittered) from `source` into a CHIP_SIZE square and returns its pixels. */
export function drawChip(
  ctx: OffscreenCanvasRenderingContext2D,
  source: CanvasImageSource,
  geometry: ChipGeometry,
  jitter: Jitter = NO_JITTER,
): ImageData {
  const s = CHIP_SIZE;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, s, s);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.translate(s * (CENTRE_X + jitter.dx), s * (CENTRE_Y + jitter.dy));
  if (jitter.mirror) ctx.scale(-1, 1);
  ctx.scale((s / geometry.side) * jitter.scale, (s / geometry.side) * jitter.scale);
  ctx.rotate(-(geometry.angle + jitter.rotate));
  ctx.translate(-geometry.cx, -geometry.cy);
  ctx.drawImage(source, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return ctx.getImageData(0, 0, s, s);
}
