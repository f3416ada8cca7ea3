/**
 * Photos to recognise at scale, with a fake face client (no models) and fake-indexeddb: several analyses
 * in flight, card order kept, the SHA-256 cache, cancelling, and results restored after a "reload".
 */
import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaceClient } from '../../src/ml/client';
import type { AnalyzeOptions, PhotoAnalysis } from '../../src/ml/protocol';
import { openFacewiseStore } from '../../src/storage/db';
import type { FacewiseStore } from '../../src/storage/db';
import { createController } from '../../src/state/controller';
import { selectCsvRows, selectResultsSummary } from '../../src/state/selectors';
import { createStore, initialState } from '../../src/state/store';
import type { AppState } from '../../src/state/store';

const JPEG_HEAD = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const file = (name: string, body = name) => new File([JPEG_HEAD, body], name, { type: 'image/jpeg', lastModified: 1000 });

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
      if (!auto) await new Promise<void>((resolve) => pending.push(resolve));
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
  const storage = openFacewiseStore(dbName);
  opened.push(storage);
  const controller = createController({ store, client: fake.client, openStore: () => storage, download: () => undefined });
  controller.start();
  return { store, controller, fake, dbName, storage };
}

async function until(store: { getState(): AppState }, test: (s: AppState) => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (test(store.getState())) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not reached');
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
    expect(store.getState().photos.map((p) => p.name)).toEqual(files.map((f) => f.name));
    const summary = selectResultsSummary(store.getState());
    expect(summary).toMatchObject({ total: 21, done: 20, noFace: 1, pending: 0, cached: 0 });
    expect(selectCsvRows(store.getState())).toHaveLength(21);
  });

  it('serves a photo dropped again from the cache, without running the models', async () => {
    const { store, controller, fake } = setup(2);
    await until(store, (s) => s.engine.status === 'ready');
    controller.addPhotos([file('a.jpg'), file('empty.jpg')]);
    await until(store, settled);
    const runs = store.getState().modelRuns;
    await new Promise((resolve) => setTimeout(resolve, 20)); // cache writes
    // Same bytes under another name count as the same photo.
    controller.addPhotos([file('a.jpg'), file('empty.jpg'), file('renamed.jpg', 'a.jpg')]);
    await until(store, settled);
    expect(store.getState().modelRuns).toBe(runs);
    expect(fake.calls).toHaveLength(2);
    const again = store.getState().photos.slice(2);
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

  it('cancel ends the batch at once: nothing new starts, the ones in flight are cancelled (a late answer is ignored)', async () => {
    const { store, controller, fake } = setup(2, { auto: false });
    await until(store, (s) => s.engine.status === 'ready');
    controller.addPhotos(names(10).map((n) => file(n)));
    await until(store, () => fake.pending.length === 2);
    controller.cancel();
    for (const resolve of fake.pending.splice(0)) resolve();
    await until(store, settled);
    await new Promise((resolve) => setTimeout(resolve, 20));
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
    await new Promise((resolve) => setTimeout(resolve, 400)); // results written
    (await first.storage).close();

    // "Reload": a new page on the same database.
    const second = setup(1, { dbName: first.dbName });
    await until(second.store, (s) => s.resume.length > 0);
    const s = second.store.getState();
    expect(s.photos.map((p) => [p.name, p.status, p.file])).toEqual([
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
    expect(after.photos.map((p) => p.name)).toEqual(files.map((f) => f.name));
    expect(after.photos.map((p) => p.cached)).toEqual([true, true, false, false, false]);
    expect(second.fake.calls).toEqual(files.slice(2).map((f) => f.name));

    second.controller.clearPhotos();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await (await second.storage).listPhotoResults()).toEqual([]);
  });
});
