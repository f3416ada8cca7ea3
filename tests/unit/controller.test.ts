/**
 * The controller with a fake face client (no models) and fake-indexeddb: tolerance changes re-label
 * without running models, the model-run counter, remembered settings, and the known-photo checks.
 */
import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalyzeOptions, PhotoAnalysis } from '../../src/ml/protocol';
import type { FaceClient } from '../../src/ml/client';
import type { DetectedFace } from '../../src/domain/types';
import { BLURRY_FACE_SHARPNESS, DEFAULT_KNOWN_JITTER, DEFAULT_TOLERANCE, UNKNOWN_PERSON } from '../../src/domain/types';
import { EXTRA_ACCURACY_JITTER } from '../../src/domain/settings';
import { openFacewiseStore } from '../../src/storage/db';
import type { FacewiseStore } from '../../src/storage/db';
import { createController } from '../../src/state/controller';
import { createStore, initialState } from '../../src/state/store';
import type { AppState } from '../../src/state/store';
import { selectCsvRows, selectTolerance, selectPhotos } from '../../src/state/selectors';

/** An encoding along axis `axis`, scaled so that two different axes are sqrt(2)*len apart. */
function encoding(axis: number, offset = 0): Float32Array {
  const e = new Float32Array(128);
  e[axis] = 1;
  e[127] = offset;
  return e;
}

function detected(enc: Float32Array, width = 120, sharpness = BLURRY_FACE_SHARPNESS * 5): DetectedFace {
  return { box: { x: 0, y: 0, width, height: width }, score: 0.99, encoding: enc, landmarks: [], sharpness };
}

interface FakePhoto {
  faces: DetectedFace[];
  sha256?: string;
}

function fakeClient(photos: Record<string, FakePhoto>, workers = 1, delayMs?: (name: string) => number) {
  const calls: Array<{ name: string; options: AnalyzeOptions }> = [];
  let inFlight = 0;
  const stats = { peak: 0 };
  const client: FaceClient = {
    ready: Promise.resolve({ backend: 'cpu', reason: 'test', renderer: null, loadMs: 1 }),
    terminate: () => undefined,
    concurrency: () => workers,
    memory: async () => ({ tensors: 0, bytes: 0, jsHeap: 0, wasmHeap: 0 }),
    loseWebglContext: async () => false,
    analyze: async (file: Blob, options: AnalyzeOptions): Promise<PhotoAnalysis> => {
      const name = (file as File).name;
      calls.push({ name, options });
      const photo = photos[name];
      if (!photo) throw new Error(`no fake photo ${name}`);
      inFlight++;
      stats.peak = Math.max(stats.peak, inFlight);
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs(name)));
      inFlight--;
      return { width: 1000, height: 1000, faces: photo.faces, sha256: photo.sha256 ?? name, thumbnail: null, ms: 1 };
    },
  };
  return { client, calls, stats };
}

const dbs: Array<{ name: string; store: Promise<FacewiseStore> }> = [];
let counter = 0;

afterEach(async () => {
  for (const { name, store } of dbs.splice(0)) {
    (await store).close();
    await deleteDB(name);
  }
});

function setup(
  photos: Record<string, FakePhoto>,
  dbName = `facewise-controller-${counter++}`,
  pool?: { workers: number; delayMs: (name: string) => number },
) {
  const store = createStore(initialState);
  const { client, calls, stats } = fakeClient(photos, pool?.workers, pool?.delayMs);
  const opened = openFacewiseStore(dbName);
  dbs.push({ name: dbName, store: opened });
  const controller = createController({ store, client, openStore: () => opened, download: () => undefined });
  controller.start();
  return { store, controller, calls, dbName, stats };
}

async function until(store: { getState(): AppState }, test: (s: AppState) => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (test(store.getState())) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not reached');
}

/** A file that starts like a JPEG (the controller sniffs magic bytes), named `name`. */
const JPEG_HEAD = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const file = (name: string) => new File([JPEG_HEAD, name], name, { type: 'image/jpeg' });
const notices = (s: AppState) => s.notices.map((n) => n.text);

