/**
 * ArcFace 5-point alignment for the second recognizer (models/mobilefacenet.ts): the least-squares similarity
 * (rotation, uniform scale, shift; never a reflection — Umeyama's estimate, which in the plane has the
 * closed form of align.ts's fitSimilarity) taking five points of face-api's 68 landmarks onto InsightFace's
 * standard 112×112 template (the chip is drawn by align.ts's drawChip at 112 pixels).
 *
 * The five points (iBUG 68 order): the eye centres (mean of 36–41 and of 42–47), the nose tip (30) and the
 * mouth corners (48, 54), in the photo's order left to right as the template has them.
 */
import { fitSimilarity, type ChipTransform, type Point } from './align';

export const ARCFACE_CHIP_SIZE = 112;

/**
 * InsightFace's template (arcface_dst), in pixel-index coordinates of the 112×112 chip, as cv2.warpAffine
 * uses them: left eye, right eye, nose tip, left and right mouth corner.
 */
export const ARCFACE_TEMPLATE: ReadonlyArray<Point> = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

function meanOf(landmarks: ReadonlyArray<Point>, from: number, to: number): Point {
  let x = 0;
  let y = 0;
  for (let i = from; i < to; i++) {
    const p = landmarks[i];
    if (!p) throw new Error('68 landmarks expected');
    x += p[0];
    y += p[1];
  }
  return [x / (to - from), y / (to - from)];
}

function at(landmarks: ReadonlyArray<Point>, i: number): Point {
  const p = landmarks[i];
  if (!p) throw new Error('68 landmarks expected');
  return p;
}

/** The five ArcFace points from the 68 landmarks. */
export function arcFacePoints(landmarks: ReadonlyArray<Point>): [Point, Point, Point, Point, Point] {
  if (landmarks.length !== 68) throw new Error(`68 landmarks expected, got ${landmarks.length}`);
  return [meanOf(landmarks, 36, 42), meanOf(landmarks, 42, 48), at(landmarks, 30), at(landmarks, 48), at(landmarks, 54)];
}

/**
 * The similarity from photo coordinates (continuous: a pixel's centre at +0.5, as the landmarks and a
 * canvas use them) to chip coordinates (continuous too: the template's pixel indices + 0.5).
 */
export function arcFaceTransform(landmarks: ReadonlyArray<Point>): ChipTransform {
  return fitSimilarity(
    arcFacePoints(landmarks),
    ARCFACE_TEMPLATE.map(([x, y]) => [x + 0.5, y + 0.5] as const),
  );
}
