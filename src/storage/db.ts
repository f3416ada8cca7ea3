/**
 * All persistence goes through this module: one IndexedDB database over `idb`.
 *
 * Schema history (add a step, never edit an old one; tests/unit/storage-upgrade.test.ts opens data
 * written by v1 with the current code):
 * - v1: `knownFaces` (keyPath `id`, indexes `by-name`, `by-sha256`), `settings` (out-of-line keys).
 * - v2: `analyses` (keyPath `sha256`: the faces found in a file, so a photo dropped again costs no model
 *   work) and `results` (keyPath `id`: every photo of the current batch, finished or not, so a reload can
 *   show the finished ones and say which files to drop again).
 * - v3: no new store; every known face and cached analysis carries `pipeline`, the PIPELINE_ID that made
 *   its encodings. Records written before are kept and marked `UNRECORDED_PIPELINE` (which pipeline made
 *   them is not known), so people whose encodings may come from another pipeline can be flagged.
 *
 * Every change is one transaction, so a failure (storage full) leaves nothing half-written. A full
 * disk becomes a `StorageFullError`. Where IndexedDB can't be opened (some private windows),
 * `openFacewiseStoreOrMemory` falls back to an in-memory store (`persistent: false`). Other tabs are told
 * about changes to the known faces over a BroadcastChannel (`onKnownFacesChanged`).
 */
import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { PhotoMetadata } from '../domain/face-regions';
import type { DetectedFace, PhotoStatus } from '../domain/types';

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

/** Marks records stored before v3 recorded the pipeline (and imports from files that don't say). */
export const UNRECORDED_PIPELINE = 'unrecorded';

/** What the models found in one file, keyed by the SHA-256 of its bytes: the analysis cache. */
export interface CachedAnalysisRecord {
  sha256: string;
  width: number;
  height: number;
  faces: DetectedFace[];
  cachedAt: number;
  /** The pipeline that made it (PIPELINE_ID); records without one predate the field. */
  pipeline?: string;
  /** EXIF orientation and embedded face regions; records without it predate the field. */
  metadata?: PhotoMetadata;
}

/** One photo of the current batch as stored: the file's identity (not its bytes) and its outcome. */
export interface PhotoResultRecord {
  id: string;
  /** Position in the batch: cards are shown in this order. */
  order: number;
  name: string;
  size: number;
  lastModified: number;
  /** Null until the file has been hashed. */
  sha256: string | null;
  status: PhotoStatus;
  width: number;
  height: number;
  faces: DetectedFace[];
  message?: string;
  /** EXIF orientation and embedded face regions, once analysed. */
  metadata?: PhotoMetadata;
  /** Who the photo shows, from its folder (labelled photos score themselves); absent when not labelled. */
  expected?: string;
}

export interface FacewiseStore {
  /** False for the in-memory fallback: nothing survives closing the page. */
  readonly persistent: boolean;
  /** Every known face, oldest first (by `addedAt`, then `id`). */
  listKnownFaces(): Promise<KnownFaceRecord[]>;
  /** Adds one record in one transaction; rejects if its `id` is already stored. */
  addKnownFace(record: KnownFaceRecord): Promise<void>;
  /** A known face made from the file with this hex SHA-256 (index `by-sha256`). */
  findKnownFaceBySha256(sha256: string): Promise<KnownFaceRecord | undefined>;
  clearKnownFaces(): Promise<void>;
  /** Every face named `from` is named `to` (an existing `to`: a merge), in one transaction; returns how many. */
  renameKnownPerson(from: string, to: string): Promise<number>;
  /** Removes these known faces (a photo, or all of a person's) in one transaction. */
  removeKnownFaces(ids: readonly string[]): Promise<void>;
  /** Adds or replaces these known faces in one transaction (undo, corrections, a merge import). */
  putKnownFaces(records: readonly KnownFaceRecord[]): Promise<void>;
  /** Replaces every known face with these, in one transaction (a replace import). */
  replaceKnownFaces(records: readonly KnownFaceRecord[]): Promise<void>;
  /** Empties every store (known faces, settings, cached analyses, results) in one transaction. */
  eraseAll(): Promise<void>;
  getSetting<T>(key: string): Promise<T | undefined>;
  setSetting(key: string, value: unknown): Promise<void>;
  /**
   * Calls `listener` when another tab (another store on the same database) changed the known faces;
   * returns an unsubscribe function. Changes made through this store are not reported to it.
   */
  onKnownFacesChanged(listener: () => void): () => void;
  /**
   * Calls `listener` when another tab erased everything (eraseAll): this tab should stop its work and
   * forget what it shows. Returns an unsubscribe function.
   */
  onErased(listener: () => void): () => void;
  getCachedAnalysis(sha256: string): Promise<CachedAnalysisRecord | undefined>;
  putCachedAnalysis(record: CachedAnalysisRecord): Promise<void>;
  clearCachedAnalyses(): Promise<void>;
  /** Every stored photo result, in batch order. */
  listPhotoResults(): Promise<PhotoResultRecord[]>;
  /** Adds or replaces these results in one transaction. */
  putPhotoResults(records: readonly PhotoResultRecord[]): Promise<void>;
  clearPhotoResults(): Promise<void>;
  close(): void;
}