describe('controller', () => {
  it('re-labels at a new tolerance without running the models, and counts model runs', async () => {
    const { store, controller } = setup({
      'alice.jpg': { faces: [detected(encoding(0))] },
      // 0.5 away from alice: named at 0.6, unknown at 0.4.
      'photo.jpg': { faces: [detected(encoding(0, 0.5))] },
    });
    await until(store, (s) => s.knownLoaded && s.engine.status === 'ready');
    controller.addKnownPhotos([file('alice.jpg')]);
    await until(store, (s) => s.known.length === 1);
    controller.addPhotos([file('photo.jpg')]);
    await until(store, (s) => selectPhotos(s)[0]?.status === 'done');
    expect(store.getState().modelRuns).toBe(2);

    const names = () => selectCsvRows(store.getState())[0]?.faces?.map((f) => f.name);
    // Auto with one known person: the fit is the default distance.
    expect(store.getState().toleranceChoice).toBe('auto');
    expect(selectTolerance(store.getState())).toBe(DEFAULT_TOLERANCE);
    expect(names()).toEqual(['alice']);
    controller.setTolerance(0.6);
    expect(names()).toEqual(['alice']);
    controller.setTolerance(0.4);
    expect(store.getState().toleranceChoice).toBe(0.4);
    expect(selectTolerance(store.getState())).toBe(0.4);
    expect(names()).toEqual([UNKNOWN_PERSON]);
    controller.setTolerance(0.05); // clamped
    expect(store.getState().toleranceChoice).toBe(0.3);
    controller.setTolerance('auto');
    expect(store.getState().toleranceChoice).toBe('auto');
    expect(names()).toEqual(['alice']);
    expect(store.getState().modelRuns).toBe(2);
  });

  it('remembers tolerance and extra accuracy, and ignores invalid stored values', async () => {
    const first = setup({});
    await until(first.store, (s) => s.knownLoaded);
    first.controller.setTolerance(0.45);
    first.controller.setExtraAccuracy(true);
    expect(first.store.getState().knownJitter).toBe(EXTRA_ACCURACY_JITTER);
    const db = await dbs[0]!.store;
    // Let the writes land.
    for (let i = 0; i < 100 && (await db.settings.get('tolerance')) !== 0.45; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await db.settings.get('jitter')).toBe(EXTRA_ACCURACY_JITTER);

    const second = setup({}, first.dbName);
    await until(second.store, (s) => s.toleranceChoice === 0.45 && s.knownJitter === EXTRA_ACCURACY_JITTER);
    second.controller.setTolerance('auto');
    for (let i = 0; i < 100 && (await db.settings.get('tolerance')) !== 'auto'; i++) await new Promise((r) => setTimeout(r, 5));
    const fourth = setup({}, first.dbName);
    await until(fourth.store, (s) => s.knownLoaded);
    await new Promise((r) => setTimeout(r, 20));
    expect(fourth.store.getState().toleranceChoice).toBe('auto');

    await db.settings.set('tolerance', 'loose');
    await db.settings.set('jitter', -3);
    const third = setup({}, first.dbName);
    await until(third.store, (s) => s.knownLoaded);
    await new Promise((r) => setTimeout(r, 20));
    expect(third.store.getState().toleranceChoice).toBe('auto');
    expect(third.store.getState().knownJitter).toBe(DEFAULT_KNOWN_JITTER);
  });

  it('passes the jitter setting for known photos only', async () => {
    const { store, controller, calls } = setup({
      'alice.jpg': { faces: [detected(encoding(0))] },
      'photo.jpg': { faces: [detected(encoding(0))] },
    });
    await until(store, (s) => s.knownLoaded);
    controller.setExtraAccuracy(true);
    controller.addKnownPhotos([file('alice.jpg')]);
    controller.addPhotos([file('photo.jpg')]);
    await until(store, (s) => s.known.length === 1 && selectPhotos(s)[0]?.status === 'done');
    // The page hashed the file when it checked it: the worker is handed the hash.
    expect(calls.find((c) => c.name === 'alice.jpg')?.options).toEqual({ thumbnail: true, jitter: EXTRA_ACCURACY_JITTER, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(calls.find((c) => c.name === 'photo.jpg')?.options.jitter).toBeUndefined();
  });

  it('files folder photos under the folder, skips non-images, and checks every photo', async () => {
    const { store, controller } = setup({
      'a.jpg': { faces: [detected(encoding(0))], sha256: 'same' },
      'b.jpg': { faces: [detected(encoding(0))], sha256: 'same' },
      'small.jpg': { faces: [detected(encoding(1), 32)] },
      'blurry.jpg': { faces: [detected(encoding(2), 100, 1)] },
      'group.jpg': { faces: [detected(encoding(3), 50), detected(encoding(4), 200)] },
      'empty.jpg': { faces: [] },
    });
    await until(store, (s) => s.knownLoaded);
    const files = ['a.jpg', 'b.jpg', 'notes.txt', 'small.jpg', 'blurry.jpg', 'group.jpg', 'empty.jpg'].map((n) =>
      n.endsWith('.txt') ? new File(['x'], n, { type: 'text/plain' }) : file(n),
    );
    controller.addKnownPhotos(files, files.map((f) => `people/alice/${f.name}`));
    await until(store, (s) => s.enrolPending === 0 && s.notices.some((n) => n.text.startsWith('Added 4')));
    const state = store.getState();
    expect(state.known.map((k) => k.name)).toEqual(['alice', 'alice', 'alice', 'alice']);
    expect(state.known.map((k) => k.sourceFile)).toEqual([
      'people/alice/a.jpg',
      'people/alice/small.jpg',
      'people/alice/blurry.jpg',
      'people/alice/group.jpg',
    ]);
    expect(state.known[3]?.encoding[4]).toBe(1); // the largest face
    const texts = notices(state);
    expect(texts).toContain('people/alice/b.jpg is already known — skipped.');
    expect(texts).toContain('Added people/alice/small.jpg, but the face is only 32 px wide; a larger photo will recognise better.');
    expect(texts.some((t) => t.includes('people/alice/blurry.jpg') && t.includes('looks blurry'))).toBe(true);
    expect(texts).toContain('people/alice/group.jpg has 2 faces; used the largest for "alice".');
    expect(texts).toContain('No face found in people/alice/empty.jpg — not added.');
    expect(state.modelRuns).toBe(6); // notes.txt never reached the models
  });

  it('analyses known photos through the pool (one per worker at a time), checks and adds them in drop order, with progress', async () => {
    const names = ['p0.jpg', 'p1.jpg', 'p2.jpg', 'p3.jpg', 'p4.jpg', 'p5.jpg', 'p6.jpg', 'p7.jpg'];
    const photos: Record<string, FakePhoto> = Object.fromEntries(names.map((n, i) => [n, { faces: [detected(encoding(i))] }]));
    // p5 is the same bytes as p1: the later one in drop order is the duplicate, whichever finishes first.
    photos['p5.jpg'] = { faces: [detected(encoding(1))], sha256: 'p1.jpg' };
    const { store, controller, stats } = setup(photos, undefined, { workers: 2, delayMs: (n) => 40 - Number(n[1]) * 5 });
    await until(store, (s) => s.knownLoaded);
    controller.addKnownPhotos(names.map(file));
    expect(store.getState().enrolBatch).toMatchObject({ total: 8, finished: 0 });
    await until(store, (s) => s.enrolPending === 0 && s.notices.some((n) => n.text.startsWith('Added 7')));
    const state = store.getState();
    expect(stats.peak).toBe(2);
    expect(state.known.map((k) => k.name)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p6', 'p7']);
    expect(notices(state)).toContain('p5.jpg is already known — skipped.');
    expect(state.enrolBatch).toMatchObject({ total: 8, finished: 8, cancelled: 0 });
  });

  it('Cancel on known photos: the ones not started are not added', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `q${i}.jpg`);
    const photos: Record<string, FakePhoto> = Object.fromEntries(names.map((n, i) => [n, { faces: [detected(encoding(i))] }]));
    const { store, controller, calls } = setup(photos, undefined, { workers: 1, delayMs: () => 30 });
    await until(store, (s) => s.knownLoaded);
    controller.addKnownPhotos(names.map(file));
    await until(store, () => calls.length === 1);
    controller.cancelKnown();
    await until(store, (s) => s.enrolPending === 0 && s.notices.some((n) => n.text.startsWith('Added 1')));
    expect(calls).toHaveLength(1);
    expect(store.getState().enrolBatch).toMatchObject({ total: 10, finished: 10, cancelled: 9 });
    expect(notices(store.getState())).toContain('Cancelled: 9 known-people photos were not added.');
  });
});
