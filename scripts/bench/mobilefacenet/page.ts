/** The benchmark page: one worker (worker.ts) behind Comlink, reachable as window.mfnBench for Playwright. */
import * as Comlink from 'comlink';
import type { MfnBenchWorker } from './protocol';

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'mfn-bench' });
(window as unknown as { mfnBench: Comlink.Remote<MfnBenchWorker> }).mfnBench = Comlink.wrap<MfnBenchWorker>(worker);
