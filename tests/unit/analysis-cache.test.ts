/**
 * The analysis cache's contract, written once and run against both stores: the IndexedDB one
 * (fake-indexeddb) and the in-memory fallback. A hit marks an analysis used; beyond the bound the least
 * recently used go, in the put's own transaction (a put that fails removes nothing); clear empties it;
 * what was put comes back as it was. Then what only IndexedDB can do (a disk that fills mid-put), and the
 * size estimate measured against the serialised records.
 */
import 'fake-indexeddb/auto';
import { serialize } from 'node:v8';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  estimateAnalysisBytes,
  MAX_CACHED_ANALYSES,
  openFacewiseStore,
  StorageFullError,
} from '../../src/storage/db';
import type { FacewiseStore, NewCachedAnalysis, StoreOptions } from '../../src/storage/db';
import type { PhotoMetadata } from '../../src/domain/face-regions';
import type { DetectedFace } from '../../src/domain/types';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A face as the worker makes it: a 640-number encoding, 68 landmarks, a ~3 KB crop. */
function face(seed: number, cropBytes = 3_000): DetectedFace {
  return {
    box: { x: 10.5 + seed, y: 20.25, width: 61.5, height: 70.75 },
    score: 0.987,
    encoding: Float32Array.from({ length: 640 }, (_, i) => Math.sin(seed + i) / 10),
    landmarks: Array.from({ length: 68 }, (_, i) => [30.123 + i + seed, 40.456 + i / 3] as const),
    sharpness: 123.4,
    crop: new Blob([new Uint8Array(cropBytes).fill(seed % 256)], { type: 'image/jpeg' }),
  };
}

function analysis(sha256: string, faces = 1, extra: Partial<NewCachedAnalysis> = {}): NewCachedAnalysis {
  return {
    sha256,
    width: 1600,
    height: 1200,
    faces: Array.from({ length: faces }, (_, i) => face(i)),
    cachedAt: 1,
    pipeline: 'test pipeline v1',
    ...extra,
  };
}

/** Which of these files' analyses are cached. */
async function cached(store: FacewiseStore, keys: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const key of keys) if (await store.analyses.get(key)) found.push(key);
  return found;
}

interface Backend {
  kind: string;
  open(options: StoreOptions): Promise<FacewiseStore>;
}

let counter = 0;
const indexedDbBackend: Backend = {
  kind: 'IndexedDB',
  async open(options) {
    const name = `facewise-cache-${counter++}`;
    const store = await openFacewiseStore(name, options);
    cleanups.push(() => deleteDB(name));
    cleanups.push(() => store.close());
    return store;
  },
};
const memoryBackend: Backend = { kind: 'memory', open: async (options) => createMemoryStore(options) };

/** A store with a small bound and a clock that ticks once per reading. */
async function openCache(backend: Backend, maxCachedAnalyses: number) {
  let time = 1_000;
  const store = await backend.open({ maxCachedAnalyses, now: () => ++time });
  return { store, time: () => time };
}

