/**
 * Photos to recognise at scale, with a fake face client (no models) and fake-indexeddb: several analyses
 * in flight, card order kept, the SHA-256 cache, cancelling, and results restored after a "reload".
 */
import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FaceClient } from '../../src/ml/client';
import type { AnalyzeOptions, PhotoAnalysis } from '../../src/ml/protocol';
import { MAX_CACHED_ANALYSES, openFacewiseStore } from '../../src/storage/db';
import type { FacewiseStore } from '../../src/storage/db';
import { createController } from '../../src/state/controller';
import { DESCRIBE_BUDGET_MS, IN_FLIGHT_PER_WORKER, PUBLISH_MS } from '../../src/state/recognise';
import { selectCsvRows, selectResultsSummary, selectPhotos } from '../../src/state/selectors';
import { createStore, initialState } from '../../src/state/store';
import type { AppState } from '../../src/state/store';

const JPEG_HEAD = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const file = (name: string, body = name) => new File([JPEG_HEAD, body], name, { type: 'image/jpeg', lastModified: 1000 });

/** Waits of `until` that depend on the fake client's own state (analyses waiting), told when it changes. */
const clientChanged = new Set<() => void>();

/** A client whose analyses finish when the test says so (or at once with `auto`), reporting the peak in flight. */
function fakeClient(workers: number, auto = true) {
  const calls: string[] = [];
  const hashesGiven: Array<string | undefined> = [];
  const pending: Array<() => void> = [];
  let inFlight = 0;
  let peak = 0;
  const client: FaceClient = {
    ready: Promise.resolve({ backend: 'wasm', reason: 'test', renderer: null, loadMs: 1 }),
    concurrency: () => workers,
    memory: async () => ({ tensors: 0, bytes: 0, jsHeap: 0, wasmHeap: 0 }),
    loseWebglContext: async () => false,
    terminate: () => undefined,
    analyze: async (blob: Blob, options: AnalyzeOptions): Promise<PhotoAnalysis> => {
      const name = (blob as File).name;
      calls.push(name);
      hashesGiven.push(options.sha256);
      inFlight++;
      peak = Math.max(peak, inFlight);
      if (!auto) {
        await new Promise<void>((resolve) => {
          pending.push(resolve);
          for (const listener of [...clientChanged]) listener();
        });
      }
      else await new Promise((resolve) => setTimeout(resolve, name.length % 3)); // finish out of order
      inFlight--;
      const faces = name.startsWith('empty')
        ? []
        : [{ box: { x: 1, y: 1, width: 50, height: 50 }, score: 0.9, encoding: new Float32Array(128), landmarks: [], sharpness: 99 }];
      return { width: 100, height: 80, faces, sha256: `worker-${name}`, thumbnail: null, ms: 1 };
    },
  };
  return { client, calls, hashesGiven, pending, peak: () => peak };
}

/** A storage call the controller made, and whether its promise has settled. */
interface StorageCall {
  method: string;
  args: unknown[];
  settled: boolean;
}

/**
 * Wraps the real (fake-indexeddb) store so a test can wait for the writes the controller actually makes,
 * instead of sleeping and hoping they are done. Calls are named by repository: `results.put`,
 * `analyses.put`, `eraseAll`.
 */