/** The browser refused to store more (QuotaExceededError): the change was not saved. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  constructor(options?: { cause?: unknown }) {
    super("this browser's storage is full (free some disk space, or forget known people you no longer need)", options);
  }
}

function isQuotaError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED')
  );
}

/** Runs one write; a quota failure (thrown, or as the transaction's abort) becomes StorageFullError. */
async function write(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    throw isQuotaError(error) ? new StorageFullError({ cause: error }) : error;
  }
}

/**
 * Runs a transaction's requests and waits for it to commit. A request that throws as it is made (a
 * record without a key) aborts the transaction, so the requests made before it are not committed.
 */
async function allOrNothing(
  tx: { done: Promise<void>; abort(): void },
  requests: ReadonlyArray<() => Promise<unknown>>,
): Promise<void> {
  tx.done.catch(() => undefined);
  const made: Array<Promise<unknown>> = [];
  try {
    for (const request of requests) {
      const pending = request();
      // Aborting rejects the requests already made: they are awaited below, or dropped on purpose here.
      pending.catch(() => undefined);
      made.push(pending);
    }
  } catch (error) {
    tx.abort();
    throw error;
  }
  await Promise.all([...made, tx.done]);
}

/** Change notices between tabs; a no-op where BroadcastChannel is missing. */
function changeChannel(name: string) {
  const listeners = new Set<() => void>();
  const erasedListeners = new Set<() => void>();
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`facewise-db:${name}`) : null;
  if (channel) {
    channel.onmessage = (event: MessageEvent<unknown>) => {
      if (event.data === 'known-faces-changed') for (const listener of [...listeners]) listener();
      if (event.data === 'erased') for (const listener of [...erasedListeners]) listener();
    };
  }
  const add = (set: Set<() => void>, listener: () => void) => {
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };
  return {
    notify: () => channel?.postMessage('known-faces-changed'),
    notifyErased: () => channel?.postMessage('erased'),
    subscribe: (listener: () => void): (() => void) => add(listeners, listener),
    subscribeErased: (listener: () => void): (() => void) => add(erasedListeners, listener),
    close: () => channel?.close(),
  };
}

export const DB_NAME = 'facewise';
export const DB_VERSION = 3;

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
  analyses: {
    key: string;
    value: CachedAnalysisRecord;
  };
  results: {
    key: string;
    value: PhotoResultRecord;
  };
}

type FacewiseDatabase = IDBPDatabase<FacewiseSchema>;

type UpgradeTransaction = IDBPTransaction<FacewiseSchema, Array<StoreNames<FacewiseSchema>>, 'versionchange'>;

