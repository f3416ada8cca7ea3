/**
 * The grouping scan worker's stand-in for the cluster benchmark (Node worker_threads): scans the rows it is
 * sent with the same scanRows as src/grouping/scan.worker.ts.
 */
import { parentPort } from 'node:worker_threads';
import { scanRows, type ScanView } from '../../src/domain/clustering';

parentPort!.on('message', ({ id, view, from, to }: { id: number; view: ScanView; from: number; to: number }) => {
  const found = scanRows(view, from, to);
  parentPort!.postMessage({ id, found }, [found.buffer as ArrayBuffer]);
});
