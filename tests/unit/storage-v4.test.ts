/**
 * Version 4 of the database: the analysis cache is bounded, least recently used out first. Data written by
 * version 3 is kept; its cached analyses were last used when they were cached (`usedAt = cachedAt`), their
 * sizes are estimated and summed, and the bound then removes the oldest of them first.
 */
import 'fake-indexeddb/auto';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { ANALYSIS_BYTES_KEY, DB_VERSION, estimateAnalysisBytes, openFacewiseStore } from '../../src/storage/db';
import type { NewCachedAnalysis } from '../../src/storage/db';
import type { DetectedFace } from '../../src/domain/types';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await deleteDB(name);
});

function face(): DetectedFace {
  return {
    box: { x: 1, y: 2, width: 30, height: 40 },
    score: 0.9,
    encoding: new Float32Array(640).fill(0.03),
    landmarks: [[1.5, 2.5], [3.5, 4.5]],
    sharpness: 55,
    crop: new Blob([new Uint8Array(2_000)], { type: 'image/jpeg' }),
  };
}

/** Version 3 exactly as it shipped, written with raw idb calls (a frozen copy: never change it). */
async function writeVersion3Database(name: string, analyses: NewCachedAnalysis[]) {
  const db = await openDB(name, 3, {
    upgrade(database) {
      const known = database.createObjectStore('knownFaces', { keyPath: 'id' });
      known.createIndex('by-name', 'name');
      known.createIndex('by-sha256', 'sha256');
      database.createObjectStore('settings');
      database.createObjectStore('analyses', { keyPath: 'sha256' });
      database.createObjectStore('results', { keyPath: 'id' });
    },
  });
  const encoding = new Float32Array(640).fill(0.05);
  await db.put('knownFaces', { id: 'k1', name: 'alice', encoding, thumbnail: null, sourceFile: 'alice.jpg', sha256: 'aa', addedAt: 1, pipeline: 'p' });
  await db.put('settings', 0.55, 'tolerance');
  for (const record of analyses) await db.put('analyses', record);
  db.close();
}

describe('schema v4', () => {
  it('keeps v3 analyses, last used when cached, with their sizes summed', async () => {
    const name = 'facewise-v4-upgrade';
    names.push(name);
    const old: NewCachedAnalysis[] = [
      { sha256: 'newest', width: 10, height: 10, faces: [face(), face()], cachedAt: 300, pipeline: 'p' },
      { sha256: 'oldest', width: 10, height: 10, faces: [face()], cachedAt: 100, pipeline: 'p' },
      { sha256: 'middle', width: 10, height: 10, faces: [], cachedAt: 200, pipeline: 'unrecorded' },
    ];
    await writeVersion3Database(name, old);

    expect(DB_VERSION).toBeGreaterThanOrEqual(4);
    let time = 1_000;
    const store = await openFacewiseStore(name, { maxCachedAnalyses: 3, now: () => ++time });
    const total = old.reduce((sum, r) => sum + estimateAnalysisBytes(r), 0);
    expect(await store.analyses.usage()).toEqual({ count: 3, bytes: total, limit: 3 });
    expect(await store.settings.get(ANALYSIS_BYTES_KEY)).toBe(total);
    expect((await store.known.list()).map((k) => k.name)).toEqual(['alice']);
    expect(await store.settings.get('tolerance')).toBe(0.55);
    store.close();

    // Read raw, before any hit marks them used again.
    const raw = await openDB(name);
    expect(raw.version).toBe(DB_VERSION);
    const tx = raw.transaction('analyses');
    expect([...tx.store.indexNames]).toEqual(['by-usedAt']);
    const records = (await tx.store.index('by-usedAt').getAll()) as Array<{ sha256: string; usedAt: number; bytes: number; faces: DetectedFace[] }>;
    expect(records.map((r) => [r.sha256, r.usedAt])).toEqual([
      ['oldest', 100],
      ['middle', 200],
      ['newest', 300],
    ]);
    expect(records.map((r) => r.bytes)).toEqual([old[1], old[2], old[0]].map((r) => estimateAnalysisBytes(r as NewCachedAnalysis)));
    expect(records[2]?.faces[1]?.crop?.size).toBe(2_000);
    raw.close();

    // The bound goes by that order: the analysis cached first goes first.
    const again = await openFacewiseStore(name, { maxCachedAnalyses: 3, now: () => ++time });
    await again.analyses.put({ sha256: 'new', width: 1, height: 1, faces: [], cachedAt: time, pipeline: 'p' });
    expect(await again.analyses.get('oldest')).toBeUndefined();
    expect((await again.analyses.usage()).count).toBe(3);
    again.close();
  });

  it('a database new at v4 has the index, an empty cache and no settings', async () => {
    const name = 'facewise-v4-new';
    names.push(name);
    const store = await openFacewiseStore(name);
    expect(await store.analyses.usage()).toMatchObject({ count: 0, bytes: 0 });
    expect(await store.settings.get(ANALYSIS_BYTES_KEY)).toBeUndefined();
    store.close();
    const raw = await openDB(name);
    const tx = raw.transaction('analyses');
    expect([...tx.store.indexNames]).toEqual(['by-usedAt']);
    await tx.done;
    raw.close();
  });
});