function watchedStorage(opened: Promise<FacewiseStore>) {
  const calls: StorageCall[] = [];
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const w of [...waiters]) w();
  };
  const repositories = new Set<PropertyKey>(['known', 'settings', 'analyses', 'results']);
  /** `target` with every method call recorded under `prefix` + its name, its repositories watched too. */
  const watch = <T extends object>(target: T, prefix: string): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value: unknown = Reflect.get(object, key, receiver);
        if (prefix === '' && repositories.has(key)) return watch(value as object, `${String(key)}.`);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
          const call: StorageCall = { method: `${prefix}${String(key)}`, args, settled: false };
          calls.push(call);
          changed();
          if (result instanceof Promise) {
            void result.then(
              () => ((call.settled = true), changed()),
              () => ((call.settled = true), changed()),
            );
          } else call.settled = true;
          return result;
        };
      },
    });
  const storage = opened.then((real) => watch(real, ''));
  /** Resolves once `test` holds over the calls made so far (checked on every call and settlement). */
  const until = (test: (calls: readonly StorageCall[]) => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`storage never did: ${what} (calls: ${calls.map((c) => `${c.method}${c.settled ? '' : '…'}`).join(', ')})`));
      }, 3_000);
      const check = () => {
        if (!test(calls)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  const settledCalls = (method: string) => calls.filter((c) => c.method === method && c.settled);
  /** How many photos' stored result records (the latest written for each photo) have a status in `statuses`. */
  const writtenResults = (...statuses: string[]) => {
    const latest = new Map<string, string>();
    for (const c of settledCalls('results.put')) for (const r of c.args[0] as Array<{ id: string; status: string }>) latest.set(r.id, r.status);
    return [...latest.values()].filter((status) => statuses.includes(status)).length;
  };
  return { storage, calls, until, settledCalls, writtenResults };
}

const dbNames: string[] = [];
const opened: Array<Promise<FacewiseStore>> = [];
let counter = 0;
afterEach(async () => {
  for (const store of opened.splice(0)) (await store).close();
  for (const name of dbNames.splice(0)) await deleteDB(name);
});

function setup(workers: number, options: { auto?: boolean; dbName?: string } = {}) {
  const dbName = options.dbName ?? `facewise-recognise-${counter++}`;
  if (!dbNames.includes(dbName)) dbNames.push(dbName);
  const store = createStore(initialState);
  const fake = fakeClient(workers, options.auto ?? true);
  const real = openFacewiseStore(dbName);
  opened.push(real);
  const watched = watchedStorage(real);
  const controller = createController({ store, client: fake.client, openStore: () => watched.storage, download: () => undefined });
  controller.start();
  return { store, controller, fake, dbName, storage: real, watched };
}

/** Resolves once `test` holds (checked on every change of the app state and of the fake client). */
function until(store: { getState(): AppState; subscribe(listener: () => void): () => void }, test: (s: AppState) => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let stop = () => undefined as void;
    const timer = setTimeout(() => {
      stop();
      reject(new Error('condition not reached'));
    }, 5_000);
    const check = () => {
      if (!test(store.getState())) return;
      clearTimeout(timer);
      stop();
      resolve();
    };
    const unsubscribe = store.subscribe(check);
    clientChanged.add(check);
    stop = () => {
      unsubscribe();
      clientChanged.delete(check);
    };
    check();
  });
}
const settled = (s: AppState) => s.batch !== null && s.batch.finished === s.batch.total;
const names = (n: number) => Array.from({ length: n }, (_, i) => `p${String(i).padStart(3, '0')}${'x'.repeat(i % 3)}.jpg`);

