/**
 * Opening the IndexedDB store: the default name, the stores and indexes it creates, and what survives
 * reopening. What every repository does on both backends is in storage-contract.test.ts.
 */
import 'fake-indexeddb/auto';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, openFacewiseStore } from '../../src/storage/db';
import type { FacewiseStore } from '../../src/storage/db';
import { knownFace as record } from './fixtures/storage-records';

let dbCounter = 0;
const opened: Array<{ store: FacewiseStore; name: string }> = [];

async function freshStore(): Promise<{ store: FacewiseStore; name: string }> {
  const name = `facewise-test-${dbCounter++}`;
  const store = await openFacewiseStore(name);
  const entry = { store, name };
  opened.push(entry);
  return entry;
}

afterEach(async () => {
  for (const { store, name } of opened.splice(0)) {
    store.close();
    await deleteDB(name);
  }
});


describe('openFacewiseStore', () => {
  it('uses the default name "facewise" and creates the stores and indexes', async () => {
    expect(DB_NAME).toBe('facewise');
    const store = await openFacewiseStore();
    store.close();
    const raw = await openDB(DB_NAME);
    expect(raw.version).toBe(DB_VERSION);
    expect([...raw.objectStoreNames].sort()).toEqual(['analyses', 'knownFaces', 'results', 'settings']);
    const tx = raw.transaction('knownFaces');
    expect(tx.store.keyPath).toBe('id');
    expect([...tx.store.indexNames].sort()).toEqual(['by-name', 'by-sha256']);
    await tx.done;
    raw.close();
    await deleteDB(DB_NAME);
  });

  it('persists every repository across reopening', async () => {
    const { store, name } = await freshStore();
    await store.known.add(record({ id: 'x' }));
    await store.settings.set('tolerance', 0.45);
    await store.analyses.put({ sha256: 's', width: 10, height: 20, faces: [], cachedAt: 1 });
    await store.results.put([{ id: 'p', order: 0, name: 'p.jpg', size: 1, lastModified: 1, sha256: 's', status: 'done', width: 10, height: 20, faces: [] }]);
    store.close();
    const again = await openFacewiseStore(name);
    expect((await again.known.list()).map((r) => r.id)).toEqual(['x']);
    expect(await again.settings.get('tolerance')).toBe(0.45);
    expect((await again.analyses.usage()).count).toBe(1);
    expect((await again.analyses.get('s'))?.height).toBe(20);
    expect((await again.results.list()).map((r) => r.id)).toEqual(['p']);
    again.close();
  });
});
