/**
 * All persistence goes through this module: one IndexedDB database over `idb`.
 *
 * Schema history (add a step, never edit an old one; tests/unit/storage-faults.test.ts and
 * storage-v<N>.test.ts open data written by earlier versions with the current code):
 * - v1: `knownFaces` (keyPath `id`, indexes `by-name`, `by-sha256`), `settings` (out-of-line keys).
 * - v2: `analyses` (keyPath `sha256`: the faces found in a file, so a photo dropped again costs no model
 *   work) and `results` (keyPath `id`: every photo of the current batch, finished or not, so a reload can
 *   show the finished ones and say which files to drop again).
 * - v3: no new store; every known face and cached analysis carries `pipeline`, the PIPELINE_ID that made
 *   its encodings. Records written before are kept and marked `UNRECORDED_PIPELINE` (which pipeline made
 *   them is not known), so people whose encodings may come from another pipeline can be flagged.
 * - v4: the analysis cache is bounded (MAX_CACHED_ANALYSES, least recently used out first): every cached
 *   analysis carries `usedAt` (index `by-usedAt`), set when it is stored and on every cache hit, and
 *   `bytes`, its estimated size (estimateAnalysisBytes); `settings` holds their sum under
 *   ANALYSIS_BYTES_KEY, kept in the same transactions, so "Your data" reads the size without a scan.
 *   Analyses written before get `usedAt = cachedAt` and their estimate.
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
  /** When it was stored or last served from the cache (ms; set by the store): the least recent go first. */
  usedAt: number;
  /** Its estimated size (estimateAnalysisBytes; set by the store). */
  bytes: number;
}

/** An analysis to cache: the store stamps `usedAt` and `bytes`. */
export type NewCachedAnalysis = Omit<CachedAnalysisRecord, 'usedAt' | 'bytes'>;

/** How many analyses are cached, about how much space they take, and how many are kept at most. */
export interface AnalysisCacheUsage {
  count: number;
  bytes: number;
  limit: number;
}

/**
 * Most analyses the cache keeps; beyond it the least recently used are removed. A face takes 6–7 KB (a
 * 640-number encoding, 2.5 KB; 68 landmarks, 1.6 KB; a 64 px JPEG crop, 1.9 KB on average over 400 LFW
 * faces, ~3 KB for busier ones), so with one or two faces a photo (~10 KB) 10,000 photos take about
 * 100 MB, and still ~350 MB if every photo were a group of five: well within what browsers grant a site,
 * leaving room for the known people.
 */
export const MAX_CACHED_ANALYSES = 10_000;

/** `settings` key of the sum of the cached analyses' `bytes` (v4). */
export const ANALYSIS_BYTES_KEY = 'analysisCacheBytes';

// Bytes an analysis takes as IndexedDB stores it (structured clone, the crops as blobs), within ~10%
// (tests/unit/analysis-cache.test.ts measures it against v8.serialize, the format Chromium uses).
const RECORD_BYTES = 200;
const FACE_BYTES = 120;
const LANDMARK_BYTES = 24;
const REGION_BYTES = 80;

/** The size of a cached analysis, estimated from its faces without serialising it. */
export function estimateAnalysisBytes(record: NewCachedAnalysis): number {
  let bytes = RECORD_BYTES + (record.pipeline?.length ?? 0);
  for (const face of record.faces) {
    bytes += FACE_BYTES + face.encoding.byteLength + face.landmarks.length * LANDMARK_BYTES + (face.crop?.size ?? 0);
  }
  for (const region of record.metadata?.regions ?? []) bytes += REGION_BYTES + region.name.length;
  return bytes;
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
  /** The cached analysis of this file, if any; a hit marks it used now (its `usedAt`, in the same transaction). */
  getCachedAnalysis(sha256: string): Promise<CachedAnalysisRecord | undefined>;
  /**
   * Stores an analysis (replacing one of the same file), used now; beyond the store's limit
   * (MAX_CACHED_ANALYSES) the least recently used are removed, in the same transaction: a put that fails
   * removes nothing.
   */
  putCachedAnalysis(record: NewCachedAnalysis): Promise<void>;
  clearCachedAnalyses(): Promise<void>;
  /** How many analyses are cached and their estimated bytes: a count and one stored sum, no scan. */
  getAnalysisCacheUsage(): Promise<AnalysisCacheUsage>;
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
export const DB_VERSION = 4;

export interface StoreOptions {
  /** Most analyses cached (MAX_CACHED_ANALYSES). */
  maxCachedAnalyses?: number;
  /** The clock `usedAt` is read from (Date.now). */
  now?: () => number;
}

/** An analysis as the store keeps it: used now, its size estimated. */
function stampAnalysis(record: NewCachedAnalysis, usedAt: number): CachedAnalysisRecord {
  return { ...record, usedAt, bytes: estimateAnalysisBytes(record) };
}

/** Aborts a transaction that may have aborted already (a failed request aborts it). */
function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // already finished
  }
}

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
    indexes: { 'by-usedAt': number };
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
  if (oldVersion < 4) {
    const analyses = tx.objectStore('analyses');
    analyses.createIndex('by-usedAt', 'usedAt');
    if (oldVersion >= 2) {
      // Analyses cached before: last used when they were cached (one without a time goes first), their
      // sizes estimated and summed.
      let bytes = 0;
      for (let c = await analyses.openCursor(); c; c = await c.continue()) {
        const usedAt = typeof c.value.cachedAt === 'number' ? c.value.cachedAt : 0;
        const record: CachedAnalysisRecord = { ...c.value, usedAt, bytes: estimateAnalysisBytes(c.value) };
        bytes += record.bytes;
        await c.update(record);
      }
      await tx.objectStore('settings').put(bytes, ANALYSIS_BYTES_KEY);
    }
  }
  // if (oldVersion < 5) { ... } — later versions add their steps here.
}

