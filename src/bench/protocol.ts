/** The contract between the benchmark page (harness.ts, client.ts) and the benchmark worker (bench.worker.ts). */
import { joinEncodings } from '../domain/distance';
import { MODEL_ID } from '../domain/model-id';
import type { EngineInfo, EngineOptions } from '../ml/protocol';

/** face-api's part of the app's encoding in the benchmarks' variant names (MODEL_ID.crop; variants.ts reads it). */
export const APP_ENCODING_VARIANT: string = MODEL_ID.crop;
/** MobileFaceNet's part of the app's encoding, as a variant name (recipes.ts's arcFaceRecipe). */
export const ARCFACE_VARIANT = 'arcface';
/** Every part of the app's encoding, in ENCODING_PARTS order: `appEncoding` joins them. */
export const APP_VARIANTS: readonly string[] = [APP_ENCODING_VARIANT, ARCFACE_VARIANT];

/** The app's (fused) encoding of a benchmark face, from its APP_VARIANTS encodings. */
export function appEncoding(face: BenchFace): Float32Array {
  return joinEncodings(APP_VARIANTS.map((v) => {
    const e = face.encodings[v];
    if (!e) throw new Error(`the benchmark did not ask for ${v}`);
    return e;
  }));
}

/** What a benchmark asks of one photo: crop variants (`<crop>[+mirror][+jitter<N>]`, see variants.ts), plain usage or not. */
export interface BenchRequest {
  variants: readonly string[];
  plain: boolean;
}

export interface BenchFace {
  box: { x: number; y: number; width: number; height: number };
  /** The 68 landmarks, photo pixels. */
  landmarks: Array<[number, number]>;
  /** One encoding per variant asked for. */
  encodings: Record<string, Float32Array>;
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

/** What the benchmark worker exposes through Comlink. */
export interface BenchEngine {
  init(options: EngineOptions): Promise<EngineInfo>;
  analyzeForBenchmark(file: Blob, request: BenchRequest): Promise<BenchAnalysis>;
}
