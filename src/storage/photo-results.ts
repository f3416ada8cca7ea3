/**
 * The current batch's photos (object store `results`, keyPath `id`): every photo dropped, finished or
 * not, so a reload can show the finished ones and say which files to drop again. The repository's
 * contract and both implementations; tests/unit/storage-contract.test.ts holds both to it.
 */
import type { PhotoMetadata } from '../domain/face-regions';
import type { DetectedFace, PhotoStatus } from '../domain/types';
import type { FacewiseDatabase } from './schema';
import { allOrNothing, write } from './transactions';

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

export interface PhotoResultsRepository {
  /** Every stored photo result, in batch order. */
  list(): Promise<PhotoResultRecord[]>;
  /** Adds or replaces these results in one transaction. */
  put(records: readonly PhotoResultRecord[]): Promise<void>;
  clear(): Promise<void>;
}

function sortResults(records: PhotoResultRecord[]): PhotoResultRecord[] {
  return records.sort((x, y) => x.order - y.order);
}

export function photoResultsInIndexedDb(db: FacewiseDatabase): PhotoResultsRepository {
  return {
    async list() {
      return sortResults(await db.getAll('results'));
    },
    async put(records) {
      if (records.length === 0) return;
      await write(async () => {
        const tx = db.transaction('results', 'readwrite');
        await allOrNothing(tx, records.map((r) => () => tx.store.put(r)));
      });
    },
    async clear() {
      await write(() => db.clear('results'));
    },
  };
}

/** The results in `records` (this page's memory, keyed by id). */
export function photoResultsInMemory(records: Map<string, PhotoResultRecord>): PhotoResultsRepository {
  return {
    async list() {
      return sortResults([...records.values()]);
    },
    async put(added) {
      for (const record of added) records.set(record.id, record);
    },
    async clear() {
      records.clear();
    },
  };
}
