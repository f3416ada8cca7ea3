import 'fake-indexeddb/auto';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, openFacewiseStore } from '../../src/storage/db';
import type { FacewiseStore, KnownFaceRecord } from '../../src/storage/db';

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

function record(overrides: Partial<KnownFaceRecord> = {}): KnownFaceRecord {
  return {
    id: crypto.randomUUID(),
    name: 'alice',
    encoding: Float32Array.from({ length: 128 }, (_, i) => i / 128),
    thumbnail: null,
    sourceFile: 'alice.jpg',
    sha256: 'a'.repeat(64),
    addedAt: 1000,
    ...overrides,
  };
}

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

  it('persists across reopening', async () => {
    const { store, name } = await freshStore();
    await store.known.add(record({ id: 'x' }));
    store.close();
    const again = await openFacewiseStore(name);
    expect((await again.known.list()).map((r) => r.id)).toEqual(['x']);
    again.close();
  });
});

describe('known faces', () => {
  it('stores encodings as Float32Array with exact values', async () => {
    const { store } = await freshStore();
    const original = record();
    await store.known.add(original);
    const [stored] = await store.known.list();
    expect(stored?.encoding).toBeInstanceOf(Float32Array);
    expect(Array.from(stored?.encoding ?? [])).toEqual(Array.from(original.encoding));
    expect(stored).toEqual(original);
  });

  it('lists records ordered by addedAt, not insertion or id order', async () => {
    const { store } = await freshStore();
    await store.known.add(record({ id: 'c', addedAt: 30 }));
    await store.known.add(record({ id: 'a', addedAt: 20 }));
    await store.known.add(record({ id: 'b', addedAt: 10 }));
    expect((await store.known.list()).map((r) => r.id)).toEqual(['b', 'a', 'c']);
  });

  it('rejects a second record with the same id', async () => {
    const { store } = await freshStore();
    await store.known.add(record({ id: 'same' }));
    await expect(store.known.add(record({ id: 'same', name: 'bob' }))).rejects.toThrow();
    expect((await store.known.list()).map((r) => r.name)).toEqual(['alice']);
  });

  it('finds a record by sha256 and returns undefined for an unknown hash', async () => {
    const { store } = await freshStore();
    await store.known.add(record({ id: '1', sha256: '1'.repeat(64), name: 'alice' }));
    await store.known.add(record({ id: '2', sha256: '2'.repeat(64), name: 'bob' }));
    expect((await store.known.findBySha256('2'.repeat(64)))?.name).toBe('bob');
    expect(await store.known.findBySha256('f'.repeat(64))).toBeUndefined();
  });

  it('clears all known faces but keeps settings', async () => {
    const { store } = await freshStore();
    await store.known.add(record({ id: '1' }));
    await store.settings.set('tolerance', 0.5);
    await store.known.clear();
    expect(await store.known.list()).toEqual([]);
    expect(await store.settings.get<number>('tolerance')).toBe(0.5);
  });

  // Node 20+ structuredClone (which fake-indexeddb uses) clones Blobs, so the browser path is tested here too.
  it('stores a thumbnail Blob', async () => {
    const { store } = await freshStore();
    await store.known.add(record({ thumbnail: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }) }));
    const [stored] = await store.known.list();
    expect(stored?.thumbnail).toBeInstanceOf(Blob);
    expect(stored?.thumbnail?.type).toBe('image/jpeg');
    expect(Array.from(new Uint8Array((await stored?.thumbnail?.arrayBuffer()) ?? new ArrayBuffer(0)))).toEqual([1, 2, 3]);
  });
});

describe('settings', () => {
  it('returns undefined for a missing key and round-trips structured values', async () => {
    const { store } = await freshStore();
    expect(await store.settings.get('missing')).toBeUndefined();
    await store.settings.set('tolerance', 0.55);
    await store.settings.set('options', { strategy: 'nearest', list: [1, 2] });
    await store.settings.set('tolerance', 0.45);
    expect(await store.settings.get<number>('tolerance')).toBe(0.45);
    expect(await store.settings.get('options')).toEqual({ strategy: 'nearest', list: [1, 2] });
  });
});
