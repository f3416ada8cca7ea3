/**
 * The storage behind managing known people that only IndexedDB has: batches written all or nothing, and
 * other tabs told of each change. Renames, merges, removals and replacements on both backends are in
 * storage-contract.test.ts.
 */
import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { openFacewiseStore } from '../../src/storage/db';
import type { FacewiseStore, KnownFaceRecord, PhotoResultRecord } from '../../src/storage/db';

let counter = 0;
const opened: Array<{ store: FacewiseStore; name: string | null }> = [];

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

describe('IndexedDB atomicity and cross-tab notices', () => {
  it('a failing edit writes nothing (one transaction)', async () => {
    const name = `facewise-manage-${counter++}`;
    const store = await openFacewiseStore(name);
    opened.push({ store, name });
    await store.known.apply({ put: [record('kit', 'a')], remove: [] });
    // The second record is missing its key path: the whole transaction must fail, its removal too.
    const bad = { ...record('x'), id: undefined } as unknown as KnownFaceRecord;
    await expect(store.known.apply({ put: [record('rose', 'b'), bad], remove: ['a'] })).rejects.toBeTruthy();
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
    await one.known.apply({ put: [record('kit', 'a')], remove: [] });
    await one.known.apply({ put: [record('jon', 'a')], remove: [] });
    await one.known.apply({ put: [], remove: ['a'] });
    await expect.poll(() => heard).toBe(3);
  });
});
