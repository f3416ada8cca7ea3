/** The storage operations behind managing known people, on IndexedDB (fake-indexeddb) and the in-memory store alike. */
import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, openFacewiseStore } from '../../src/storage/db';
import type { FacewiseStore, KnownFaceRecord, PhotoResultRecord } from '../../src/storage/db';

let counter = 0;
const opened: Array<{ store: FacewiseStore; name: string | null }> = [];

const kinds: Array<[string, () => Promise<FacewiseStore>]> = [
  [
    'IndexedDB',
    async () => {
      const name = `facewise-manage-${counter++}`;
      const store = await openFacewiseStore(name);
      opened.push({ store, name });
      return store;
    },
  ],
  ['memory', async () => createMemoryStore()],
];

afterEach(async () => {
  for (const { store, name } of opened.splice(0)) {
    store.close();
    if (name) await deleteDB(name);
  }
});

let t = 0;
function record(name: string, id: string = crypto.randomUUID()): KnownFaceRecord {
  return { id, name, encoding: Float32Array.from([t, 1, 2]), thumbnail: null, sourceFile: `${name}.jpg`, sha256: `sha-${id}`, addedAt: ++t };
}

describe.each(kinds)('managing known faces (%s)', (_kind, open) => {
  it('renames and merges people', async () => {
    const store = await open();
    await store.known.put([record('kit', 'a'), record('rose', 'b'), record('kit', 'c')]);
    expect(await store.known.renamePerson('kit', 'kit_harington')).toBe(2);
    expect((await store.known.list()).map((r) => `${r.id}:${r.name}`)).toEqual(['a:kit_harington', 'b:rose', 'c:kit_harington']);
    expect(await store.known.renamePerson('rose', 'kit_harington')).toBe(1);
    expect(new Set((await store.known.list()).map((r) => r.name))).toEqual(new Set(['kit_harington']));
  });

  it('removes faces, puts them back, replaces all', async () => {
    const store = await open();
    const records = [record('kit', 'a'), record('rose', 'b'), record('jon', 'c')];
    await store.known.put(records);
    await store.known.remove(['a', 'c']);
    expect((await store.known.list()).map((r) => r.id)).toEqual(['b']);
    await store.known.put([records[0]!, records[2]!]);
    expect((await store.known.list()).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    await store.known.replace([record('new', 'z')]);
    expect((await store.known.list()).map((r) => r.id)).toEqual(['z']);
  });

  it('erases every store', async () => {
    const store = await open();
    await store.known.put([record('kit')]);
    await store.settings.set('tolerance', 0.5);
    await store.analyses.put({ sha256: 'x', width: 1, height: 1, faces: [], cachedAt: 1 });
    await store.results.put([
      { id: 'p', order: 0, name: 'p.jpg', size: 1, lastModified: 1, sha256: 'x', status: 'done', width: 1, height: 1, faces: [] },
    ]);
    await store.eraseAll();
    expect(await store.known.list()).toEqual([]);
    expect(await store.settings.get('tolerance')).toBeUndefined();
    expect(await store.analyses.get('x')).toBeUndefined();
    expect(await store.results.list()).toEqual([]);
  });
});

describe('IndexedDB atomicity and cross-tab notices', () => {
  it('a failing put writes nothing (one transaction)', async () => {
    const name = `facewise-manage-${counter++}`;
    const store = await openFacewiseStore(name);
    opened.push({ store, name });
    await store.known.put([record('kit', 'a')]);
    // The second record is missing its key path: the whole transaction must fail.
    const bad = { ...record('x'), id: undefined } as unknown as KnownFaceRecord;
    await expect(store.known.put([record('rose', 'b'), bad])).rejects.toBeTruthy();
    await expect(store.known.replace([record('rose', 'b'), bad])).rejects.toBeTruthy();
    expect((await store.known.list()).map((r) => r.id)).toEqual(['a']);
    // Stored results too: a batch's results are written all or nothing.
    const results = (await store.results.list()).length;
    const ok: PhotoResultRecord = { id: 'r1', order: 0, name: 'a.jpg', size: 1, lastModified: 1, sha256: null, status: 'queued', width: 0, height: 0, faces: [] };
    const keyless = { ...ok, id: undefined } as unknown as PhotoResultRecord;
    await expect(store.results.put([ok, keyless])).rejects.toBeTruthy();
    expect(await store.results.list()).toHaveLength(results);
  });

  it('tells another store on the same database about renames and removals', async () => {
    const name = `facewise-manage-${counter++}`;
    const one = await openFacewiseStore(name);
    const two = await openFacewiseStore(name);
    opened.push({ store: one, name: null }, { store: two, name });
    let heard = 0;
    two.known.onChanged(() => heard++);
    await one.known.put([record('kit', 'a')]);
    await one.known.renamePerson('kit', 'jon');
    await one.known.remove(['a']);
    await expect.poll(() => heard).toBe(3);
  });
});
