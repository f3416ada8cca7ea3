/**
 * All persistence goes through this module: one IndexedDB database over `idb`.
 *
 * Schema history (add a step, never edit an old one):
 * - v1: `knownFaces` (keyPath `id`, indexes `by-name`, `by-sha256`), `settings` (out-of-line keys).
 */
import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';

export interface KnownFaceRecord {
  id: string;
  name: string;
  encoding: Float32Array;
  thumbnail: Blob | null;
  sourceFile: string;
  sha256: string;
  addedAt: number;
}

export interface FacewiseStore {
  /** Every known face, oldest first (by `addedAt`, then `id`). */
  listKnownFaces(): Promise<KnownFaceRecord[]>;
  /** Adds one record in one transaction; rejects if its `id` is already stored. */
  addKnownFace(record: KnownFaceRecord): Promise<void>;
  /** A known face made from the file with this hex SHA-256 (index `by-sha256`). */
  findKnownFaceBySha256(sha256: string): Promise<KnownFaceRecord | undefined>;
  clearKnownFaces(): Promise<void>;
  getSetting<T>(key: string): Promise<T | undefined>;
  setSetting(key: string, value: unknown): Promise<void>;
  close(): void;
}

export const DB_NAME = 'facewise';
export const DB_VERSION = 1;

interface FacewiseSchema extends DBSchema {
  knownFaces: {
    key: string;
    value: KnownFaceRecord;
    indexes: { 'by-name': string; 'by-sha256': string };
  };
  settings: {
    key: string;
    value: unknown;
  };
}

type FacewiseDatabase = IDBPDatabase<FacewiseSchema>;

function upgrade(db: FacewiseDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    const knownFaces = db.createObjectStore('knownFaces', { keyPath: 'id' });
    knownFaces.createIndex('by-name', 'name');
    knownFaces.createIndex('by-sha256', 'sha256');
    db.createObjectStore('settings');
  }
  // if (oldVersion < 2) { ... } — later versions add their stores here.
}

/**
 * Opens (creating or upgrading) the database. When another tab opens a newer version, this
 * connection closes itself so that tab's upgrade is not blocked; later calls then reject.
 */
export async function openFacewiseStore(name: string = DB_NAME): Promise<FacewiseStore> {
  const db = await openDB<FacewiseSchema>(name, DB_VERSION, {
    upgrade: (database, oldVersion) => upgrade(database, oldVersion),
    blocking: () => db.close(),
  });

  return {
    async listKnownFaces() {
      const records = await db.getAll('knownFaces');
      return records.sort((x, y) => x.addedAt - y.addedAt || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    },
    async addKnownFace(record) {
      const tx = db.transaction('knownFaces', 'readwrite');
      await Promise.all([tx.store.add(record), tx.done]);
    },
    async findKnownFaceBySha256(sha256) {
      return db.getFromIndex('knownFaces', 'by-sha256', sha256);
    },
    async clearKnownFaces() {
      await db.clear('knownFaces');
    },
    async getSetting<T>(key: string) {
      return (await db.get('settings', key)) as T | undefined;
    },
    async setSetting(key, value) {
      await db.put('settings', value, key);
    },
    close() {
      db.close();
    },
  };
}
