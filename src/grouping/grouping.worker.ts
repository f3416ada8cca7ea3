/**
 * The grouping worker: groups the faces nobody knows off the main thread (./engine.ts). Reached only
 * through ./client.ts (Comlink).
 */
import * as Comlink from 'comlink';
import { GroupingEngine } from './engine';

const engine = new GroupingEngine();

export const groupingApi = {
  putPhotos: (photos: Parameters<GroupingEngine['putPhotos']>[0]) => engine.putPhotos(photos),
  removePhotos: (ids: readonly string[]) => engine.removePhotos(ids),
  clear: () => engine.clear(),
  setKnown: (known: Parameters<GroupingEngine['setKnown']>[0]) => engine.setKnown(known),
  group: (tolerance: number, edits: Parameters<GroupingEngine['group']>[1]) => engine.group(tolerance, edits),
};

export type GroupingApi = typeof groupingApi;

Comlink.expose(groupingApi);
