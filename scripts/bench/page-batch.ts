/**
 * One batch through the real page, as a user would run it: open the built site (`?backend=…&test-hooks`,
 * a fresh browser context so storage and the analysis cache are empty), add the known people through the
 * labelled input, then set every photo on the labelled "Photos to recognize" input and time, inside the
 * page, the input's change event → the first card with a result → the progress bar full. Long tasks
 * (PerformanceObserver 'longtask') and memory (the main thread's JS heap, the workers' tfjs tensors and
 * WASM memory through the `test-hooks` door) are read by a small monitor installed before the drop.
 */
import type { Page } from '@playwright/test';
import type { MemoryFigures } from '../../src/bench/harness';
import type { Site } from './browser';

export interface PageFigures {
  photos: number;
  faces: number;
  /** Change event of the input → progress bar full, seconds. */
  seconds: number;
  photosPerSecond: number;
  /** Change event → the first card showing a result (done, no face or unreadable), ms. */
  firstResultMs: number;
  longestTaskMs: number;
  /** Main-thread tasks over 50 ms during the batch (what PerformanceObserver reports as long tasks). */
  longTasks: number;
  /** The five longest of them: when (seconds after the drop) and how long (ms). */
  longestTasks: Array<{ atS: number; ms: number }>;
  /**
   * The task the drop arrived in, when it was a long one: the browser hands the files over (creating a File
   * for each) before the change event, in the same task as the page's handler. `beforeChangeMs` is the
   * browser's part, `handlerMs` the page's (the change event's dispatch, React's render of it included).
   */
  dropTask: { ms: number; beforeChangeMs: number; handlerMs: number } | null;
  /** Long tasks after the drop's task: the page's own, while the batch runs. */
  longTasksAfterDrop: number;
  checkpoint: number;
  afterCheckpoint: MemoryFigures | null;
  timeline: Array<MemoryFigures & { photos: number }>;
  atEnd: MemoryFigures;
  /** Trace file written for this batch, when one was asked for. */
  trace?: string;
}

interface MonitorState {
  drop: number | null;
  first: number | null;
  done: number | null;
  longTasks: Array<{ start: number; duration: number }>;
  /** When the change event's dispatch ended (a window listener runs after React's root listener). */
  changeHandled: number | null;
  memory: Array<MemoryFigures & { photos: number }>;
  end: MemoryFigures | null;
}

/** Installed in the page before the drop; reports through window.__pageBench. */
function installMonitor([total, checkpoint]: readonly [number, number]): void {
  type Hooks = { engineMemory(): Promise<{ tensors: number; jsHeap: number; wasmHeap: number }> };
  const w = window as unknown as { __pageBench: MonitorState; facewiseTestHooks: Hooks };
  const state: MonitorState = { drop: null, changeHandled: null, first: null, done: null, longTasks: [], memory: [], end: null };
  w.__pageBench = state;
  const heap = () => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
  const memoryNow = async (): Promise<MemoryFigures> => {
    const m = await w.facewiseTestHooks.engineMemory();
    return { mainHeap: heap(), tensors: m.tensors, workerHeap: m.jsHeap, wasmHeap: m.wasmHeap };
  };
  const input = Array.from(document.querySelectorAll('input')).find((i) => i.labels?.[0]?.textContent?.trim() === 'Photos to recognize' || i.getAttribute('aria-label') === 'Photos to recognize');
  if (!input) throw new Error('no "Photos to recognize" input');
  input.addEventListener('change', () => (state.drop ??= performance.now()), { capture: true });
  window.addEventListener('change', () => (state.changeHandled ??= performance.now()));
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask' });
  const marks = [checkpoint, ...Array.from({ length: Math.floor(total / 250) }, (_, i) => (i + 1) * 250)].filter((n) => n < total);
  const settled = '[data-testid="photo-card"]:not([data-status="queued"]):not([data-status="working"])';
  const observer = new MutationObserver(() => {
    if (state.drop === null) return;
    const now = performance.now();
    if (state.first === null && document.querySelector(settled)) state.first = now;
    const bar = document.querySelector('[role="progressbar"][aria-label="Recognition progress"]');
    const finished = Number(bar?.getAttribute('aria-valuenow') ?? 0);
    if (bar?.getAttribute('aria-valuemax') !== String(total)) return;
    while (marks.length > 0 && finished >= (marks[0] as number)) {
      const photos = marks.shift() as number;
      void memoryNow().then((m) => state.memory.push({ photos, ...m }));
    }
    if (finished === total && state.done === null) {
      state.done = now;
      observer.disconnect();
      setTimeout(() => void memoryNow().then((m) => (state.end = m)), 100);
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'aria-valuenow'] });
}

