/**
 * What only the IndexedDB analysis cache can do (a disk that fills mid-put: every write of the put, the
 * least recently used removed and the new size, in one transaction), and the size estimate measured
 * against the serialised records. The cache's contract on both backends (recency, the bound, usage) is in
 * storage-contract.test.ts.
 */
import 'fake-indexeddb/auto';
import { serialize } from 'node:v8';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { estimateAnalysisBytes, openFacewiseStore, StorageFullError } from '../../src/storage/db';
import type { FacewiseStore, NewCachedAnalysis } from '../../src/storage/db';
import type { PhotoMetadata } from '../../src/domain/face-regions';
import { analysis } from './fixtures/storage-records';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});


/** Which of these files' analyses are cached. */
async function cached(store: FacewiseStore, keys: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const key of keys) if (await store.analyses.get(key)) found.push(key);
  return found;
}

let counter = 0;

/** An IndexedDB store whose cache holds `maxCachedAnalyses`, on a clock that ticks once per reading. */
async function openCache(maxCachedAnalyses: number): Promise<FacewiseStore> {
  const name = `facewise-cache-${counter++}`;
  let time = 1_000;
  const store = await openFacewiseStore(name, { maxCachedAnalyses, now: () => ++time });
  cleanups.push(() => deleteDB(name));
  cleanups.push(() => store.close());
  return store;
}

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
    const store = await openCache(2);
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
    const store = await openCache(2);
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