function analysisCacheContract(backend: Backend) {
  describe(`analysis cache (${backend.kind})`, () => {
    it('gives back what was put (encodings, crops, pipeline, metadata), stamped with when it was used and its size', async () => {
      const { store, time } = await openCache(backend, 10);
      const metadata: PhotoMetadata = { orientation: 6, regions: [{ name: 'alice', area: { x: 1, y: 2, width: 3, height: 4 } }] };
      const put = analysis('a', 2, { metadata });
      expect(await store.analyses.get('a')).toBeUndefined();
      await store.analyses.put(put);
      const putAt = time();
      const got = await store.analyses.get('a');
      expect(got).toMatchObject({ sha256: 'a', width: 1600, height: 1200, cachedAt: 1, pipeline: 'test pipeline v1', metadata });
      expect(got?.bytes).toBe(estimateAnalysisBytes(put));
      // The hit marked it used after the put.
      expect(got?.usedAt).toBe(time());
      expect(got?.usedAt).toBeGreaterThan(putAt);
      expect(got?.faces[1]?.encoding).toBeInstanceOf(Float32Array);
      expect(Array.from(got?.faces[1]?.encoding ?? [])).toEqual(Array.from(put.faces[1]?.encoding ?? []));
      expect(got?.faces[0]?.landmarks).toEqual(put.faces[0]?.landmarks);
      expect(got?.faces[0]?.crop?.size).toBe(3_000);
      expect(got?.faces[0]?.crop?.type).toBe('image/jpeg');
      // A record from before pipelines were recorded stays without one.
      const { pipeline: _, ...withoutPipeline } = analysis('b');
      await store.analyses.put(withoutPipeline);
      expect((await store.analyses.get('b'))?.pipeline).toBeUndefined();
    });

    it('hands out copies: changing what was got or put changes nothing stored', async () => {
      const { store } = await openCache(backend, 10);
      const put = analysis('a');
      await store.analyses.put(put);
      put.width = 1;
      const got = await store.analyses.get('a');
      if (got) got.height = 2;
      expect(await store.analyses.get('a')).toMatchObject({ width: 1600, height: 1200 });
    });

    it('beyond the bound, a put removes the least recently used; replacing an analysis removes none', async () => {
      const { store } = await openCache(backend, 3);
      for (const key of ['a', 'b', 'c']) await store.analyses.put(analysis(key));
      await store.analyses.put(analysis('b', 2)); // replaced, not added: still 3
      expect((await store.analyses.usage()).count).toBe(3);
      await store.analyses.put(analysis('d'));
      // 'a' was the least recently used; 'b' was used again when replaced.
      const usage = await store.analyses.usage();
      expect(usage.count).toBe(3);
      await store.analyses.put(analysis('e'));
      expect(await cached(store, ['a', 'b', 'c', 'd', 'e'])).toEqual(['b', 'd', 'e']);
    });

    it('a hit marks the analysis used: the next put beyond the bound removes another', async () => {
      const { store } = await openCache(backend, 3);
      for (const key of ['a', 'b', 'c']) await store.analyses.put(analysis(key));
      expect(await store.analyses.get('a')).toBeDefined();
      await store.analyses.put(analysis('d'));
      expect(await store.analyses.get('b')).toBeUndefined();
      // A miss marks nothing: 'c' is now the least recently used.
      await store.analyses.put(analysis('e'));
      expect(await cached(store, ['a', 'c', 'd', 'e'])).toEqual(['a', 'd', 'e']);
    });

    it('counts the analyses and sums their estimated sizes through puts, replacements and removals', async () => {
      const { store } = await openCache(backend, 2);
      expect(await store.analyses.usage()).toEqual({ count: 0, bytes: 0, limit: 2 });
      const [one, two, three] = [analysis('a', 1), analysis('b', 2), analysis('c', 3)];
      await store.analyses.put(one);
      await store.analyses.put(two);
      expect(await store.analyses.usage()).toEqual({ count: 2, bytes: estimateAnalysisBytes(one) + estimateAnalysisBytes(two), limit: 2 });
      const bigger = analysis('a', 4);
      await store.analyses.put(bigger);
      expect(await store.analyses.usage()).toEqual({ count: 2, bytes: estimateAnalysisBytes(bigger) + estimateAnalysisBytes(two), limit: 2 });
      await store.analyses.put(three); // 'b' goes
      expect(await store.analyses.usage()).toEqual({ count: 2, bytes: estimateAnalysisBytes(bigger) + estimateAnalysisBytes(three), limit: 2 });
    });

    it('a put that fails removes nothing and adds nothing', async () => {
      const { store } = await openCache(backend, 2);
      await store.analyses.put(analysis('a'));
      await store.analyses.put(analysis('b'));
      const before = await store.analyses.usage();
      // A value structured clone refuses (DataCloneError), as IndexedDB refuses it.
      const metadata = { orientation: 1, regions: [], refused: () => 0 } as unknown as PhotoMetadata;
      await expect(store.analyses.put(analysis('c', 1, { metadata }))).rejects.toThrow();
      expect(await store.analyses.usage()).toEqual(before);
      expect(await cached(store, ['a', 'b', 'c'])).toEqual(['a', 'b']);
    });

    it('clear empties the cache and its size; it fills again after', async () => {
      const { store } = await openCache(backend, 3);
      for (const key of ['a', 'b']) await store.analyses.put(analysis(key));
      await store.analyses.clear();
      expect(await store.analyses.usage()).toEqual({ count: 0, bytes: 0, limit: 3 });
      expect(await cached(store, ['a', 'b'])).toEqual([]);
      await store.analyses.put(analysis('c'));
      expect(await store.analyses.usage()).toEqual({ count: 1, bytes: estimateAnalysisBytes(analysis('c')), limit: 3 });
    });

    it('erasing everything empties the cache too', async () => {
      const { store } = await openCache(backend, 3);
      await store.analyses.put(analysis('a'));
      await store.eraseAll();
      expect(await store.analyses.usage()).toEqual({ count: 0, bytes: 0, limit: 3 });
    });

    it('is bounded by MAX_CACHED_ANALYSES unless told otherwise', async () => {
      const store = await backend.open({});
      expect((await store.analyses.usage()).limit).toBe(MAX_CACHED_ANALYSES);
    });
  });
}