async function countFaces(page: Page): Promise<number> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download results (CSV)' }).click(),
  ]);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  const rows = (await readFile(path, 'utf8')).trim().split(/\r?\n/).slice(1);
  return rows.filter((r) => !/,no_persons_found,/.test(r)).length;
}

export async function runPageBatch(
  site: Site,
  options: { backend: string; workers?: number; known: string[]; photos: string[]; checkpoint?: number; trace?: string; traceJs?: boolean },
): Promise<PageFigures> {
  const checkpoint = options.checkpoint ?? 100;
  const context = await site.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  try {
    await page.goto(`${site.address}?backend=${options.backend}&test-hooks${options.workers ? `&workers=${options.workers}` : ''}`);
    await page.locator('[data-testid="engine-status"][data-backend]').waitFor({ timeout: 180_000 });
    await page.getByLabel('Known people photos', { exact: true }).setInputFiles(options.known);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="known-person"]').length === n, options.known.length, {
      timeout: 300_000,
      polling: 250,
    });
    // Enrolment finished (its progress bar, or the older status line, is gone) and the pool is full.
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"][aria-label="Known people progress"]') && !/Adding \d+ photo/.test(document.body.textContent ?? ''), undefined, { timeout: 300_000, polling: 250 });
    await page.waitForTimeout(1000);
    // tsx names inner functions with an __name helper the page doesn't have.
    await page.evaluate('window.__name = (f) => f');
    await page.evaluate(installMonitor, [options.photos.length, checkpoint] as const);
    if (options.trace) {
      await site.browser.startTracing(page, {
        path: options.trace,
        categories: [
          'toplevel',
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8.execute',
          'blink.user_timing',
          ...(process.env.TRACE_EXTRA ? process.env.TRACE_EXTRA.split(',') : []),
          // JavaScript samples (ProfileChunk events): which functions the script time went to; adds overhead.
          ...(options.traceJs ? ['disabled-by-default-v8.cpu_profiler'] : []),
        ],
      });
    }
    await page.getByLabel('Photos to recognize', { exact: true }).setInputFiles(options.photos);
    await page.waitForFunction(() => (window as unknown as { __pageBench: MonitorState }).__pageBench.end !== null, undefined, {
      timeout: 3_600_000,
      polling: 1000,
    });
    if (options.trace) await site.browser.stopTracing();
    const state = await page.evaluate(() => (window as unknown as { __pageBench: MonitorState }).__pageBench);
    const { drop, first, done, end } = state;
    if (drop === null || first === null || done === null || end === null) throw new Error('the page batch did not finish');
    const during = state.longTasks.filter((t) => t.start + t.duration >= drop && t.start <= done);
    const dropTask = during.find((t) => t.start <= drop) ?? null;
    const seconds = (done - drop) / 1000;
    const sorted = state.memory.sort((a, b) => a.photos - b.photos);
    return {
      photos: options.photos.length,
      faces: await countFaces(page),
      seconds,
      photosPerSecond: options.photos.length / seconds,
      firstResultMs: first - drop,
      longestTaskMs: during.reduce((m, t) => Math.max(m, t.duration), 0),
      longTasks: during.length,
      longestTasks: [...during]
        .sort((a, b) => b.duration - a.duration)
        .slice(0, 5)
        .map((t) => ({ atS: (t.start - drop) / 1000, ms: t.duration })),
      dropTask: dropTask && {
        ms: dropTask.duration,
        beforeChangeMs: drop - dropTask.start,
        handlerMs: (state.changeHandled ?? drop) - drop,
      },
      longTasksAfterDrop: during.filter((t) => t !== dropTask).length,
      checkpoint,
      afterCheckpoint: sorted.find((m) => m.photos === checkpoint) ?? null,
      timeline: sorted.filter((m) => m.photos % 250 === 0),
      atEnd: end,
      ...(options.trace ? { trace: options.trace } : {}),
    };
  } finally {
    await context.close();
  }
}
