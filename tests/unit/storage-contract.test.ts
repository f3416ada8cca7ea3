/**
 * One contract, both backends: the same behavioural suite, repository by repository, run against the
 * IndexedDB store (fake-indexeddb) and the in-memory fallback, so the page behaves the same whether or not
 * the browser lets it store anything. What only IndexedDB does (schema upgrades, a disk that fills,
 * atomic batches, notices across tabs) is tested in storage*.test.ts and analysis-cache.test.ts.
 */
import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, estimateAnalysisBytes, MAX_CACHED_ANALYSES, openFacewiseStore } from '../../src/storage/db';
import type { FacewiseStore, PhotoResultRecord, StoreOptions } from '../../src/storage/db';
import type { PhotoMetadata } from '../../src/domain/face-regions';
import { analysis, face, knownFace } from './fixtures/storage-records';
import { invertKnownEdit } from '../../src/domain/known-edits';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Backend {
  kind: string;
  open(options?: StoreOptions): Promise<FacewiseStore>;
}

let counter = 0;
const backends: Backend[] = [
  {
    kind: 'IndexedDB',
    async open(options) {
      const name = `facewise-contract-${counter++}`;
      const store = await openFacewiseStore(name, options);
      cleanups.push(() => deleteDB(name));
      cleanups.push(() => store.close());
      return store;
    },
  },
  { kind: 'memory', open: async (options) => createMemoryStore(options) },
];



function result(id: string, order: number, patch: Partial<PhotoResultRecord> = {}): PhotoResultRecord {
  return { id, order, name: `${id}.jpg`, size: 100 + order, lastModified: 1_700_000_000_000, sha256: null, status: 'queued', width: 0, height: 0, faces: [], ...patch };
}

