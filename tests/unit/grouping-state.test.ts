/**
 * "Who is this?" through the controller, with the grouping engine in-thread (the worker runs the same
 * code), a fake face client and fake-indexeddb: groups appear as photos finish, the CSV's group column,
 * naming a group teaches the gallery (at most ten faces) and Undo forgets them, edits are remembered.
 */
import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalyzeOptions, PhotoAnalysis } from '../../src/ml/protocol';
import type { FaceClient } from '../../src/ml/client';
import type { DetectedFace } from '../../src/domain/types';
import { UNKNOWN_PERSON } from '../../src/domain/types';
import { GroupingEngine } from '../../src/grouping/engine';
import type { GroupingClient } from '../../src/grouping/client';
import { openFacewiseStore, type FacewiseStore } from '../../src/storage/db';
import { createController } from '../../src/state/controller';
import { createStore, initialState, type AppState } from '../../src/state/store';
import { selectCsvRows, selectPhotos } from '../../src/state/selectors';

function encoding(axis: number, offset = 0): Float32Array {
  const e = new Float32Array(128);
  e[axis] = 1;
  e[127] = offset;
  return e;
}
const face = (enc: Float32Array, sharpness = 200): DetectedFace => ({
  box: { x: 0, y: 0, width: 100, height: 100 },
  score: 0.99,
  encoding: enc,
  landmarks: [],
  sharpness,
});

function inThreadGrouping(): GroupingClient {
  const engine = new GroupingEngine();
  return {
    putPhotos: async (p) => engine.putPhotos(p),
    removePhotos: async (ids) => engine.removePhotos(ids),
    clear: async () => engine.clear(),
    setKnown: async (k) => engine.setKnown(k),
    group: async (t, e) => engine.group(t, e),
    terminate: () => undefined,
  };
}

const dbs: Array<{ name: string; store: Promise<FacewiseStore> }> = [];
let counter = 0;
afterEach(async () => {
  for (const { name, store } of dbs.splice(0)) {
    (await store).close();
    await deleteDB(name);
  }
});

function setup(photos: Record<string, DetectedFace[]>, hold: Record<string, Promise<void>> = {}) {
  const client: FaceClient = {
    ready: Promise.resolve({ backend: 'cpu', reason: 'test', renderer: null, loadMs: 1 }),
    terminate: () => undefined,
    // A worker per photo: photos held back (`hold`) never keep another from its worker, whichever of them
    // the page finished checking first (the checks run side by side and may finish in any order).
    concurrency: () => Object.keys(photos).length,
    memory: async () => ({ tensors: 0, bytes: 0, jsHeap: 0, wasmHeap: 0 }),
    loseWebglContext: async () => false,
    analyze: async (file: Blob, _options: AnalyzeOptions): Promise<PhotoAnalysis> => {
      const name = (file as File).name;
      await hold[name];
      return { width: 1000, height: 1000, faces: photos[name] ?? [], sha256: name, thumbnail: null, ms: 1 };
    },
  };
  const name = `facewise-grouping-${counter++}`;
  const opened = openFacewiseStore(name);
  dbs.push({ name, store: opened });
  const store = createStore(initialState);
  const controller = createController({ store, client, openStore: () => opened, download: () => undefined, grouping: inThreadGrouping() });
  controller.start();
  return { store, controller, opened };
}

async function until(store: { getState(): AppState }, test: (s: AppState) => boolean, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (test(store.getState())) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not reached');
}
const JPEG_HEAD = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const file = (name: string) => new File([JPEG_HEAD, name], name, { type: 'image/jpeg' });

