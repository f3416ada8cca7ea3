/**
 * Version 2 of the database: the analysis cache and the stored batch results, the upgrade from data
 * written by version 1, and the in-memory fallback behaving the same.
 */
import 'fake-indexeddb/auto';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, openFacewiseStore } from '../../src/storage/db';
import type { FacewiseStore, NewCachedAnalysis, PhotoResultRecord } from '../../src/storage/db';
import type { DetectedFace } from '../../src/domain/types';

let counter = 0;
const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await deleteDB(name);
});

function face(): DetectedFace {
  const encoding = new Float32Array(128);
  encoding[3] = 0.25;
  return { box: { x: 1, y: 2, width: 30, height: 40 }, score: 0.9, encoding, landmarks: [[1, 2], [3, 4]], sharpness: 55 };
}

function result(id: string, order: number, patch: Partial<PhotoResultRecord> = {}): PhotoResultRecord {
  return { id, order, name: `${id}.jpg`, size: 100 + order, lastModified: 1_700_000_000_000, sha256: null, status: 'queued', width: 0, height: 0, faces: [], ...patch };
}

const analysis = (sha256: string): NewCachedAnalysis => ({ sha256, width: 250, height: 250, faces: [face()], cachedAt: 1 });

async function both(): Promise<Array<[string, FacewiseStore]>> {
  const name = `facewise-v2-${counter++}`;
  names.push(name);
  return [
    ['indexeddb', await openFacewiseStore(name)],
    ['memory', createMemoryStore()],
  ];
}

describe('analysis cache and stored results', () => {
  it('caches analyses by SHA-256, with Float32Array encodings, and clears them', async () => {
    for (const [kind, store] of await both()) {
      expect(await store.analyses.get('abc'), kind).toBeUndefined();
      await store.analyses.put(analysis('abc'));
      const got = await store.analyses.get('abc');
      expect(got?.faces[0]?.encoding, kind).toBeInstanceOf(Float32Array);
      // The store stamps when it was used and its size (schema v4).
      expect(got, kind).toEqual({ ...analysis('abc'), usedAt: expect.any(Number), bytes: expect.any(Number) });
      await store.analyses.clear();
      expect(await store.analyses.get('abc'), kind).toBeUndefined();
      store.close();
    }
  });

  it('stores results in batch order, replaces by id, and clears them', async () => {
    for (const [kind, store] of await both()) {
      await store.results.put([result('b', 2), result('a', 1), result('c', 3)]);
      await store.results.put([result('a', 1, { status: 'done', sha256: 'x', width: 250, height: 250, faces: [face()] })]);
      const listed = await store.results.list();
      expect(listed.map((r) => [r.id, r.status]), kind).toEqual([
        ['a', 'done'],
        ['b', 'queued'],
        ['c', 'queued'],
      ]);
      expect(listed[0]?.faces[0]?.landmarks, kind).toEqual([[1, 2], [3, 4]]);
      await store.results.clear();
      expect(await store.results.list(), kind).toEqual([]);
      store.close();
    }
  });

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
    expect(await store.results.list()).toEqual([]);
    store.close();
  });
});
