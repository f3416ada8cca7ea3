/**
 * The grouping worker: groups the faces nobody knows off the main thread (./engine.ts). Reached only
 * through ./client.ts (Comlink). Its calls run one at a time, in order (adding many faces awaits the scan
 * worker, and nothing may read the graph half-built). The scan worker (./scan.worker.ts) is started the
 * first time many faces come at once, and kept.
 */
import * as Comlink from 'comlink';
import type { ScanView } from '../domain/clustering';
import { createSerial } from '../domain/serial';
import { GroupingEngine } from './engine';

/** The scan worker, once started; `failed` rejects if it cannot run (its script did not load), and stays so. */
let scanner: { api: Comlink.Remote<import('./scan.worker').ScanApi>; failed: Promise<never> } | null = null;
function scanElsewhere(view: ScanView, from: number, to: number): Promise<Int32Array> {
  if (!scanner) {
    const worker = new Worker(new URL('./scan.worker.ts', import.meta.url), { type: 'module', name: 'facewise-grouping-scan' });
    const failed = new Promise<never>((_, reject) => worker.addEventListener('error', () => reject(new Error('the grouping scan worker failed')), { once: true }));
    failed.catch(() => undefined);
    scanner = { api: Comlink.wrap<import('./scan.worker').ScanApi>(worker), failed };
  }
  // A worker that fails never answers: its error ends the wait (FaceGraph.addSplit then scans here).
  return Promise.race([scanner.api.scan(view, from, to), scanner.failed]);
}

const engine = new GroupingEngine(typeof Worker === 'function' && navigator.hardwareConcurrency > 1 ? { scanElsewhere } : {});

/** Each call runs after every call before it. */
const inTurn = createSerial();

export const groupingApi = {
  putPhotos: (photos: Parameters<GroupingEngine['putPhotos']>[0]) => inTurn(() => engine.putPhotos(photos)),
  removePhotos: (ids: readonly string[]) => inTurn(async () => engine.removePhotos(ids)),
  clear: () => inTurn(async () => engine.clear()),
  setKnown: (known: Parameters<GroupingEngine['setKnown']>[0]) => inTurn(async () => engine.setKnown(known)),
  group: (tolerance: number, edits: Parameters<GroupingEngine['group']>[1]) => inTurn(async () => engine.group(tolerance, edits)),
};

export type GroupingApi = typeof groupingApi;

Comlink.expose(groupingApi);