/** The stored sum of the cached analyses' bytes (absent: none cached yet). */
const storedBytes = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * Opens (creating or upgrading) the database. When another tab opens a newer version, this
 * connection closes itself so that tab's upgrade is not blocked; later calls then reject.
 */
export async function openFacewiseStore(name: string = DB_NAME, options: StoreOptions = {}): Promise<FacewiseStore> {
  const limit = options.maxCachedAnalyses ?? MAX_CACHED_ANALYSES;
  const now = options.now ?? Date.now;
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
      // One transaction: the record can't be removed between reading it and marking it used.
      const tx = db.transaction('analyses', 'readwrite');
      tx.done.catch(() => undefined);
      const record = await tx.store.get(sha256);
      if (!record) return record;
      const used = { ...record, usedAt: now() };
      try {
        await Promise.all([tx.store.put(used), tx.done]);
        return used;
      } catch {
        // Not marked used (storage full?): the analysis is still good.
        abortQuietly(tx);
        return record;
      }
    },
    async putCachedAnalysis(analysis) {
      const record = stampAnalysis(analysis, now());
      await write(async () => {
        const tx = db.transaction(['analyses', 'settings'], 'readwrite');
        tx.done.catch(() => undefined);
        const analyses = tx.objectStore('analyses');
        const settings = tx.objectStore('settings');
        try {
          const [replaced, total] = await Promise.all([analyses.get(record.sha256), settings.get(ANALYSIS_BYTES_KEY)]);
          let bytes = storedBytes(total) - (replaced?.bytes ?? 0) + record.bytes;
          await analyses.put(record);
          // The least recently used first (ties by key); the one just put is the most recent.
          let over = (await analyses.count()) - limit;
          for (let c = await analyses.index('by-usedAt').openCursor(); c && over > 0; c = await c.continue()) {
            if (c.primaryKey === record.sha256) continue;
            bytes -= c.value.bytes;
            await c.delete();
            over--;
          }
          await settings.put(Math.max(0, bytes), ANALYSIS_BYTES_KEY);
        } catch (error) {
          abortQuietly(tx);
          throw error;
        }
        await tx.done;
      });
    },
    async clearCachedAnalyses() {
      await write(async () => {
        const tx = db.transaction(['analyses', 'settings'], 'readwrite');
        await allOrNothing(tx, [() => tx.objectStore('analyses').clear(), () => tx.objectStore('settings').delete(ANALYSIS_BYTES_KEY)]);
      });
    },
    async getAnalysisCacheUsage() {
      const tx = db.transaction(['analyses', 'settings']);
      const [count, total] = await Promise.all([tx.objectStore('analyses').count(), tx.objectStore('settings').get(ANALYSIS_BYTES_KEY), tx.done]);
      return { count, bytes: storedBytes(total), limit };
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
 * Same behaviour as the IndexedDB store (ids unique, one record per add; the analysis cache bounded the
 * same way, and its records copied in and out as IndexedDB clones them), nothing persists.
 */
export function createMemoryStore(options: StoreOptions = {}): FacewiseStore {
  const limit = options.maxCachedAnalyses ?? MAX_CACHED_ANALYSES;
  const now = options.now ?? Date.now;
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
      const record = analyses.get(sha256);
      if (!record) return undefined;
      const used = { ...record, usedAt: now() };
      analyses.set(sha256, used);
      return structuredClone(used);
    },
    async putCachedAnalysis(analysis) {
      // Cloned first: a record IndexedDB would refuse (DataCloneError) changes nothing here either.
      const record = structuredClone(stampAnalysis(analysis, now()));
      analyses.set(record.sha256, record);
      while (analyses.size > limit) {
        let oldest: CachedAnalysisRecord | null = null;
        for (const r of analyses.values()) {
          if (r.sha256 === record.sha256) continue;
          if (!oldest || r.usedAt < oldest.usedAt || (r.usedAt === oldest.usedAt && r.sha256 < oldest.sha256)) oldest = r;
        }
        if (!oldest) break;
        analyses.delete(oldest.sha256);
      }
    },
    async clearCachedAnalyses() {
      analyses.clear();
    },
    async getAnalysisCacheUsage() {
      let bytes = 0;
      for (const r of analyses.values()) bytes += r.bytes;
      return { count: analyses.size, bytes, limit };
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
  options: StoreOptions = {},
): Promise<{ store: FacewiseStore; openError: unknown }> {
  try {
    if (typeof indexedDB === 'undefined' || indexedDB === null) throw new Error('IndexedDB is not available');
    return { store: await openFacewiseStore(name, options), openError: null };
  } catch (error) {
    return { store: createMemoryStore(options), openError: error };
  }
}
