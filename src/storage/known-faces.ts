/**
 * The known faces (object store `knownFaces`): the people Facewise recognises, one record per face. The
 * repository's contract, its IndexedDB implementation and its in-memory one, side by side;
 * tests/unit/storage-contract.test.ts holds both to the same behaviour.
 */
import type { IDBPTransaction } from 'idb';
import type { KnownEdit } from '../domain/known-edits';
import type { FacewiseDatabase, FacewiseSchema } from './schema';
import type { TabNotices } from './tab-notices';
import { allOrNothing, write } from './transactions';

export interface KnownFaceRecord {
  id: string;
  name: string;
  encoding: Float32Array;
  thumbnail: Blob | null;
  sourceFile: string;
  sha256: string;
  addedAt: number;
  /** The pipeline that made the encoding (PIPELINE_ID); UNRECORDED_PIPELINE for faces stored before v3. */
  pipeline?: string;
  /**
   * The face's aligned 112×112 ArcFace chip as a JPEG (faces added since the second recognizer), so that a
   * future recognizer can encode known people again without their photos.
   */
  chip?: Blob | null;
}

export interface KnownFacesRepository {
  /** Every known face, oldest first (by `addedAt`, then `id`). */
  list(): Promise<KnownFaceRecord[]>;
  /** Adds one record in one transaction; rejects if its `id` is already stored. */
  add(record: KnownFaceRecord): Promise<void>;
  /** A known face made from the file with this hex SHA-256 (index `by-sha256`). */
  findBySha256(sha256: string): Promise<KnownFaceRecord | undefined>;
  clear(): Promise<void>;
  /**
   * One edit of known people in one transaction, all or nothing: the `remove` ids deleted, then the `put`
   * records added or replaced by id (a rename, a merge, a removal, a correction, a merge import, an undo).
   */
  apply(edit: KnownEdit<KnownFaceRecord>): Promise<void>;
  /** Replaces every known face with these, in one transaction (a replace import). */
  replace(records: readonly KnownFaceRecord[]): Promise<void>;
  /**
   * Calls `listener` when another tab (another store on the same database) changed the known faces;
   * returns an unsubscribe function. Changes made through this repository are not reported to it.
   */
  onChanged(listener: () => void): () => void;
}

function sortKnownFaces(records: KnownFaceRecord[]): KnownFaceRecord[] {
  return records.sort((x, y) => x.addedAt - y.addedAt || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** The known faces in IndexedDB; every change is told to the other tabs. */
export function knownFacesInIndexedDb(
  db: FacewiseDatabase,
  notices: Pick<TabNotices, 'knownFacesChanged' | 'onKnownFacesChanged'>,
): KnownFacesRepository {
  /** Runs these writes in one transaction (all or nothing), then tells the other tabs. */
  const writeAll = async (requests: (tx: IDBPTransaction<FacewiseSchema, ['knownFaces'], 'readwrite'>) => ReadonlyArray<() => Promise<unknown>>) => {
    await write(async () => {
      const tx = db.transaction('knownFaces', 'readwrite');
      await allOrNothing(tx, requests(tx));
    });
    notices.knownFacesChanged();
  };
  return {
    async list() {
      return sortKnownFaces(await db.getAll('knownFaces'));
    },
    async add(record) {
      await write(async () => {
        const tx = db.transaction('knownFaces', 'readwrite');
        // If add() throws, the transaction has no request and commits nothing; tx.done must not dangle.
        tx.done.catch(() => undefined);
        await Promise.all([tx.store.add(record), tx.done]);
      });
      notices.knownFacesChanged();
    },
    async findBySha256(sha256) {
      return db.getFromIndex('knownFaces', 'by-sha256', sha256);
    },
    async clear() {
      await write(() => db.clear('knownFaces'));
      notices.knownFacesChanged();
    },
    async apply({ put, remove }) {
      if (put.length === 0 && remove.length === 0) return;
      await writeAll((tx) => [...remove.map((id) => () => tx.store.delete(id)), ...put.map((r) => () => tx.store.put(r))]);
    },
    async replace(records) {
      await writeAll((tx) => [() => tx.store.clear(), ...records.map((r) => () => tx.store.put(r))]);
    },
    onChanged: (listener) => notices.onKnownFacesChanged(listener),
  };
}

/**
 * The known faces in `records` (this page's memory, keyed by id): ids unique, one record per add, as in
 * IndexedDB. No other tab shares them, so `onChanged` never calls.
 */
export function knownFacesInMemory(records: Map<string, KnownFaceRecord>): KnownFacesRepository {
  return {
    async list() {
      return sortKnownFaces([...records.values()]);
    },
    async add(record) {
      if (records.has(record.id)) throw new DOMException(`A known face with id ${record.id} already exists.`, 'ConstraintError');
      records.set(record.id, record);
    },
    async findBySha256(sha256) {
      for (const record of records.values()) if (record.sha256 === sha256) return record;
      return undefined;
    },
    async clear() {
      records.clear();
    },
    async apply({ put, remove }) {
      for (const id of remove) records.delete(id);
      for (const record of put) records.set(record.id, record);
    },
    async replace(replacements) {
      records.clear();
      for (const record of replacements) records.set(record.id, record);
    },
    onChanged: () => () => undefined,
  };
}
