/**
 * The face worker: one long-lived module worker that owns tfjs, the models and every decode.
 * The UI reaches it only through src/ml/client.ts (Comlink).
 */
import * as Comlink from 'comlink';
import type { AnalyzeOptions, FaceEngine, PhotoAnalysis, WorkerFault } from '../protocol';
import { loseWebglContext } from './backend';
import { decodePhoto, sha256Hex } from './decode';
import { readPhotoMetadata } from '../../metadata/read-metadata';
import { activeBackend, engineMemory, engineReady, recoveringFromGpuLoss, startEngine } from './engine';
import { joinEncodings } from '../../domain/distance';
import { analyzePhoto } from './pipeline';
import { appRecipes } from './recipes';
import { photoPreview } from './preview';
import { largestFace } from '../../domain/known-photo-checks';
import { chipJpeg, FACE_CROP_SIZE, faceThumbnail } from './thumbnail';

/** Browser tests' fault for the next file of this name (see WorkerFault); never set by the app. */
let fault: WorkerFault | null = null;

/** A hang never settles; a crash throws outside any promise (the page sees the worker's `error`). */
function injectedFault(file: Blob): Promise<never> | null {
  if (!fault || !(file instanceof File) || file.name !== fault.file) return null;
  const { kind } = fault;
  fault = null;
  if (kind === 'crash') {
    setTimeout(() => {
      throw new Error('Injected crash (test hook)');
    });
  }
  return new Promise<never>(() => undefined);
}

const engine: FaceEngine = {
  init(options) {
    return startEngine(options);
  },

  async analyze(file: Blob, options: AnalyzeOptions): Promise<PhotoAnalysis> {
    await engineReady();
    const faulty = injectedFault(file);
    if (faulty) return faulty;
    const [sha256, photo, metadata] = await Promise.all([options.sha256 ?? sha256Hex(file), decodePhoto(file), readPhotoMetadata(file)]);
    try {
      const started = performance.now();
      const recipes = appRecipes(options.jitter ?? 0);
      const { faces: found } = await recoveringFromGpuLoss(() => analyzePhoto(photo, recipes));
      // One encoding per face: every recognizer's part, joined in ENCODING_PARTS order (src/domain/distance.ts).
      const faces = found.map(({ encodings, chips: _chips, ...face }) => ({ ...face, encoding: joinEncodings(encodings) }));
      const ms = performance.now() - started;
      const largest = options.thumbnail ? largestFace(faces) : undefined;
      const thumbnail = largest ? await faceThumbnail(photo.bitmap, largest.box, photo.scale) : null;
      // The known face's ArcFace chip (recipes' order: MobileFaceNet's is the last), kept with it.
      const largestChip = largest ? found[faces.indexOf(largest)]?.chips.at(-1) : undefined;
      const chip = largestChip ? await chipJpeg(largestChip) : null;
      // A small crop of every face, stored with the results ("Who is this?" shows them; the page can't keep photos).
      const crops = await Promise.all(faces.map((f) => faceThumbnail(photo.bitmap, f.box, photo.scale, FACE_CROP_SIZE, 0.8).catch(() => null)));
      const cropped = faces.map((f, i) => {
        const crop = crops[i];
        return crop ? { ...f, crop } : f;
      });
      const preview = options.preview ? await photoPreview(photo.bitmap, options.preview) : null;
      const backend = activeBackend();
      return { width: photo.width, height: photo.height, faces: cropped, sha256, thumbnail, chip, ms, backend, metadata, ...(preview ? { preview } : {}) };
    } finally {
      photo.bitmap.close();
    }
  },

  async injectFault(next: WorkerFault) {
    fault = next;
  },

  async testFetch(url: string) {
    try {
      const response = await fetch(url, { mode: 'no-cors', cache: 'no-store' });
      return `fetched (${response.type})`;
    } catch {
      return 'blocked';
    }
  },

  async loseWebglContext() {
    return loseWebglContext();
  },

  async memory() {
    return engineMemory();
  },
};

Comlink.expose(engine);