describe.each(backends)('$kind store', (backend) => {
  /** A store whose analysis cache holds `maxCachedAnalyses`, on a clock that ticks once per reading. */
  async function openCache(maxCachedAnalyses: number) {
    let time = 1_000;
    const store = await backend.open({ maxCachedAnalyses, now: () => ++time });
    return { store, time: () => time };
  }

  /** Which of these files' analyses are cached (each lookup a hit or a miss). */
  async function cached(store: FacewiseStore, keys: readonly string[]): Promise<string[]> {
    const found: string[] = [];
    for (const key of keys) if (await store.analyses.get(key)) found.push(key);
    return found;
  }

  const ids = async (store: FacewiseStore) => (await store.known.list()).map((r) => r.id);

  describe('known faces', () => {
    it('gives back what was added: exact Float32Array encodings, thumbnail and chip blobs', async () => {
      const store = await backend.open();
      const original = knownFace({
        thumbnail: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }),
        chip: new Blob([new Uint8Array([4, 5])], { type: 'image/jpeg' }),
        pipeline: 'test pipeline v1',
      });
      await store.known.add(original);
      const [stored] = await store.known.list();
      expect(stored).toEqual(original);
      expect(stored?.encoding).toBeInstanceOf(Float32Array);
      expect(Array.from(stored?.encoding ?? [])).toEqual(Array.from(original.encoding));
      expect(stored?.thumbnail?.type).toBe('image/jpeg');
      expect(Array.from(new Uint8Array((await stored?.thumbnail?.arrayBuffer()) ?? new ArrayBuffer(0)))).toEqual([1, 2, 3]);
      expect(stored?.chip?.size).toBe(2);
    });

    it('lists oldest first: by addedAt, then id, not in the order they were added', async () => {
      const store = await backend.open();
      for (const [id, addedAt] of [['c', 30], ['y', 10], ['a', 20], ['x', 10]] as const) await store.known.add(knownFace({ id, addedAt }));
      expect(await ids(store)).toEqual(['x', 'y', 'a', 'c']);
    });

    it('rejects a second face with the same id and keeps the first', async () => {
      const store = await backend.open();
      await store.known.add(knownFace({ id: 'same' }));
      await expect(store.known.add(knownFace({ id: 'same', name: 'bob' }))).rejects.toThrow();
      expect((await store.known.list()).map((r) => `${r.id}:${r.name}`)).toEqual(['same:alice']);
    });

    it('finds a face by the SHA-256 of its file, and nothing for an unknown hash', async () => {
      const store = await backend.open();
      await store.known.add(knownFace({ id: '1', sha256: '1'.repeat(64), name: 'alice' }));
      await store.known.add(knownFace({ id: '2', sha256: '2'.repeat(64), name: 'bob' }));
      expect((await store.known.findBySha256('2'.repeat(64)))?.name).toBe('bob');
      expect(await store.known.findBySha256('f'.repeat(64))).toBeUndefined();
    });

    it('clear forgets every known face and keeps the settings', async () => {
      const store = await backend.open();
      await store.known.apply({ put: [knownFace({ id: '1' }), knownFace({ id: '2' })], remove: [] });
      await store.settings.set('tolerance', 0.5);
      await store.known.clear();
      expect(await store.known.list()).toEqual([]);
      expect(await store.settings.get<number>('tolerance')).toBe(0.5);
    });

    it('apply removes the ids and puts the records given, in one edit', async () => {
      const store = await backend.open();
      await store.known.apply({ put: [knownFace({ id: 'a', name: 'kit', addedAt: 1 }), knownFace({ id: 'b', name: 'rose', addedAt: 2 }), knownFace({ id: 'c', addedAt: 3 })], remove: [] });
      // A rename (records put again under their ids), a removal and an addition at once.
      await store.known.apply({ put: [knownFace({ id: 'b', name: 'jon', addedAt: 2 }), knownFace({ id: 'd', name: 'sam', addedAt: 4 })], remove: ['a', 'not stored'] });
      expect((await store.known.list()).map((r) => `${r.id}:${r.name}`)).toEqual(['b:jon', 'c:alice', 'd:sam']);
      await store.known.apply({ put: [], remove: [] });
      expect(await ids(store)).toEqual(['b', 'c', 'd']);
    });

    it("an edit's reversal (invertKnownEdit) brings the stored faces back as they were", async () => {
      const store = await backend.open();
      const before = [knownFace({ id: 'a', name: 'kit', addedAt: 1 }), knownFace({ id: 'b', name: 'kit', addedAt: 2 }), knownFace({ id: 'c', name: 'rose', addedAt: 3 })];
      await store.known.apply({ put: before, remove: [] });
      const edit = { put: [knownFace({ id: 'a', name: 'rose', addedAt: 1 }), knownFace({ id: 'z', name: 'new', addedAt: 9 })], remove: ['b'] };
      await store.known.apply(edit);
      expect((await store.known.list()).map((r) => `${r.id}:${r.name}`)).toEqual(['a:rose', 'c:rose', 'z:new']);
      await store.known.apply(invertKnownEdit(before, edit));
      expect((await store.known.list()).map((r) => `${r.id}:${r.name}`)).toEqual(['a:kit', 'b:kit', 'c:rose']);
    });

    it('replace swaps every known face for the ones given', async () => {
      const store = await backend.open();
      await store.known.apply({ put: [knownFace({ id: 'a', addedAt: 1 }), knownFace({ id: 'b', addedAt: 2 })], remove: [] });
      await store.known.replace([knownFace({ id: 'z', addedAt: 5 }), knownFace({ id: 'b', name: 'bob', addedAt: 6 })]);
      expect((await store.known.list()).map((r) => `${r.id}:${r.name}`)).toEqual(['z:alice', 'b:bob']);
      await store.known.replace([]);
      expect(await store.known.list()).toEqual([]);
    });
  });

  describe('settings', () => {
    it('has nothing under a missing key, round-trips structured values, and a set replaces the value', async () => {
      const store = await backend.open();
      expect(await store.settings.get('missing')).toBeUndefined();
      await store.settings.set('tolerance', 0.55);
      await store.settings.set('groupEdits', { takenOut: ['f1'], ignored: [], names: { g1: 'Ann' } });
      await store.settings.set('tolerance', 'auto');
      expect(await store.settings.get('tolerance')).toBe('auto');
      expect(await store.settings.get('groupEdits')).toEqual({ takenOut: ['f1'], ignored: [], names: { g1: 'Ann' } });
      expect(await store.settings.get('missing')).toBeUndefined();
    });
  });

  describe('analysis cache', () => {
    it('gives back what was put (encodings, crops, pipeline, metadata), stamped with when it was used and its size', async () => {
      const { store, time } = await openCache(10);
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
      const { store } = await openCache(10);
      const put = analysis('a');
      await store.analyses.put(put);
      put.width = 1;
      const got = await store.analyses.get('a');
      if (got) got.height = 2;
      expect(await store.analyses.get('a')).toMatchObject({ width: 1600, height: 1200 });
    });

    it('beyond the bound, a put removes the least recently used; replacing an analysis removes none', async () => {
      const { store } = await openCache(3);
      for (const key of ['a', 'b', 'c']) await store.analyses.put(analysis(key));
      await store.analyses.put(analysis('b', 2)); // replaced, not added: still 3
      expect((await store.analyses.usage()).count).toBe(3);
      await store.analyses.put(analysis('d'));
      // 'a' was the least recently used; 'b' was used again when replaced.
      expect((await store.analyses.usage()).count).toBe(3);
      await store.analyses.put(analysis('e'));
      expect(await cached(store, ['a', 'b', 'c', 'd', 'e'])).toEqual(['b', 'd', 'e']);
    });

    it('a hit marks the analysis used: the next put beyond the bound removes another', async () => {
      const { store } = await openCache(3);
      for (const key of ['a', 'b', 'c']) await store.analyses.put(analysis(key));
      expect(await store.analyses.get('a')).toBeDefined();
      await store.analyses.put(analysis('d'));
      expect(await store.analyses.get('b')).toBeUndefined();
      // A miss marks nothing: 'c' is now the least recently used.
      await store.analyses.put(analysis('e'));
      expect(await cached(store, ['a', 'c', 'd', 'e'])).toEqual(['a', 'd', 'e']);
    });

    it('counts the analyses and sums their estimated sizes through puts, replacements and removals', async () => {
      const { store } = await openCache(2);
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
      const { store } = await openCache(2);
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
      const { store } = await openCache(3);
      for (const key of ['a', 'b']) await store.analyses.put(analysis(key));
      await store.analyses.clear();
      expect(await store.analyses.usage()).toEqual({ count: 0, bytes: 0, limit: 3 });
      expect(await cached(store, ['a', 'b'])).toEqual([]);
      await store.analyses.put(analysis('c'));
      expect(await store.analyses.usage()).toEqual({ count: 1, bytes: estimateAnalysisBytes(analysis('c')), limit: 3 });
    });

    it('is bounded by MAX_CACHED_ANALYSES unless told otherwise', async () => {
      const store = await backend.open();
      expect((await store.analyses.usage()).limit).toBe(MAX_CACHED_ANALYSES);
    });
  });

  describe('photo results', () => {
    it('lists results in batch order, a put replacing the one of the same id, and clear forgets them', async () => {
      const store = await backend.open();
      expect(await store.results.list()).toEqual([]);
      await store.results.put([result('b', 2), result('a', 1), result('c', 3)]);
      const done = face(1);
      await store.results.put([result('a', 1, { status: 'done', sha256: 'x', width: 250, height: 250, faces: [done] })]);
      await store.results.put([]);
      const listed = await store.results.list();
      expect(listed.map((r) => [r.id, r.status])).toEqual([
        ['a', 'done'],
        ['b', 'queued'],
        ['c', 'queued'],
      ]);
      expect(listed[0]?.faces[0]?.landmarks).toEqual(done.landmarks);
      expect(listed[0]?.faces[0]?.encoding).toBeInstanceOf(Float32Array);
      await store.results.clear();
      expect(await store.results.list()).toEqual([]);
    });
  });

  describe('the whole store', () => {
    it('eraseAll empties every repository, and each fills again after', async () => {
      const { store } = await openCache(3);
      await store.known.apply({ put: [knownFace({ id: 'k' })], remove: [] });
      await store.settings.set('tolerance', 0.5);
      await store.analyses.put(analysis('x'));
      await store.results.put([result('p', 0, { status: 'done', sha256: 'x' })]);
      await store.eraseAll();
      expect(await store.known.list()).toEqual([]);
      expect(await store.settings.get('tolerance')).toBeUndefined();
      expect(await store.analyses.usage()).toEqual({ count: 0, bytes: 0, limit: 3 });
      expect(await store.analyses.get('x')).toBeUndefined();
      expect(await store.results.list()).toEqual([]);
      // The erased id is free again.
      await store.known.add(knownFace({ id: 'k' }));
      expect(await ids(store)).toEqual(['k']);
    });
  });
});