describe('Who is this? through the controller', () => {
  it('groups unknown faces as photos finish, names a group with its best faces, undoes it', async () => {
    // Person A in 12 photos (one blurry), person B in 3, a stranger alone.
    const photos: Record<string, DetectedFace[]> = {};
    for (let i = 0; i < 12; i++) photos[`a${i}.jpg`] = [face(encoding(0, i * 0.01), i === 0 ? 1 : 200 + i)];
    for (let i = 0; i < 3; i++) photos[`b${i}.jpg`] = [face(encoding(1, i * 0.01))];
    photos['stranger.jpg'] = [face(encoding(2))];
    const { store, controller } = setup(photos);
    await until(store, (s) => s.engine.status === 'ready' && s.knownLoaded);
    controller.addPhotos(Object.keys(photos).map(file));
    await until(store, (s) => s.groups.filter((g) => g.label).length === 2 && s.groups.reduce((n, g) => n + g.faces.length, 0) === 16);
    const [first, second] = store.getState().groups;
    expect([first?.label, first?.faces.length, second?.label, second?.faces.length]).toEqual(['group_1', 12, 'group_2', 3]);

    const csv = () => Object.fromEntries(selectCsvRows(store.getState()).map((r) => [r.file, r.faces?.[0]]));
    expect(csv()['a3.jpg']).toMatchObject({ name: UNKNOWN_PERSON, group: 'group_1' });
    expect(csv()['b1.jpg']).toMatchObject({ name: UNKNOWN_PERSON, group: 'group_2' });
    expect(csv()['stranger.jpg']).toMatchObject({ name: UNKNOWN_PERSON, group: null });

    await controller.groups?.nameGroup(first!.key, 'alice');
    const known = store.getState().known;
    expect(known).toHaveLength(10);
    expect(known.every((k) => k.name === 'alice')).toBe(true);
    expect(known.some((k) => k.sourceFile === 'a0.jpg'), 'the blurry face is not a reference').toBe(false);
    expect(csv()['a0.jpg']).toMatchObject({ name: 'alice', group: null });
    await until(store, (s) => s.groups.filter((g) => g.label).length === 1);
    expect(csv()['b1.jpg']).toMatchObject({ group: 'group_1' });

    const undo = store.getState().notices.find((n) => n.undoable);
    await controller.manage.undo(undo!.id);
    expect(store.getState().known).toHaveLength(0);
    expect(csv()['a0.jpg']?.name).toBe(UNKNOWN_PERSON);
  });

  it('remembers a face taken out and an ignored group', async () => {
    const photos: Record<string, DetectedFace[]> = {};
    for (let i = 0; i < 3; i++) photos[`a${i}.jpg`] = [face(encoding(0, i * 0.01))];
    for (let i = 0; i < 2; i++) photos[`b${i}.jpg`] = [face(encoding(1, i * 0.01))];
    const { store, controller, opened } = setup(photos);
    await until(store, (s) => s.engine.status === 'ready' && s.knownLoaded);
    controller.addPhotos(Object.keys(photos).map(file));
    await until(store, (s) => s.groups.filter((g) => g.label).length === 2);
    const [a, b] = store.getState().groups;
    controller.groups?.takeOut(a!.faces[0]!);
    controller.groups?.ignore(b!.key);
    await until(store, (s) => s.groups[0]?.faces.length === 2 && s.groups.some((g) => g.ignored));
    const storage = await opened;
    let saved: { takenOut: string[]; ignored: string[] } | undefined;
    for (let i = 0; i < 100 && !saved?.ignored.length; i++) {
      saved = await storage.settings.get<{ takenOut: string[]; ignored: string[] }>('groupEdits');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(saved?.takenOut).toEqual([a!.faces[0]]);
    expect(saved?.ignored.sort()).toEqual([...b!.faces].sort());
  });

  it('while a batch runs, updates the groups at most every 1.5 s; at its end, at once', async () => {
    const photos: Record<string, DetectedFace[]> = {};
    for (let i = 0; i < 3; i++) photos[`a${i}.jpg`] = [face(encoding(0, i * 0.01))];
    const releases: Array<() => void> = [];
    const hold = Object.fromEntries(['a1.jpg', 'a2.jpg'].map((n) => [n, new Promise<void>((resolve) => releases.push(resolve))]));
    const { store, controller } = setup(photos, hold);
    await until(store, (s) => s.engine.status === 'ready' && s.knownLoaded);
    controller.addPhotos(Object.keys(photos).map(file));
    await until(store, (s) => s.groups[0]?.faces.length === 1);
    releases[0]!();
    await until(store, (s) => selectPhotos(s).filter((p) => p.status === 'done').length === 2);
    const done = performance.now();
    await until(store, (s) => s.groups[0]?.faces.length === 2, 1000);
    expect(performance.now() - done, 'the second face waits for the batch interval').toBeGreaterThan(700);
    releases[1]!();
    await until(store, (s) => selectPhotos(s).every((p) => p.status === 'done'));
    const ended = performance.now();
    await until(store, (s) => s.groups[0]?.faces.length === 3, 1000);
    expect(performance.now() - ended, 'groups at once when the batch ends').toBeLessThan(1200);
  });
});
