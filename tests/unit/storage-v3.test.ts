/**
 * Version 3 of the database: encodings carry their pipeline. Data written by version 2 is kept, and the
 * known faces and cached analyses it holds are marked UNRECORDED_PIPELINE; new records keep their own.
 */
import 'fake-indexeddb/auto';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_VERSION, openFacewiseStore, UNRECORDED_PIPELINE } from '../../src/storage/db';
import { PIPELINE_ID } from '../../src/domain/model-id';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await deleteDB(name);
});

describe('schema v3', () => {
  it('keeps v2 data and marks its known faces and cached analyses as made by an unrecorded pipeline', async () => {
    const name = 'facewise-v3-upgrade';
    names.push(name);
    const v2 = await openDB(name, 2, {
      upgrade(db) {
        const known = db.createObjectStore('knownFaces', { keyPath: 'id' });
        known.createIndex('by-name', 'name');
        known.createIndex('by-sha256', 'sha256');
        db.createObjectStore('settings');
        db.createObjectStore('analyses', { keyPath: 'sha256' });
        db.createObjectStore('results', { keyPath: 'id' });
      },
    });
    const encoding = new Float32Array(128).fill(0.08);
    await v2.put('knownFaces', { id: 'k1', name: 'alice', encoding, thumbnail: null, sourceFile: 'alice.jpg', sha256: 'aa', addedAt: 1 });
    await v2.put('analyses', { sha256: 'bb', width: 10, height: 10, faces: [], cachedAt: 2 });
    await v2.put('analyses', { sha256: 'cc', width: 10, height: 10, faces: [], cachedAt: 3, pipeline: 'some earlier pipeline' });
    await v2.put('settings', 0.55, 'tolerance');
    v2.close();

    expect(DB_VERSION).toBeGreaterThanOrEqual(3);
    const store = await openFacewiseStore(name);
    const [known] = await store.known.list();
    expect(known).toMatchObject({ id: 'k1', name: 'alice', sourceFile: 'alice.jpg', pipeline: UNRECORDED_PIPELINE });
    expect(Array.from(known?.encoding ?? [])).toEqual(Array.from(encoding));
    expect((await store.analyses.get('bb'))?.pipeline).toBe(UNRECORDED_PIPELINE);
    // A record that said which pipeline made it keeps its word.
    expect((await store.analyses.get('cc'))?.pipeline).toBe('some earlier pipeline');
    expect(await store.settings.get('tolerance')).toBe(0.55);

    await store.known.add({ id: 'k2', name: 'bob', encoding, thumbnail: null, sourceFile: 'bob.jpg', sha256: 'dd', addedAt: 4, pipeline: PIPELINE_ID });
    expect((await store.known.list()).map((k) => k.pipeline)).toEqual([UNRECORDED_PIPELINE, PIPELINE_ID]);
    store.close();
  });
});