analysisCacheContract(indexedDbBackend);
analysisCacheContract(memoryBackend);

describe('analysis cache (IndexedDB only): the disk fills mid-put', () => {
  /** The write methods a put may call; from the `failAt`-th call on (1-based) they throw QuotaExceededError. */
  function quotaFullFrom(failAt: number): { calls: () => number; restore: () => void } {
    const targets = [
      [IDBObjectStore.prototype, 'put'],
      [IDBObjectStore.prototype, 'delete'],
      [IDBCursor.prototype, 'delete'],
      [IDBCursor.prototype, 'update'],
    ] as const;
    const originals = targets.map(([proto, key]) => [proto, key, Object.getOwnPropertyDescriptor(proto, key)] as const);
    let calls = 0;
    for (const [proto, key, descriptor] of originals) {
      const method = descriptor?.value as (...args: unknown[]) => unknown;
      Object.defineProperty(proto, key, {
        ...descriptor,
        value(this: unknown, ...args: unknown[]) {
          if (++calls >= failAt) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return method.apply(this, args);
        },
      });
    }
    const restore = () => {
      for (const [proto, key, descriptor] of originals) if (descriptor) Object.defineProperty(proto, key, descriptor);
    };
    return { calls: () => calls, restore };
  }

  it('whichever write fails, the put is StorageFullError and the cache is as it was', async () => {
    const { store } = await openCache(indexedDbBackend, 2);
    await store.analyses.put(analysis('a'));
    await store.analyses.put(analysis('b'));
    const before = await store.analyses.usage();
    let failures = 0;
    for (let failAt = 1; ; failAt++) {
      const quota = quotaFullFrom(failAt);
      let failed: unknown = null;
      try {
        await store.analyses.put(analysis('c'));
      } catch (error) {
        failed = error;
      } finally {
        quota.restore();
      }
      if (failed === null) break; // the put made fewer writes than failAt: it went through
      failures++;
      expect(failed, `write ${failAt}`).toBeInstanceOf(StorageFullError);
      expect(await store.analyses.usage(), `write ${failAt}`).toEqual(before);
      expect(await cached(store, ['c', 'a', 'b']), `write ${failAt}`).toEqual(['a', 'b']);
    }
    // The record, the removal of the least recently used and the new size: three writes, each tried failing.
    expect(failures).toBeGreaterThanOrEqual(3);
    expect(await cached(store, ['a', 'b', 'c'])).toEqual(['b', 'c']);
  });

  it('a hit that cannot be marked used still gives the analysis', async () => {
    const { store } = await openCache(indexedDbBackend, 2);
    await store.analyses.put(analysis('a'));
    const quota = quotaFullFrom(1);
    try {
      expect((await store.analyses.get('a'))?.sha256).toBe('a');
    } finally {
      quota.restore();
    }
  });
});

describe('estimateAnalysisBytes', () => {
  /** Bytes of the record as structured clone writes it (V8's serializer, as Chromium's IndexedDB), crops apart as blobs. */
  function serialisedBytes(record: NewCachedAnalysis): number {
    let blobs = 0;
    const faces = record.faces.map(({ crop, ...rest }) => {
      blobs += crop?.size ?? 0;
      return rest;
    });
    return serialize({ ...record, faces, usedAt: Date.now(), bytes: 12_345 }).byteLength + blobs;
  }

  it.each([0, 1, 2, 5])('is within 10%% of the serialised size of a photo with %i faces', (faces) => {
    const metadata: PhotoMetadata = { orientation: 1, regions: faces > 1 ? [{ name: 'Alice Example', area: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 } }] : [] };
    const record = analysis('f'.repeat(64), faces, { cachedAt: Date.now(), pipeline: 'a pipeline id of some sixty characters, like PIPELINE_ID is', metadata });
    const estimate = estimateAnalysisBytes(record);
    const measured = serialisedBytes(record);
    expect(Math.abs(estimate - measured) / measured).toBeLessThan(0.1);
  });

  it('puts a typical face (640-number encoding, 68 landmarks, 3 KB crop) at about 7 KB', () => {
    const perFace = estimateAnalysisBytes(analysis('x', 2)) - estimateAnalysisBytes(analysis('x', 1));
    expect(perFace).toBeGreaterThan(6_500);
    expect(perFace).toBeLessThan(7_500);
  });
});
