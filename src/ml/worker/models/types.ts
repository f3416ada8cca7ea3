/**
 * The shapes every model module has (see index.ts for how to add one). Types only: importing this file
 * loads no model code, so Node scripts (scripts/model-assets.ts) can read the registry.
 */
import type { Tensor3D } from '@tensorflow/tfjs-core';

/** Where a model's weight files come from: a folder inside an npm package (copied to the site's models/). */
export interface ModelSource {
  /** npm package that ships the weights. */
  package: string;
  /** Folder inside the package. */
  dir: string;
  /**
   * The package ships another format, converted at build time (scripts/onnx-to-tfjs.ts writes `assets`):
   * the name of the file converted, inside `dir`.
   */
  convertedFrom?: string;
}

/** A model's descriptor plus its life cycle. Every model module exports one object of this shape (or wider). */
export interface ModelModule {
  /** Stable name (also the weight files' prefix for face-api's nets). */
  readonly id: string;
  /** Weight files the model loads from the site's models/ folder: copied there at build time, precached. */
  readonly assets: readonly string[];
  readonly source: ModelSource;
  /** Loads the weights from `modelsUrl` (ends with '/'). Idempotent: a second call returns the first load. */
  load(modelsUrl: string): Promise<void>;
  /** Runs once on a blank 160×160 picture after loading, so the first photo pays no kernel set-up. */
  warmUp(blank: Tensor3D): Promise<void>;
  /** Frees the weights (e.g. after a GPU reset); the next load() loads them again. */
  dispose(): void;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One face a detector found, in the input tensor's pixels. */
export interface ScoredBox {
  box: Rect;
  score: number;
}

/** A face detector: boxes and scores on a picture; `Settings` are its knobs (score threshold, input size…). */
export interface Detector<Settings> extends ModelModule {
  readonly kind: 'detector';
  detect(input: Tensor3D, settings: Settings): Promise<ScoredBox[]>;
}

/** A landmark net: the 68 iBUG points of the face in `crop`, in the crop's pixels. */
export interface Landmarker extends ModelModule {
  readonly kind: 'landmarks';
  run(crop: Tensor3D): Promise<Array<readonly [number, number]>>;
}

/** A recognition net: one encoding per aligned face chip, in order. */
export interface Recognizer extends ModelModule {
  readonly kind: 'recognizer';
  /** Side of the square chip the net is fed, pixels. */
  readonly chipSize: number;
  /** Numbers in one encoding. */
  readonly encodingLength: number;
  /** Chips (RGBA pixels, chipSize × chipSize) per call of the network; `run` splits longer lists. */
  readonly batch: number;
  run(chips: readonly ImageData[]): Promise<Float32Array[]>;
}

export type AnyModel = Detector<never> | Landmarker | Recognizer;
