/**
 * The contract between the UI thread and the face worker. Shared by src/ml/client.ts and
 * src/ml/worker/*; holds types only, so both sides compile against it without DOM or tfjs.
 */
import type { DetectedFace } from '../domain/types';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export interface EngineOptions {
  /** Absolute URL of the folder that holds the model weight files (ends with '/'). */
  modelsUrl: string;
  /** Absolute URL of the folder that holds the tfjs .wasm binaries (ends with '/'). */
  wasmUrl: string;
  /** Forces a backend (from `?backend=`); otherwise the worker chooses. */
  backend?: BackendName | undefined;
}

export interface EngineInfo {
  backend: BackendName;
  /** Why this backend was chosen, in words a person can read. */
  reason: string;
  /** Unmasked WebGL renderer string, when one could be read. */
  renderer: string | null;
  /** Milliseconds from init() to models loaded and warmed up. */
  loadMs: number;
}

export interface AnalyzeOptions {
  /** Also return a JPEG thumbnail of the largest face (for known people). */
  thumbnail: boolean;
  /**
   * Encode each face this many extra times from slightly shifted, scaled and mirrored crops and average
   * (dlib's num_jitters). 0 = one pass. Meant for known people's photos.
   */
  jitter?: number;
}

export interface PhotoAnalysis {
  /** Size of the photo as displayed (EXIF orientation applied). */
  width: number;
  height: number;
  /** Every face found, sorted left to right. */
  faces: DetectedFace[];
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
  /** Thumbnail of the largest face, when asked for and a face was found. */
  thumbnail: Blob | null;
  /** Milliseconds of model work for this photo. */
  ms: number;
  /** The backend that ran this photo: differs from EngineInfo.backend after WebGL was lost mid-session. */
  backend?: BackendName;
}

/** Error names the worker throws; Comlink keeps `name` across the boundary. */
export const UNREADABLE_IMAGE = 'UnreadableImageError';

/** What the worker exposes through Comlink. */
export interface FaceEngine {
  init(options: EngineOptions): Promise<EngineInfo>;
  analyze(file: Blob, options: AnalyzeOptions): Promise<PhotoAnalysis>;
  /** tfjs memory in the worker: live tensors and their bytes (leak checks, benchmarks). */
  memory(): Promise<{ tensors: number; bytes: number }>;
  /** For tests: loses the WebGL context as a GPU reset would; false when WebGL is not running. */
  loseWebglContext(): Promise<boolean>;
}

/** Encodings of one face under each crop variant the benchmarks compare. */
export type EncodingVariant = 'unrotated' | 'aligned' | 'aligned+mirror' | 'aligned+mirror+jitter4';
export const ENCODING_VARIANTS: readonly EncodingVariant[] = ['unrotated', 'aligned', 'aligned+mirror', 'aligned+mirror+jitter4'];

export interface BenchFace {
  box: { x: number; y: number; width: number; height: number };
  encodings: Record<EncodingVariant, Float32Array>;
}

/** One photo seen by both pipelines, for the accuracy benchmarks (bench.html only). */
export interface BenchAnalysis {
  width: number;
  height: number;
  /** face-api's documented usage: SSD (0.5) → landmarks → descriptors with face-api's own crop. */
  plain: Array<{ box: BenchFace['box']; encoding: Float32Array }>;
  /** Which detection stage found the app's faces (null: none). */
  stage: string | null;
  app: BenchFace[];
}

/** The benchmark harness's extra door into the same worker. */
export interface BenchEngine extends FaceEngine {
  analyzeForBenchmark(file: Blob): Promise<BenchAnalysis>;
}
