/**
 * A second thread for the grouping graph's distance scan: when many faces come at once (a reload's stored
 * faces), the grouping worker (./grouping.worker.ts) hands it part of the rows (FaceGraph.addSplit) and
 * scans the rest itself. It holds nothing between calls.
 */
import * as Comlink from 'comlink';
import { scanRows, type ScanView } from '../domain/clustering';

export const scanApi = {
  scan(view: ScanView, from: number, to: number): Int32Array {
    const found = scanRows(view, from, to);
    return Comlink.transfer(found, [found.buffer]);
  },
};

export type ScanApi = typeof scanApi;

Comlink.expose(scanApi);
