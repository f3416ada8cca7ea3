/**
 * The UI thread's door to the grouping worker (./grouping.worker.ts), like src/ml/client.ts is to the
 * face workers. Calls are serial in the worker; each returns a promise.
 */
import * as Comlink from 'comlink';
import type { GroupEdits } from '../domain/groups';
import type { KnownFace } from '../domain/types';
import type { GroupingPhoto, GroupsResult } from './engine';

export type { GroupingPhoto, GroupsResult } from './engine';

export interface GroupingClient {
  putPhotos(photos: GroupingPhoto[]): Promise<void>;
  removePhotos(ids: string[]): Promise<void>;
  clear(): Promise<void>;
  setKnown(known: KnownFace[]): Promise<void>;
  group(tolerance: number, edits: GroupEdits): Promise<GroupsResult>;
  terminate(): void;
}

export function createGroupingClient(): GroupingClient {
  const worker = new Worker(new URL('./grouping.worker.ts', import.meta.url), { type: 'module', name: 'facewise-grouping' });
  const api = Comlink.wrap<import('./grouping.worker').GroupingApi>(worker);
  return {
    putPhotos: (photos) => api.putPhotos(photos),
    removePhotos: (ids) => api.removePhotos(ids),
    clear: () => api.clear(),
    setKnown: (known) => api.setKnown(known),
    group: (tolerance, edits) => api.group(tolerance, edits),
    terminate: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
