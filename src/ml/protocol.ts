/**
 * The contract between the UI thread and the face worker. Shared by src/ml/client.ts and
 * src/ml/worker/*: types and one constant (an error name), no DOM or tfjs, so both sides compile against it.
 */
import type { PhotoMetadata } from '../domain/face-regions';
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
  /** The file's SHA-256 (hex) when the caller already has it; the worker then does not hash it again. */
  sha256?: string;
  /** Also return a JPEG of the whole photo with its longer side at most this many pixels (a card's image). */
  preview?: number;
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
  /**
   * With the thumbnail: the largest face's aligned 112×112 ArcFace chip as a JPEG, kept with the known face
   * so that a later recognizer can encode known people again without their photos.
   */
  chip?: Blob | null;
  /** The photo, small (AnalyzeOptions.preview), when asked for. */
  preview?: Blob;
  /** Milliseconds of model work for this photo. */
  ms: number;
  /** The backend that ran this photo: differs from EngineInfo.backend after WebGL was lost mid-session. */
  backend?: BackendName;
  /** The photo's EXIF orientation and the named face regions its XMP carries (read by exifr). */
  metadata?: PhotoMetadata;
}

/** Error names the worker throws; Comlink keeps `name` across the boundary. */
export const UNREADABLE_IMAGE = 'UnreadableImageError';
/** The photo's header announces more pixels than the budget (src/domain/image-dimensions.ts). */
export const IMAGE_TOO_LARGE = 'ImageTooLargeError';
/** The photo crashed or hung its worker on every try (src/ml/client.ts). */
export const ANALYSIS_FAILED = 'AnalysisFailedError';

/** Browser tests only (reached through `?test-hooks`): what the worker does when it is handed this file. */
export interface WorkerFault {
  kind: 'hang' | 'crash';
  /** The File's name. */
  file: string;
}

/** What the worker exposes through Comlink. */
export interface FaceEngine {
  init(options: EngineOptions): Promise<EngineInfo>;
  analyze(file: Blob, options: AnalyzeOptions): Promise<PhotoAnalysis>;
  /** Memory where the models run (leak checks, benchmarks). */
  memory(): Promise<EngineMemory>;
  /** For tests: loses the WebGL context as a GPU reset would; false when WebGL is not running. */
  loseWebglContext(): Promise<boolean>;
  /** For tests: the next analysis of a file of this name hangs, or crashes the worker. */
  injectFault(fault: WorkerFault): Promise<void>;
  /** For tests: fetches a URL from the worker; 'blocked' when the request is refused (CSP). */
  testFetch(url: string): Promise<string>;
}

export interface EngineMemory {
  /** Live tfjs tensors and their bytes. */
  tensors: number;
  bytes: number;
  /** The worker's JS heap in use, where the browser tells it (Chrome's performance.memory), bytes. */
  jsHeap: number;
  /** The WASM backend's linear memory (it grows, never shrinks), bytes; 0 on other backends. */
  wasmHeap: number;
}
