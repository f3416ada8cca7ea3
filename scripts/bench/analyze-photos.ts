/** Analyses a list of photos (paths relative to a data root) through the harness, with the disk cache. */
import type { BenchPhotoJson } from '../../src/bench/harness';
import { dataUrl, runOnPages, type BenchSession } from './browser';
import { JsonCache, pipelineHash } from './cache';

const round = (v: number) => Math.round(v * 1e5) / 1e5;

function compact(r: BenchPhotoJson): BenchPhotoJson {
  return {
    ...r,
    plain: r.plain?.map((f) => ({ box: f.box, encoding: f.encoding.map(round) })),
    app: r.app?.map((f) => ({
      box: f.box,
      encodings: Object.fromEntries(Object.entries(f.encodings).map(([k, v]) => [k, v.map(round)])) as typeof f.encodings,
    })),
  } as BenchPhotoJson;
}

export async function analyzePhotos(
  session: BenchSession,
  cacheName: string,
  paths: readonly string[],
  root = 'lfw',
): Promise<Map<string, BenchPhotoJson>> {
  const cache = new JsonCache<BenchPhotoJson>('bench-results/cache', `${cacheName}-${session.engine.backend}-${pipelineHash()}`);
  const todo = paths.filter((p) => !cache.get(p));
  if (todo.length < paths.length) process.stderr.write(`${paths.length - todo.length} photos from the cache\n`);
  await runOnPages(
    session.pages,
    todo,
    async (page, path) => {
      const r = await page.evaluate((url) => window.facewise.analyzeForBenchmark(url), dataUrl(root, path));
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
