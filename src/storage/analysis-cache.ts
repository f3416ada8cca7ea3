/**
 * The analysis cache (object store `analyses`, keyPath `sha256`, index `by-usedAt`): the faces found in a
 * file, so a photo dropped again costs no model work. Bounded (MAX_CACHED_ANALYSES), least recently used
 * out first, in the same transaction as the put that goes over. The repository's contract and both
 * implementations; tests/unit/storage-contract.test.ts holds both to it.
 */
import type { PhotoMetadata } from '../domain/face-regions';
import type { DetectedFace } from '../domain/types';
import type { FacewiseDatabase } from './schema';
import { abortQuietly, allOrNothing, write } from './transactions';

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

export interface AnalysisCacheOptions {
  /** Most analyses cached (MAX_CACHED_ANALYSES). */
  maxCachedAnalyses?: number;
  /** The clock `usedAt` is read from (Date.now). */
  now?: () => number;
}

export interface AnalysisCacheRepository {
  /** The cached analysis of this file, if any; a hit marks it used now (its `usedAt`, in the same transaction). */
  get(sha256: string): Promise<CachedAnalysisRecord | undefined>;
  /**
   * Stores an analysis (replacing one of the same file), used now; beyond the cache's limit
   * (MAX_CACHED_ANALYSES) the least recently used are removed, in the same transaction: a put that fails
   * removes nothing.
   */
  put(record: NewCachedAnalysis): Promise<void>;
  clear(): Promise<void>;
  /** How many analyses are cached and their estimated bytes: a count and one stored sum, no scan. */
  usage(): Promise<AnalysisCacheUsage>;
}

/** An analysis as the cache keeps it: used now, its size estimated. */
function stampAnalysis(record: NewCachedAnalysis, usedAt: number): CachedAnalysisRecord {
  return { ...record, usedAt, bytes: estimateAnalysisBytes(record) };
}

/** The stored sum of the cached analyses' bytes (absent: none cached yet). */
const storedBytes = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The cache in IndexedDB: its records in `analyses`, the sum of their sizes in `settings` (ANALYSIS_BYTES_KEY). */
export function analysisCacheInIndexedDb(db: FacewiseDatabase, options: AnalysisCacheOptions = {}): AnalysisCacheRepository {
  const limit = options.maxCachedAnalyses ?? MAX_CACHED_ANALYSES;
  const now = options.now ?? Date.now;
  return {
    async get(sha256) {
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
    async put(analysis) {
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
          // A cursor only when the cache is over its limit (opening one per put cost every photo a request).
          for (let c = over > 0 ? await analyses.index('by-usedAt').openCursor() : null; c && over > 0; c = await c.continue()) {
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
    async clear() {
      await write(async () => {
        const tx = db.transaction(['analyses', 'settings'], 'readwrite');
        await allOrNothing(tx, [() => tx.objectStore('analyses').clear(), () => tx.objectStore('settings').delete(ANALYSIS_BYTES_KEY)]);
      });
    },
    async usage() {
      const tx = db.transaction(['analyses', 'settings']);
      const [count, total] = await Promise.all([tx.objectStore('analyses').count(), tx.objectStore('settings').get(ANALYSIS_BYTES_KEY), tx.done]);
      return { count, bytes: storedBytes(total), limit };
    },
  };
}

/**
 * The cache in `records` (this page's memory, keyed by sha256): bounded the same way, and its records
 * copied in and out as IndexedDB clones them.
 */
export function analysisCacheInMemory(
  records: Map<string, CachedAnalysisRecord>,
  options: AnalysisCacheOptions = {},
): AnalysisCacheRepository {
  const limit = options.maxCachedAnalyses ?? MAX_CACHED_ANALYSES;
  const now = options.now ?? Date.now;
  return {
    async get(sha256) {
      const record = records.get(sha256);
      if (!record) return undefined;
      const used = { ...record, usedAt: now() };
      records.set(sha256, used);
      return structuredClone(used);
    },
    async put(analysis) {
      // Cloned first: a record IndexedDB would refuse (DataCloneError) changes nothing here either.
      const record = structuredClone(stampAnalysis(analysis, now()));
      records.set(record.sha256, record);
      while (records.size > limit) {
        let oldest: CachedAnalysisRecord | null = null;
        for (const r of records.values()) {
          if (r.sha256 === record.sha256) continue;
          if (!oldest || r.usedAt < oldest.usedAt || (r.usedAt === oldest.usedAt && r.sha256 < oldest.sha256)) oldest = r;
        }
        if (!oldest) break;
        records.delete(oldest.sha256);
      }
    },
    async clear() {
      records.clear();
    },
    async usage() {
      let bytes = 0;
      for (const r of records.values()) bytes += r.bytes;
      return { count: records.size, bytes, limit };
    },
  };
}
