/**
 * All persistence goes through this folder, and this module is its door: one IndexedDB database over
 * `idb` (its shape and upgrades in schema.ts), composed of one repository per object store — the known
 * faces (known-faces.ts), the settings (settings.ts), the analysis cache (analysis-cache.ts), the current
 * batch's results (photo-results.ts) — each module holding its repository's contract with an IndexedDB and
 * an in-memory implementation side by side (tests/unit/storage-contract.test.ts runs one suite on both).
 *
 * Every change is one transaction, so a failure (storage full) leaves nothing half-written. A full
 * disk becomes a `StorageFullError`. Where IndexedDB can't be opened (some private windows),
 * `openFacewiseStoreOrMemory` falls back to an in-memory store (`persistent: false`). Other tabs are told
 * about changes to the known faces (`known.onChanged`) and about erasing (`onErased`) over a
 * BroadcastChannel (tab-notices.ts).
 */
import {
  analysisCacheInIndexedDb,
  analysisCacheInMemory,
  type AnalysisCacheOptions,
  type AnalysisCacheRepository,
  type CachedAnalysisRecord,
} from './analysis-cache';
import { knownFacesInIndexedDb, knownFacesInMemory, type KnownFaceRecord, type KnownFacesRepository } from './known-faces';
import { photoResultsInIndexedDb, photoResultsInMemory, type PhotoResultRecord, type PhotoResultsRepository } from './photo-results';
import { DB_NAME, openDatabase, STORE_NAMES } from './schema';
import { settingsInIndexedDb, settingsInMemory, type SettingsRepository } from './settings';
import { openTabNotices } from './tab-notices';
import { allOrNothing, write } from './transactions';

export {
  ANALYSIS_BYTES_KEY,
  estimateAnalysisBytes,
  MAX_CACHED_ANALYSES,
  type AnalysisCacheRepository,
  type AnalysisCacheUsage,
  type CachedAnalysisRecord,
  type NewCachedAnalysis,
} from './analysis-cache';
export type { KnownFaceRecord, KnownFacesRepository } from './known-faces';
export type { PhotoResultRecord, PhotoResultsRepository } from './photo-results';
export { DB_NAME, DB_VERSION, UNRECORDED_PIPELINE } from './schema';
export type { SettingsRepository } from './settings';
export { StorageFullError } from './transactions';

/** Everything Facewise keeps: a repository per object store, and what spans them all. */
export interface FacewiseStore {
  /** False for the in-memory fallback: nothing survives closing the page. */
  readonly persistent: boolean;
  readonly known: KnownFacesRepository;
  readonly settings: SettingsRepository;
  readonly analyses: AnalysisCacheRepository;
  readonly results: PhotoResultsRepository;
  /** Empties every repository (known faces, settings, cached analyses, results) in one transaction. */
  eraseAll(): Promise<void>;
  /**
   * Calls `listener` when another tab erased everything (eraseAll): this tab should stop its work and
   * forget what it shows. Returns an unsubscribe function.
   */
  onErased(listener: () => void): () => void;
  close(): void;
}

/** How the store is built: today only the analysis cache's bound and clock. */
export type StoreOptions = AnalysisCacheOptions;

/**
 * Opens (creating or upgrading) the database. When another tab opens a newer version, this
 * connection closes itself so that tab's upgrade is not blocked; later calls then reject.
 */
export async function openFacewiseStore(name: string = DB_NAME, options: StoreOptions = {}): Promise<FacewiseStore> {
  const db = await openDatabase(name);
  const notices = openTabNotices(name);
  return {
    persistent: true,
    known: knownFacesInIndexedDb(db, notices),
    settings: settingsInIndexedDb(db),
    analyses: analysisCacheInIndexedDb(db, options),
    results: photoResultsInIndexedDb(db),
    async eraseAll() {
      await write(async () => {
        const tx = db.transaction([...STORE_NAMES], 'readwrite');
        await allOrNothing(tx, STORE_NAMES.map((store) => () => tx.objectStore(store).clear()));
      });
      notices.erased();
      notices.knownFacesChanged();
    },
    onErased: (listener) => notices.onErased(listener),
    close() {
      notices.close();
      db.close();
    },
  };
}

/**
 * A store that keeps everything in this page's memory: the fallback where IndexedDB can't be opened.
 * Same behaviour as the IndexedDB store (the contract test holds both), nothing persists and no other
 * tab hears of it.
 */
export function createMemoryStore(options: StoreOptions = {}): FacewiseStore {
  const known = new Map<string, KnownFaceRecord>();
  const settings = new Map<string, unknown>();
  const analyses = new Map<string, CachedAnalysisRecord>();
  const results = new Map<string, PhotoResultRecord>();
  return {
    persistent: false,
    known: knownFacesInMemory(known),
    settings: settingsInMemory(settings),
    analyses: analysisCacheInMemory(analyses, options),
    results: photoResultsInMemory(results),
    async eraseAll() {
      for (const records of [known, settings, analyses, results]) records.clear();
    },
    onErased: () => () => undefined,
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