async function upgrade(db: FacewiseDatabase, oldVersion: number, tx: UpgradeTransaction): Promise<void> {
  if (oldVersion < 1) {
    const knownFaces = db.createObjectStore('knownFaces', { keyPath: 'id' });
    knownFaces.createIndex('by-name', 'name');
    knownFaces.createIndex('by-sha256', 'sha256');
    db.createObjectStore('settings');
  }
  if (oldVersion < 2) {
    db.createObjectStore('analyses', { keyPath: 'sha256' });
    db.createObjectStore('results', { keyPath: 'id' });
  }
  if (oldVersion >= 1 && oldVersion < 3) {
    // Keep every record; mark the ones that don't say which pipeline made them.
    for (let c = await tx.objectStore('knownFaces').openCursor(); c; c = await c.continue()) {
      if (c.value.pipeline === undefined) await c.update({ ...c.value, pipeline: UNRECORDED_PIPELINE });
    }
    if (oldVersion >= 2) {
      for (let c = await tx.objectStore('analyses').openCursor(); c; c = await c.continue()) {
        if (c.value.pipeline === undefined) await c.update({ ...c.value, pipeline: UNRECORDED_PIPELINE });
      }
    }
  }
  // if (oldVersion < 4) { ... } — later versions add their steps here.
}

/**
 * Opens (creating or upgrading) the database. When another tab opens a newer version, this
 * connection closes itself so that tab's upgrade is not blocked; later calls then reject.
 */
export async function openFacewiseStore(name: string = DB_NAME): Promise<FacewiseStore> {
  const db = await openDB<FacewiseSchema>(name, DB_VERSION, {
    upgrade: (database, oldVersion, _newVersion, transaction) => {
      void upgrade(database, oldVersion, transaction);
    },
    blocking: () => db.close(),
  });

  const changes = changeChannel(name);

  return {
    persistent: true,
    async listKnownFaces() {
      return sortKnownFaces(await db.getAll('knownFaces'));
    },
    async addKnownFace(record) {
      await write(async () => {
        const tx = db.transaction('knownFaces', 'readwrite');
        // If add() throws, the transaction has no request and commits nothing; tx.done must not dangle.
        tx.done.catch(() => undefined);
        await Promise.all([tx.store.add(record), tx.done]);
      });
      changes.notify();
    },
    async findKnownFaceBySha256(sha256) {
      return db.getFromIndex('knownFaces', 'by-sha256', sha256);
    },
    async clearKnownFaces() {
      await write(() => db.clear('knownFaces'));
      changes.notify();
    },
    async renameKnownPerson(from, to) {
      let count = 0;
      if (from === to) return 0;
      await write(async () => {
        count = 0;
        const tx = db.transaction('knownFaces', 'readwrite');
        tx.done.catch(() => undefined);
        const index = tx.store.index('by-name');
        for (let cursor = await index.openCursor(from); cursor; cursor = await cursor.continue()) {
          await cursor.update({ ...cursor.value, name: to });
          count++;
        }
        await tx.done;
      });
      if (count > 0) changes.notify();
      return count;
    },
    async removeKnownFaces(ids) {
      if (ids.length === 0) return;
      await write(async () => {
        const tx = db.transaction('knownFaces', 'readwrite');
        await allOrNothing(tx, ids.map((id) => () => tx.store.delete(id)));
      });
      changes.notify();
    },
    async putKnownFaces(records) {
      if (records.length === 0) return;
      await write(async () => {
        const tx = db.transaction('knownFaces', 'readwrite');
        await allOrNothing(tx, records.map((r) => () => tx.store.put(r)));
      });
      changes.notify();
    },
    async replaceKnownFaces(records) {
      await write(async () => {
        const tx = db.transaction('knownFaces', 'readwrite');
        await allOrNothing(tx, [() => tx.store.clear(), ...records.map((r) => () => tx.store.put(r))]);
      });
      changes.notify();
    },
    async eraseAll() {
      await write(async () => {
        const tx = db.transaction(['knownFaces', 'settings', 'analyses', 'results'], 'readwrite');
        await allOrNothing(tx, [
          () => tx.objectStore('knownFaces').clear(),
          () => tx.objectStore('settings').clear(),
          () => tx.objectStore('analyses').clear(),
          () => tx.objectStore('results').clear(),
        ]);
      });
      changes.notifyErased();
      changes.notify();
    },
    async getSetting<T>(key: string) {
      return (await db.get('settings', key)) as T | undefined;
    },
    async setSetting(key, value) {
      await write(() => db.put('settings', value, key));
    },
    onKnownFacesChanged: (listener) => changes.subscribe(listener),
    onErased: (listener) => changes.subscribeErased(listener),
    async getCachedAnalysis(sha256) {
      return db.get('analyses', sha256);
    },
    async putCachedAnalysis(record) {
      await write(() => db.put('analyses', record));
    },
    async clearCachedAnalyses() {
      await write(() => db.clear('analyses'));
    },
    async listPhotoResults() {
      return sortResults(await db.getAll('results'));
    },
    async putPhotoResults(records) {
      if (records.length === 0) return;
      await write(async () => {
        const tx = db.transaction('results', 'readwrite');
        await allOrNothing(tx, records.map((r) => () => tx.store.put(r)));
      });
    },
    async clearPhotoResults() {
      await write(() => db.clear('results'));
    },
    close() {
      changes.close();
      db.close();
    },
  };
}