describe('recognition at scale', () => {
  it('keeps as many analyses in flight as workers, and cards in drop order', async () => {
    const { store, controller, fake } = setup(3);
    await until(store, (s) => s.engine.status === 'ready');
    const files = [...names(20).map((n) => file(n)), file('empty.jpg')];
    controller.addPhotos(files);
    await until(store, settled);
    expect(fake.peak()).toBe(3);
    expect(selectPhotos(store.getState()).map((p) => p.name)).toEqual(files.map((f) => f.name));
    const summary = selectResultsSummary(store.getState());
    expect(summary).toMatchObject({ total: 21, done: 20, noFace: 1, pending: 0, cached: 0 });
    expect(selectCsvRows(store.getState())).toHaveLength(21);
  });

  it('prepares the next photo ahead of each worker: hashed and looked up before the worker is free', async () => {
    const { store, controller, fake } = setup(1, { auto: false });
    await until(store, (s) => s.engine.status === 'ready');
    const digest = vi.spyOn(crypto.subtle, 'digest');
    controller.addPhotos(names(4).map((n) => file(n)));
    await until(store, () => fake.pending.length === 1);
    // The second photo was taken from the queue and hashed, and waits for the worker, not yet on it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.calls).toHaveLength(1);
    expect(digest).toHaveBeenCalledTimes(2);
    digest.mockRestore();
    fake.pending.shift()?.();
    // The moment the worker is free it gets the prepared photo, with its hash already made.
    await until(store, () => fake.pending.length === 1);
    expect(fake.calls).toHaveLength(2);
    expect(fake.hashesGiven[1]).toMatch(/^[0-9a-f]{64}$/);
    for (let i = 0; i < 2; i++) {
      fake.pending.shift()?.();
      await until(store, () => fake.pending.length === 1 || settled(store.getState()));
    }
    fake.pending.shift()?.();
    await until(store, settled);
    expect(IN_FLIGHT_PER_WORKER).toBe(2);
  });

  it('while a batch runs, puts cards and progress in the store a few times a second, not per photo', async () => {
    const { store, controller } = setup(2);
    await until(store, (s) => s.engine.status === 'ready');
    let photoChanges = 0;
    let last = store.getState().photos;
    store.subscribe(() => {
      if (store.getState().photos !== last) photoChanges++;
      last = store.getState().photos;
    });
    const started = performance.now();
    controller.addPhotos(names(40).map((n) => file(n)));
    await until(store, settled);
    const elapsed = performance.now() - started;
    // The drop, the first result, the last, and one publish per PUBLISH_MS at most between them.
    expect(photoChanges).toBeLessThanOrEqual(3 + Math.ceil(elapsed / PUBLISH_MS));
    expect(photoChanges).toBeLessThan(40);
    expect(selectPhotos(store.getState()).every((p) => p.status === 'done')).toBe(true);
  });

  it('takes a drop of thousands in short tasks: 100 photos at once, the rest after, stored 200 per write', async () => {
    const { store, controller, watched } = setup(1, { auto: false });
    await until(store, (s) => s.engine.status === 'ready');
    const files = names(250).map((n) => file(n));
    controller.addPhotos(files);
    expect(selectPhotos(store.getState()), 'the first slice is in at once').toHaveLength(100);
    await until(store, (s) => selectPhotos(s).length === 250 && s.batch?.total === 250);
    expect(selectPhotos(store.getState()).map((p) => p.name)).toEqual(files.map((f) => f.name));
    await watched.until(() => watched.writtenResults('queued', 'working') === 250, 'store all 250 queued photos');
    const writes = watched.calls.filter((c) => c.method === 'results.put').map((c) => (c.args[0] as unknown[]).length);
    expect(Math.max(...writes), 'no write holds more than 200 records').toBeLessThanOrEqual(200);
  });

  it('describes a drop whose files are slow to read (a size asks the browser process) a few milliseconds per task', async () => {
    const { store, controller } = setup(1, { auto: false });
    await until(store, (s) => s.engine.status === 'ready');
    // Each first read of a File's size costs the page time in a browser: 1 ms each here.
    const slow = names(60).map((n) => {
      const f = file(n);
      const size = f.size;
      Object.defineProperty(f, 'size', {
        get() {
          const until = performance.now() + 1;
          while (performance.now() < until);
          return size;
        },
      });
      return f;
    });
    const started = performance.now();
    controller.addPhotos(slow);
    const firstTask = performance.now() - started;
    const first = selectPhotos(store.getState()).length;
    expect(first, 'the workers get photos at once').toBeGreaterThan(0);
    expect(first, 'not every slow file in one task').toBeLessThan(60);
    expect(firstTask, 'the first task stops describing after its budget').toBeLessThan(DESCRIBE_BUDGET_MS + 25);
    await until(store, (s) => selectPhotos(s).length === 60 && s.batch?.total === 60);
    expect(selectPhotos(store.getState()).map((p) => [p.name, p.size])).toEqual(slow.map((f) => [f.name, f.size]));
  });

  it('Cancel right after a large drop also drops the slices not yet added', async () => {
    const { store, controller } = setup(1, { auto: false });
    await until(store, (s) => s.engine.status === 'ready');
    controller.addPhotos(names(250).map((n) => file(n)));
    controller.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(selectPhotos(store.getState())).toHaveLength(100);
    expect(store.getState().batch).toMatchObject({ total: 100, finished: 100 });
  });

  it('serves a photo dropped again from the cache, without running the models', async () => {
    const { store, controller, fake, watched } = setup(2);
    await until(store, (s) => s.engine.status === 'ready');
    controller.addPhotos([file('a.jpg'), file('empty.jpg')]);
    await until(store, settled);
    const runs = store.getState().modelRuns;
    await watched.until(() => watched.settledCalls('analyses.put').length === 2, 'cache both analyses');
    // Same bytes under another name count as the same photo.
    controller.addPhotos([file('a.jpg'), file('empty.jpg'), file('renamed.jpg', 'a.jpg')]);
    await until(store, settled);
    expect(store.getState().modelRuns).toBe(runs);
    expect(fake.calls).toHaveLength(2);
    const again = selectPhotos(store.getState()).slice(2);
    expect(again.map((p) => [p.status, p.cached])).toEqual([
      ['done', true],
      ['no-face', true],
      ['done', true],
    ]);

    await controller.clearCache();
    controller.addPhotos([file('a.jpg')]);
    await until(store, settled);
    expect(fake.calls).toHaveLength(3);
    // The worker is handed the hash the cache lookup made, so the photo is hashed once.
    const bytes = await file('a.jpg').arrayBuffer();
    const hex = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
    expect(fake.hashesGiven.at(-1)).toBe(hex);
  });

  it('says how many analyses are cached and their size: at start, after each batch, after Clear cache and Erase everything', async () => {
    const { store, controller, fake } = setup(2);
    await until(store, (s) => s.engine.status === 'ready' && s.analysisCache !== null);
    expect(store.getState().analysisCache).toEqual({ count: 0, bytes: 0, limit: MAX_CACHED_ANALYSES });
    controller.addPhotos([file('a.jpg'), file('b.jpg'), file('empty.jpg')]);
    // Read once the batch's cache puts are done, not per photo.
    await until(store, (s) => settled(s) && s.analysisCache?.count === 3);
    const afterBatch = store.getState().analysisCache;
    // Two faces with a 128-number encoding, three records.
    expect(afterBatch?.bytes).toBeGreaterThan(2 * 512);
    // Dropped again: served from the cache, nothing added.
    controller.addPhotos([file('a.jpg'), file('b.jpg')]);
    await until(store, settled);
    expect(fake.calls).toHaveLength(3);
    await controller.clearCache();
    expect(store.getState().analysisCache).toMatchObject({ count: 0, bytes: 0 });
    controller.addPhotos([file('c.jpg')]);
    await until(store, (s) => settled(s) && s.analysisCache?.count === 1);
    await controller.manage.eraseEverything();
    expect(store.getState().analysisCache).toEqual({ count: 0, bytes: 0, limit: MAX_CACHED_ANALYSES });
  });

  it('cancel ends the batch at once: nothing new starts, the ones in flight are cancelled (a late answer is ignored)', async () => {
    const { store, controller, fake, watched } = setup(2, { auto: false });
    await until(store, (s) => s.engine.status === 'ready');
    const files = names(10).map((n) => file(n));
    controller.addPhotos(files);
    await until(store, () => fake.pending.length === 2);
    controller.cancel();
    for (const resolve of fake.pending.splice(0)) resolve();
    await until(store, settled);
    // The last thing the batch does: every photo's final state (done or cancelled) is stored.
    await watched.until(() => watched.writtenResults('done', 'cancelled') === files.length, 'store all 10 final results');
    expect(fake.calls).toHaveLength(2);
    expect(selectResultsSummary(store.getState())).toMatchObject({ done: 0, cancelled: 10, pending: 0 });
    expect(store.getState().batch).toMatchObject({ total: 10, finished: 10, cancelled: 10 });
  });

  it('after a reload shows finished results, names the files to drop again, and continues from them', async () => {
    const first = setup(1, { auto: false });
    await until(first.store, (s) => s.engine.status === 'ready');
    const files = names(5).map((n) => file(n));
    first.controller.addPhotos(files);
    await until(first.store, () => first.fake.pending.length === 1);
    first.fake.pending.shift()?.();
    await until(first.store, () => first.fake.pending.length === 1);
    first.fake.pending.shift()?.();
    await until(first.store, () => first.fake.pending.length === 1);
    await first.watched.until(() => first.watched.writtenResults('done') === 2, 'store the two finished results');
    (await first.storage).close();

    // "Reload": a new page on the same database.
    const second = setup(1, { dbName: first.dbName });
    await until(second.store, (s) => s.resume.length > 0);
    const s = second.store.getState();
    expect(selectPhotos(s).map((p) => [p.name, p.status, p.file])).toEqual([
      [files[0]?.name, 'done', null],
      [files[1]?.name, 'done', null],
    ]);
    expect(s.resume.map((r) => r.name)).toEqual(files.slice(2).map((f) => f.name));
    expect(selectCsvRows(s)).toHaveLength(2);

    // Dropping the whole album again: finished ones from the cache, the rest analysed, order kept.
    await until(second.store, (st) => st.engine.status === 'ready');
    second.controller.addPhotos(files);
    await until(second.store, settled);
    const after = second.store.getState();
    expect(after.resume).toEqual([]);
    expect(selectPhotos(after).map((p) => p.name)).toEqual(files.map((f) => f.name));
    expect(selectPhotos(after).map((p) => p.cached)).toEqual([true, true, false, false, false]);
    expect(second.fake.calls).toEqual(files.slice(2).map((f) => f.name));

    await second.watched.until(() => second.watched.writtenResults('done') === files.length, 'store the five results');
    expect(await (await second.storage).results.list()).toHaveLength(files.length);
    second.controller.clearPhotos();
    await second.watched.until(() => second.watched.settledCalls('results.clear').length === 1, 'forget the stored results');
    expect(await (await second.storage).results.list()).toEqual([]);
  });
});
