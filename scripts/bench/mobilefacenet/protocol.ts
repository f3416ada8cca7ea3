/** What the MobileFaceNet benchmark worker (worker.ts) exposes; types only, shared with the Node scripts. */

export interface SpeedFigures {
  backend: string;
  /** ms per chip at each batch size. */
  mobilefacenet: Record<string, number>;
  faceapi: Record<string, number>;
  /** onnxruntime-web: ms per chip (batch 1) and the largest difference from the app's encoding of one chip. */
  ort: Record<string, number> | { error: string };
}

export interface MfnBenchWorker {
  init(options: { backend: 'wasm' | 'webgl' | 'cpu'; modelsUrl: string; wasmUrl: string }): Promise<{ backend: string; loadMs: number; tensors: number }>;
  speed(options: { batches: number[]; reps: number; ortModelUrl: string | null; ortWasmUrl: string }): Promise<SpeedFigures>;
  memory(): Promise<number>;
}
