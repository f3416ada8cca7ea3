/**
 * The database's upgrade path from the first version's data, quota failures, the in-memory fallback
 * and the cross-tab change notices (fake-indexeddb; Node's BroadcastChannel).
 */
import 'fake-indexeddb/auto';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  DB_VERSION,
  openFacewiseStore,
  openFacewiseStoreOrMemory,
  StorageFullError,
} from '../../src/storage/db';
import type { FacewiseStore, KnownFaceRecord } from '../../src/storage/db';

let counter = 0;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function freshName(): string {
  const name = `facewise-faults-${counter++}`;
  cleanups.push(() => deleteDB(name));
  return name;
}

function track(store: FacewiseStore): FacewiseStore {
  cleanups.push(() => store.close());
  return store;
}

function record(overrides: Partial<KnownFaceRecord> = {}): KnownFaceRecord {
  return {
    id: crypto.randomUUID(),
    name: 'alice',
    encoding: Float32Array.from({ length: 128 }, (_, i) => Math.sin(i)),
    thumbnail: null,
    sourceFile: 'alice.jpg',
    sha256: 'a'.repeat(64),
    addedAt: 1000,
    ...overrides,
  };
}

/**
 * Version 1 exactly as it shipped, written with raw idb calls (a frozen copy: never change this when
 * the schema moves on; add a new fixture for each new version instead).
 */
async function writeVersion1Database(name: string, records: KnownFaceRecord[], settings: Record<string, unknown>) {
  const db = await openDB(name, 1, {
    upgrade(database) {
      const knownFaces = database.createObjectStore('knownFaces', { keyPath: 'id' });
      knownFaces.createIndex('by-name', 'name');
      knownFaces.createIndex('by-sha256', 'sha256');
      database.createObjectStore('settings');
    },
  });
  for (const r of records) await db.add('knownFaces', r);
  for (const [key, value] of Object.entries(settings)) await db.put('settings', value, key);
  db.close();
}

describe('schema upgrades', () => {
  it('has a version, and opens data written by version 1 intact', async () => {
    expect(DB_VERSION).toBeGreaterThanOrEqual(1);
    const name = freshName();
    const v1 = [
      record({ id: 'a', name: 'alice', sha256: '1'.repeat(64), addedAt: 1 }),
      record({ id: 'b', name: 'bob', sha256: '2'.repeat(64), addedAt: 2, thumbnail: new Blob([new Uint8Array([9])], { type: 'image/jpeg' }) }),
    ];
    await writeVersion1Database(name, v1, { tolerance: 0.5 });

    const store = track(await openFacewiseStore(name));
    const listed = await store.known.list();
    expect(listed.map((r) => [r.id, r.name, r.sourceFile, r.sha256, r.addedAt])).toEqual(
      v1.map((r) => [r.id, r.name, r.sourceFile, r.sha256, r.addedAt]),
    );
    expect(Array.from(listed[0]?.encoding ?? [])).toEqual(Array.from(v1[0]?.encoding ?? []));
    expect(listed[1]?.thumbnail?.type).toBe('image/jpeg');
    expect((await store.known.findBySha256('2'.repeat(64)))?.name).toBe('bob');
    expect(await store.settings.get<number>('tolerance')).toBe(0.5);
    store.close();

    const raw = await openDB(name);
    expect(raw.version).toBe(DB_VERSION);
    raw.close();
  });
});

describe('quota exceeded', () => {
  /** Makes IDBObjectStore.put throw QuotaExceededError from its `failAt`-th call on (1-based); returns the undo. */
  function quotaFullFrom(failAt: number): { calls: () => number; restore: () => void } {
    const original = Object.getOwnPropertyDescriptor(IDBObjectStore.prototype, 'put');
    if (!original) throw new Error('IDBObjectStore.put not found');
    const put = original.value as IDBObjectStore['put'];
    let calls = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++calls >= failAt) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
    return { calls: () => calls, restore: () => Object.defineProperty(IDBObjectStore.prototype, 'put', original) };
  }

  it('a batch that hits the quota mid-way becomes StorageFullError and writes none of its records', async () => {
    const store = track(await openFacewiseStore(freshName()));
    await store.known.add(record({ id: 'kept' }));
    const batch = Array.from({ length: 5 }, (_, i) => record({ id: `batch-${i}`, name: 'bob' }));
    const quota = quotaFullFrom(3); // records 1 and 2 are put, the 3rd throws
    try {
      const failure = store.known.apply({ put: batch, remove: [] });
      await expect(failure).rejects.toBeInstanceOf(StorageFullError);
      await expect(failure).rejects.toThrow(/storage is full/);
      expect(quota.calls(), 'the fault came mid-batch, after some records were put').toBe(3);
    } finally {
      quota.restore();
    }
    expect((await store.known.list()).map((r) => r.id)).toEqual(['kept']);
  });

  it('a replace import that hits the quota mid-way keeps every earlier face', async () => {
    const store = track(await openFacewiseStore(freshName()));
    await store.known.apply({ put: [record({ id: 'old-1' }), record({ id: 'old-2', name: 'carol' })], remove: [] });
    const quota = quotaFullFrom(4);
    try {
      await expect(store.known.replace(Array.from({ length: 6 }, (_, i) => record({ id: `new-${i}` })))).rejects.toBeInstanceOf(
        StorageFullError,
      );
      expect(quota.calls()).toBe(4);
    } finally {
      quota.restore();
    }
    expect((await store.known.list()).map((r) => r.id).sort()).toEqual(['old-1', 'old-2']);
  });
});

describe('IndexedDB unavailable', () => {
  it('falls back to a memory store that is not persistent', async () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- put back on the prototype below, never called loose
    const original = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function () {
      throw new DOMException('no', 'InvalidStateError');
    };
    let opened: Awaited<ReturnType<typeof openFacewiseStoreOrMemory>>;
    try {
      opened = await openFacewiseStoreOrMemory(freshName());
    } finally {
      IDBFactory.prototype.open = original;
    }
    expect(opened.openError).toBeInstanceOf(DOMException);
    const store = opened.store;
    expect(store.persistent).toBe(false);
    // A working store (storage-contract.test.ts holds the memory store to the IndexedDB one's behaviour).
    await store.known.add(record({ id: 'x' }));
    expect((await store.known.list()).map((r) => r.id)).toEqual(['x']);
  });

  it('uses IndexedDB when it opens', async () => {
    const opened = await openFacewiseStoreOrMemory(freshName());
    track(opened.store);
    expect(opened.openError).toBeNull();
    expect(opened.store.persistent).toBe(true);
    expect(createMemoryStore().persistent).toBe(false);
  });
});

describe('changes across tabs', () => {
  it('tells other stores on the same database, not the one that made the change', async () => {
    const name = freshName();
    const tabA = track(await openFacewiseStore(name));
    const tabB = track(await openFacewiseStore(name));
    const seen = { a: 0, b: 0 };
    tabA.known.onChanged(() => (seen.a += 1));
    const changed = new Promise<void>((resolve) => tabB.known.onChanged(() => resolve()));
    tabB.known.onChanged(() => (seen.b += 1));

    await tabA.known.add(record({ id: 'n' }));
    await changed;
    expect((await tabB.known.list()).map((r) => r.id)).toEqual(['n']);

    const cleared = new Promise<void>((resolve) => tabB.known.onChanged(() => resolve()));
    await tabA.known.clear();
    await cleared;
    expect(await tabB.known.list()).toEqual([]);
    expect(seen).toEqual({ a: 0, b: 2 });
  });
});
