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
}

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
  /** Distance to the nearest known face of any person; null when nobody is known. */
  distance: number | null;
}

/** Where a photo to recognise is in the pipeline. */
export type PhotoStatus = 'queued' | 'working' | 'done' | 'no-face' | 'unreadable' | 'cancelled';
