/** Analyses a list of photos (paths relative to a data root) through the harness, with the disk cache. */
import { createHash } from 'node:crypto';
import type { BenchPhotoJson } from '../../src/bench/harness';
import { APP_VARIANTS, type BenchRequest } from '../../src/bench/protocol';
import { joinEncodings } from '../../src/domain/distance';
import { DISTANCE_SCALE, ENCODING_PARTS } from '../../src/domain/model-id';
import { dataUrl, runOnPages, type BenchSession } from './browser';
import { JsonCache, pipelineHash } from './cache';

const round = (v: number) => Math.round(v * 1e5) / 1e5;

function compact(r: BenchPhotoJson): BenchPhotoJson {
  return {
    ...r,
    plain: r.plain?.map((f) => ({ box: f.box, encoding: f.encoding.map(round) })),
    app: r.app?.map((f) => ({
      box: f.box,
      landmarks: f.landmarks.map(([x, y]) => [round(x), round(y)] as [number, number]),
      encodings: Object.fromEntries(Object.entries(f.encodings).map(([k, v]) => [k, v.map(round)])),
    })),
  } as BenchPhotoJson;
}

export async function analyzePhotos(
  session: BenchSession,
  cacheName: string,
  paths: readonly string[],
  request: BenchRequest,
  root = 'lfw',
): Promise<Map<string, BenchPhotoJson>> {
  const asked = createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 8);
  const cache = new JsonCache<BenchPhotoJson>('bench-results/cache', `${cacheName}-${session.engine.backend}-${pipelineHash()}-${asked}`);
  const todo = paths.filter((p) => !cache.get(p));
  if (todo.length < paths.length) process.stderr.write(`${paths.length - todo.length} photos from the cache\n`);
  await runOnPages(
    session.pages,
    todo,
    async (page, path) => {
      const r = await page.evaluate(([url, req]) => window.facewise.analyzeForBenchmark(url, req), [dataUrl(root, path), request] as const);
      cache.set(path, compact(r));
    },
    'photos',
  );
  cache.flush();
  return new Map(paths.map((p) => [p, cache.get(p) as BenchPhotoJson]));
}

/** LFW's convention: the face of a photo is the detected face nearest the photo's centre. */
export function centralFace<T extends { box: { x: number; y: number; width: number; height: number } }>(
  faces: readonly T[] | undefined,
  width: number,
  height: number,
): T | undefined {
  let best: T | undefined;
  let bestD = Infinity;
  for (const f of faces ?? []) {
    const d = Math.hypot(f.box.x + f.box.width / 2 - width / 2, f.box.y + f.box.height / 2 - height / 2);
    if (d < bestD) {
      bestD = d;
      best = f;
    }
  }
  return best;
}

/** Which encoding a benchmark scores: the app's fused one, or one recognizer's part alone. */
export type Recognition = 'app' | 'face-api' | 'mobilefacenet';
export const RECOGNITIONS: readonly Recognition[] = ['app', 'face-api', 'mobilefacenet'];

/**
 * What the benchmarks ask of each photo: every part of the app's encoding (APP_VARIANTS), and the plain
 * face-api usage only when asked (it doubles the model work). Benchmarks that ask the same share a cache.
 */
export function appRequest(plain = false): BenchRequest {
  return { variants: APP_VARIANTS, plain };
}

/**
 * A benchmark face's encoding: 'app' joins the parts (compared by faceDistance: fused); a part alone is
 * scaled so that its own threshold reads as DISTANCE_SCALE (the fused distance's), so one tolerance scale fits all.
 */
export function encodingFor(face: { encodings: Record<string, number[]> }, recognition: Recognition): Float32Array {
  const parts = APP_VARIANTS.map((v) => {
    const e = face.encodings[v];
    if (!e) throw new Error(`the benchmark did not ask for ${v}`);
    return Float32Array.from(e);
  });
  if (recognition === 'app') return joinEncodings(parts);
  const k = recognition === 'face-api' ? 0 : 1;
  const scale = DISTANCE_SCALE / ENCODING_PARTS[k]!.threshold;
  return parts[k]!.map((v) => v * scale);
}
