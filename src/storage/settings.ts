/**
 * The settings (object store `settings`, out-of-line keys): small values the app keeps between visits
 * (tolerance, Extra accuracy, group edits), any structured-cloneable value under a string key; in
 * IndexedDB also the analysis cache's size (ANALYSIS_BYTES_KEY, kept by analysis-cache.ts). The
 * repository's contract and both implementations; tests/unit/storage-contract.test.ts holds both to it.
 */
import type { FacewiseDatabase } from './schema';
import { write } from './transactions';

export interface SettingsRepository {
  /** The value stored under `key`, or undefined when none is. */
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` under `key`, replacing what was there. */
  set(key: string, value: unknown): Promise<void>;
}

export function settingsInIndexedDb(db: FacewiseDatabase): SettingsRepository {
  return {
    async get<T>(key: string) {
      return (await db.get('settings', key)) as T | undefined;
    },
    async set(key, value) {
      await write(() => db.put('settings', value, key));
    },
  };
}

/** The settings in `values` (this page's memory). */
export function settingsInMemory(values: Map<string, unknown>): SettingsRepository {
  return {
    async get<T>(key: string) {
      return values.get(key) as T | undefined;
    },
    async set(key, value) {
      values.set(key, value);
    },
  };
}
