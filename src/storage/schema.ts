/**
 * The database's shape and history: its object stores and indexes, its version, and the upgrade steps
 * that bring data written by an earlier version up to date.
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
 */
import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { ANALYSIS_BYTES_KEY, estimateAnalysisBytes } from './analysis-cache';
import type { CachedAnalysisRecord } from './analysis-cache';
import type { KnownFaceRecord } from './known-faces';
import type { PhotoResultRecord } from './photo-results';

export const DB_NAME = 'facewise';
export const DB_VERSION = 4;

/** Marks records stored before v3 recorded the pipeline (and imports from files that don't say). */
export const UNRECORDED_PIPELINE = 'unrecorded';

export interface FacewiseSchema extends DBSchema {
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

export type FacewiseDatabase = IDBPDatabase<FacewiseSchema>;

/** Every object store: what erasing everything empties. */
export const STORE_NAMES: ReadonlyArray<StoreNames<FacewiseSchema>> = ['knownFaces', 'settings', 'analyses', 'results'];

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

/**
 * Opens (creating or upgrading) the database. When another tab opens a newer version, this
 * connection closes itself so that tab's upgrade is not blocked; later calls then reject.
 */
export async function openDatabase(name: string): Promise<FacewiseDatabase> {
  const db = await openDB<FacewiseSchema>(name, DB_VERSION, {
    upgrade: (database, oldVersion, _newVersion, transaction) => {
      void upgrade(database, oldVersion, transaction);
    },
    blocking: () => db.close(),
  });
  return db;
}
