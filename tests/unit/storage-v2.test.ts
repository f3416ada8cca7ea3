/**
 * Version 2 of the database: the analysis cache and the stored batch results join, and data written by
 * version 1 is kept. What the two new repositories do, on both backends, is in storage-contract.test.ts.
 */
import 'fake-indexeddb/auto';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { openFacewiseStore } from '../../src/storage/db';
import type { NewCachedAnalysis } from '../../src/storage/db';

let counter = 0;
const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await deleteDB(name);
});

const analysis = (sha256: string): NewCachedAnalysis => ({ sha256, width: 250, height: 250, faces: [], cachedAt: 1 });

describe('schema v2', () => {
  it('upgrades a version-1 database without losing known faces', async () => {
    const name = `facewise-v1-${counter++}`;
    names.push(name);
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        const known = db.createObjectStore('knownFaces', { keyPath: 'id' });
        known.createIndex('by-name', 'name');
        known.createIndex('by-sha256', 'sha256');
        db.createObjectStore('settings');
      },
    });
    await v1.put('knownFaces', { id: 'k1', name: 'alice', encoding: new Float32Array(128), thumbnail: null, sourceFile: 'alice.jpg', sha256: 's', addedAt: 1 });
    await v1.put('settings', 0.5, 'tolerance');
    v1.close();

    const store = await openFacewiseStore(name);
    expect((await store.known.list()).map((k) => k.name)).toEqual(['alice']);
    expect(await store.settings.get('tolerance')).toBe(0.5);
    await store.analyses.put(analysis('s'));
    expect((await store.analyses.get('s'))?.sha256).toBe('s');
    expect(await store.results.list()).toEqual([]);
    store.close();
  });
});
