/**
 * Domain types shared by every layer. Pure data: no DOM, no tfjs.
 * Coordinates are pixels in the photo as displayed (EXIF orientation applied).
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A 128-number face encoding from the recognition network. */
export type Encoding = Float32Array;

/** One face found in a photo. */
export interface DetectedFace {
  box: Box;
  /** Detector confidence, 0..1. */
  score: number;
  encoding: Encoding;
  /** The 68 landmark points (x, y pairs) in the photo's pixels. */
  landmarks: ReadonlyArray<readonly [number, number]>;
  /**
   * Sharpness of the aligned face chip: variance of its Laplacian on 0..255 grey levels. Under
   * BLURRY_FACE_SHARPNESS a face is too blurry to make a good known photo.
   */
  sharpness: number;
  /** A small JPEG of the face, cut in the worker (results stored before face crops have none). */
  crop?: Blob;
}

/** Faces narrower than this (pixels) make poor known photos: the user is warned. */
export const SMALL_FACE_WIDTH = 40;
/** Aligned chips whose Laplacian variance is below this are called blurry. */
export const BLURRY_FACE_SHARPNESS = 40;

/** A known face: one encoding that belongs to a named person. */
export interface KnownFace {
  id: string;
  name: string;
  encoding: Encoding;
}

/** The label the tutorial's tool prints for a face nobody knows. */
export const UNKNOWN_PERSON = 'unknown_person';
/** The label the tutorial's tool prints for a photo without faces. */
export const NO_PERSONS_FOUND = 'no_persons_found';

/** Euclidean distance at or under which two encodings are the same person (dlib / face_recognition default). */
export const DEFAULT_TOLERANCE = 0.6;

/** What one face was matched to. */
export interface FaceLabel {
  /** A known person's name, or UNKNOWN_PERSON. */
  name: string;
  /** Distance to the person named (nearest person: mean of their nearest known faces, see matching.ts); null when nobody is known. */
  distance: number | null;
}

/** Where a photo to recognise is in the pipeline. */
export type PhotoStatus = 'queued' | 'working' | 'done' | 'no-face' | 'unreadable' | 'cancelled';

/** Tolerance slider range. */
export const MIN_TOLERANCE = 0.3;
export const MAX_TOLERANCE = 0.8;

/** Extra jittered encodings per known photo by default (see AnalyzeOptions.jitter); set by measurement. */
export const DEFAULT_KNOWN_JITTER = 0;