function sortResults(records: PhotoResultRecord[]): PhotoResultRecord[] {
  return records.sort((x, y) => x.order - y.order);
}

function sortKnownFaces(records: KnownFaceRecord[]): KnownFaceRecord[] {
  return records.sort((x, y) => x.addedAt - y.addedAt || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/**
 * A store that keeps everything in this page's memory: the fallback where IndexedDB can't be opened.
 * Same behaviour as the IndexedDB store (ids unique, one record per add), nothing persists.
 */
export function createMemoryStore(): FacewiseStore {
  const known = new Map<string, KnownFaceRecord>();
  const settings = new Map<string, unknown>();
  const analyses = new Map<string, CachedAnalysisRecord>();
  const results = new Map<string, PhotoResultRecord>();
  return {
    persistent: false,
    async listKnownFaces() {
      return sortKnownFaces([...known.values()]);
    },
    async addKnownFace(record) {
      if (known.has(record.id)) throw new DOMException(`A known face with id ${record.id} already exists.`, 'ConstraintError');
      known.set(record.id, record);
    },
    async findKnownFaceBySha256(sha256) {
      for (const record of known.values()) if (record.sha256 === sha256) return record;
      return undefined;
    },
    async clearKnownFaces() {
      known.clear();
    },
    async renameKnownPerson(from, to) {
      if (from === to) return 0;
      const renamed = [...known.values()].filter((r) => r.name === from);
      for (const record of renamed) known.set(record.id, { ...record, name: to });
      return renamed.length;
    },
    async removeKnownFaces(ids) {
      for (const id of ids) known.delete(id);
    },
    async putKnownFaces(records) {
      for (const record of records) known.set(record.id, record);
    },
    async replaceKnownFaces(records) {
      known.clear();
      for (const record of records) known.set(record.id, record);
    },
    async eraseAll() {
      known.clear();
      settings.clear();
      analyses.clear();
      results.clear();
    },
    async getSetting<T>(key: string) {
      return settings.get(key) as T | undefined;
    },
    async setSetting(key, value) {
      settings.set(key, value);
    },
    onKnownFacesChanged: () => () => undefined,
    onErased: () => () => undefined,
    async getCachedAnalysis(sha256) {
      return analyses.get(sha256);
    },
    async putCachedAnalysis(record) {
      analyses.set(record.sha256, record);
    },
    async clearCachedAnalyses() {
      analyses.clear();
    },
    async listPhotoResults() {
      return sortResults([...results.values()]);
    },
    async putPhotoResults(records) {
      for (const record of records) results.set(record.id, record);
    },
    async clearPhotoResults() {
      results.clear();
    },
    close: () => undefined,
  };
}

/**
 * The IndexedDB store, or — where IndexedDB is missing or refuses to open (some private windows) —
 * an in-memory one; `openError` says why the fallback was used.
 */
export async function openFacewiseStoreOrMemory(
  name: string = DB_NAME,
): Promise<{ store: FacewiseStore; openError: unknown }> {
  try {
    if (typeof indexedDB === 'undefined' || indexedDB === null) throw new Error('IndexedDB is not available');
    return { store: await openFacewiseStore(name), openError: null };
  } catch (error) {
    return { store: createMemoryStore(), openError: error };
  }
}
