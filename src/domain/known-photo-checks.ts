/**
 * What to do with a photo dropped as a known person's photo, before it is stored. Pure: no DOM, no tfjs.
 *
 * Refused: no face found; the same file (same SHA-256) is already known or was already taken from the
 * same drop. Accepted, with warnings: several faces (the largest is used), a face narrower than
 * SMALL_FACE_WIDTH pixels (measured between the jaw's ends, which does not depend on which detector drew
 * the box), a face whose sharpness is under BLURRY_FACE_SHARPNESS.
 * Every message names the file, so it can stand alone as a notice.
 */
import type { Box } from './types';
import { BLURRY_FACE_SHARPNESS, SMALL_FACE_WIDTH } from './types';

/** The parts of a face the checks read (a DetectedFace fits). */
export interface CheckedFace {
  box: Box;
  sharpness: number;
  /** The 68 landmarks, photo pixels (iBUG order: the jaw runs from 0 to 16). */
  landmarks?: ReadonlyArray<readonly [number, number]>;
}

/**
 * A face's width in photo pixels: from jaw end to jaw end (landmarks 0 and 16) when the landmarks are
 * known, otherwise the detector's box width (each detector draws boxes of its own size).
 */
export function faceWidth(face: CheckedFace): number {
  const left = face.landmarks?.[0];
  const right = face.landmarks?.[16];
  return left && right ? Math.hypot(right[0] - left[0], right[1] - left[1]) : face.box.width;
}

/** The parts of a photo's analysis the checks read (a PhotoAnalysis fits). */
export interface CheckedPhoto<F extends CheckedFace = CheckedFace> {
  faces: readonly F[];
  sha256: string;
}

export type KnownPhotoWarningCode = 'several-faces' | 'small-face' | 'blurry';
export type KnownPhotoRefusalCode = 'no-face' | 'duplicate';

export interface KnownPhotoMessage<C extends string> {
  code: C;
  /** A sentence for the user that names the file. */
  message: string;
}

export type KnownPhotoVerdict<F extends CheckedFace = CheckedFace> =
  | { accepted: false; refusal: KnownPhotoMessage<KnownPhotoRefusalCode> }
  | { accepted: true; face: F; warnings: Array<KnownPhotoMessage<KnownPhotoWarningCode>> };

export interface KnownPhotoContext {
  /** How the file is named in messages ('alice/1.jpg' or 'alice.jpg'). */
  label: string;
  /** The person the photo will be filed under. */
  name: string;
  /** Whether a known face already comes from a file with this hex SHA-256 (stored or earlier in the drop). */
  isKnownSha256: (sha256: string) => boolean;
}

/** The face with the largest box area; the first of equals; undefined when there are none. */
export function largestFace<F extends CheckedFace>(faces: readonly F[]): F | undefined {
  let best: F | undefined;
  for (const face of faces) {
    if (!best || face.box.width * face.box.height > best.box.width * best.box.height) best = face;
  }
  return best;
}

/** Judges one analysed known-person photo; see the module comment for the rules. */
export function checkKnownPhoto<F extends CheckedFace>(photo: CheckedPhoto<F>, context: KnownPhotoContext): KnownPhotoVerdict<F> {
  const { label, name } = context;
  if (context.isKnownSha256(photo.sha256)) {
    return { accepted: false, refusal: { code: 'duplicate', message: `${label} is already known — skipped.` } };
  }
  const face = largestFace(photo.faces);
  if (!face) {
    return { accepted: false, refusal: { code: 'no-face', message: `No face found in ${label} — not added.` } };
  }
  const warnings: Array<KnownPhotoMessage<KnownPhotoWarningCode>> = [];
  if (photo.faces.length > 1) {
    warnings.push({
      code: 'several-faces',
      message: `${label} has ${photo.faces.length} faces; used the largest for "${name}".`,
    });
  }
  const width = Math.round(faceWidth(face));
  if (faceWidth(face) < SMALL_FACE_WIDTH) {
    warnings.push({
      code: 'small-face',
      message: `Added ${label}, but the face is only ${width} px wide; a larger photo will recognise better.`,
    });
  }
  if (Number.isFinite(face.sharpness) && face.sharpness < BLURRY_FACE_SHARPNESS) {
    warnings.push({
      code: 'blurry',
      message: `Added ${label}, but the face looks blurry; a sharper photo will recognise better.`,
    });
  }
  return { accepted: true, face, warnings };
}
