/** What the MobileFaceNet benchmark worker (worker.ts) exposes; types only, shared with the Node scripts. */

export interface SpeedFigures {
  backend: string;
  /** ms per chip at each batch size. */
  mobilefacenet: Record<string, number>;
  faceapi: Record<string, number>;
  /** onnxruntime-web: ms per chip (batch 1) and the largest difference from the app's encoding of one chip. */
  ort: Record<string, number> | { error: string };
}

export interface FaceEncodings {
  /** face-api's 128-d encoding as the app computes it (rotation-corrected chip + mirror, averaged). */
  faceapi: number[];
  /** MobileFaceNet on the ArcFace chip; and the L2-normalised mean with its mirror image's encoding. */
  mfn: number[];
  mfnMirror: number[];
}

export interface MfnBenchWorker {
  init(options: { backend: 'wasm' | 'webgl' | 'cpu'; modelsUrl: string; wasmUrl: string }): Promise<{ backend: string; loadMs: number; tensors: number }>;
  speed(options: { batches: number[]; reps: number; ortModelUrl: string | null; ortWasmUrl: string }): Promise<SpeedFigures>;
  /** One photo: the face nearest the centre, both recognizers' encodings; null when no face is found. */
  encodePhoto(url: string): Promise<FaceEncodings | null>;
  memory(): Promise<number>;
}
