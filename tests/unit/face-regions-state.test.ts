/**
 * The face-regions intents with a fake face client and fake-indexeddb: `.xmp` sidecars dropped with the
 * photos are read (by exifr), not analysed; the names photos and sidecars carry are offered and, accepted,
 * become known faces through the correction's path; the zip holds one sidecar per photo with faces to write.
 */
import 'fake-indexeddb/auto';
import { unzipSync } from 'fflate';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { PhotoMetadata } from '../../src/domain/face-regions';
import type { DetectedFace } from '../../src/domain/types';
import { buildSidecar } from '../../src/domain/xmp-sidecar';
import type { FaceClient } from '../../src/ml/client';
import type { PhotoAnalysis } from '../../src/ml/protocol';
import { createController } from '../../src/state/controller';
import { selectNamedFacesOffer } from '../../src/state/face-regions';
import type { AppState } from '../../src/state/store';
import { createStore, initialState } from '../../src/state/store';
import { openFacewiseStore } from '../../src/storage/db';
import { selectPhotos } from '../../src/state/selectors';

function face(axis: number, x: number): DetectedFace {
  const encoding = new Float32Array(128);
  encoding[axis] = 1;
  return { box: { x, y: 100, width: 100, height: 100 }, score: 0.99, encoding, landmarks: [], sharpness: 500 };
}

const PHOTOS: Record<string, { faces: DetectedFace[]; metadata: PhotoMetadata }> = {
  // Displayed 1000×1000; the left face is named in the photo's own XMP.
  'tagged.jpg': {
    faces: [face(1, 100), face(2, 600)],
    metadata: { orientation: 1, regions: [{ name: 'Ann', area: { x: 0.1, y: 0.1, width: 0.1, height: 0.1 } }] },
  },
  // Nothing embedded: its sidecar names the right face.
  'plain.jpg': { faces: [face(3, 100), face(4, 600)], metadata: { orientation: 1, regions: [] } },
};

function setup() {
  const name = `facewise-regions-${Math.random()}`;
  const store = createStore(initialState);
  const analysed: string[] = [];
  const downloads: Array<{ blob: Blob; fileName: string }> = [];
  const client: FaceClient = {
    ready: Promise.resolve({ backend: 'cpu', reason: 'test', renderer: null, loadMs: 1 }),
    terminate: () => undefined,
    concurrency: () => 1,
    memory: async () => ({ tensors: 0, bytes: 0, jsHeap: 0, wasmHeap: 0 }),
    loseWebglContext: async () => false,
    analyze: async (file: Blob): Promise<PhotoAnalysis> => {
      const fileName = (file as File).name;
      analysed.push(fileName);
      const photo = PHOTOS[fileName];
      if (!photo) throw new Error(`no fake photo ${fileName}`);
      return { width: 1000, height: 1000, faces: photo.faces, sha256: fileName, thumbnail: null, ms: 1, metadata: photo.metadata };
    },
  };
  const opened = openFacewiseStore(name);
  const controller = createController({ store, client, openStore: () => opened, download: (blob, fileName) => downloads.push({ blob, fileName }) });
  controller.start();
  cleanups.push(async () => {
    (await opened).close();
    await deleteDB(name);
  });
  return { store, controller, analysed, downloads, opened };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function until(store: { getState(): AppState }, test: (s: AppState) => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (test(store.getState())) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('timed out');
}

const jpeg = (fileName: string) => new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), fileName], fileName, { type: 'image/jpeg' });
const sidecarFile = new File(
  [buildSidecar({ storedWidth: 1000, storedHeight: 1000, faces: [{ name: 'Bo', area: { x: 0.6, y: 0.1, width: 0.1, height: 0.1 } }] })],
  'plain.jpg.xmp',
);

describe('names photos already carry', () => {
  it('reads sidecars without analysing them, offers the named faces and adds them as known faces', async () => {
    const { store, controller, analysed, opened } = setup();
    controller.addPhotos([jpeg('tagged.jpg'), jpeg('plain.jpg'), sidecarFile]);
    await until(store, (s) => selectPhotos(s).every((p) => p.status === 'done') && s.embeddedNames.sidecars.length === 1);
    expect(analysed.sort()).toEqual(['plain.jpg', 'tagged.jpg']);
    expect(selectPhotos(store.getState()).map((p) => p.name)).toEqual(['tagged.jpg', 'plain.jpg']);
    const offer = selectNamedFacesOffer(store.getState());
    expect(offer.map((f) => [f.faceIndex, f.name])).toEqual([
      [0, 'Ann'],
      [1, 'Bo'],
    ]);

    await controller.regions.acceptNamedFaces();
    const known = store.getState().known;
    expect(known.map((k) => [k.name, k.sourceFile, k.encoding.indexOf(1)])).toEqual([
      ['Ann', 'tagged.jpg', 1],
      ['Bo', 'plain.jpg', 4],
    ]);
    expect((await (await opened).known.list()).map((k) => k.name).sort()).toEqual(['Ann', 'Bo']);
    // Learned faces are not offered again, and now name the faces.
    expect(selectNamedFacesOffer(store.getState())).toEqual([]);
  });

  it('"Not now" stops offering those faces', async () => {
    const { store, controller } = setup();
    controller.addPhotos([jpeg('tagged.jpg')]);
    await until(store, (s) => selectPhotos(s)[0]?.status === 'done');
    expect(selectNamedFacesOffer(store.getState())).toHaveLength(1);
    controller.regions.dismissNamedFaces();
    expect(selectNamedFacesOffer(store.getState())).toEqual([]);
    expect(store.getState().known).toEqual([]);
  });
});

describe('face regions out', () => {
  it('zips one sidecar per photo with named faces; unknown faces only when asked', async () => {
    const { store, controller, downloads } = setup();
    controller.addPhotos([jpeg('tagged.jpg'), jpeg('plain.jpg')]);
    await until(store, (s) => selectPhotos(s).every((p) => p.status === 'done'));
    await controller.regions.downloadZip(false);
    // Nobody is known yet: nothing named, nothing written, and the page says why.
    expect(downloads).toEqual([]);
    expect(store.getState().notices.at(-1)?.text).toMatch(/No named faces to write/);

    await controller.regions.acceptNamedFaces(); // Ann (tagged.jpg, left) is known now
    await controller.regions.downloadZip(false);
    await controller.regions.downloadZip(true);
    expect(downloads.map((d) => d.fileName)).toEqual(['facewise-face-regions.zip', 'facewise-face-regions.zip']);
    const named = unzipSync(new Uint8Array(await downloads[0]!.blob.arrayBuffer()));
    // Every other face is unknown: plain.jpg has nothing to write.
    expect(Object.keys(named)).toEqual(['tagged.jpg.xmp']);
    const tagged = new TextDecoder().decode(named['tagged.jpg.xmp']);
    expect(tagged.match(/<mwg-rs:Type>Face<\/mwg-rs:Type>/g)).toHaveLength(1);
    expect(tagged).toContain('<mwg-rs:Name>Ann</mwg-rs:Name>');
    const all = unzipSync(new Uint8Array(await downloads[1]!.blob.arrayBuffer()));
    expect(Object.keys(all).sort()).toEqual(['plain.jpg.xmp', 'tagged.jpg.xmp']);
    expect(new TextDecoder().decode(all['tagged.jpg.xmp']).match(/<mwg-rs:Type>Face<\/mwg-rs:Type>/g)).toHaveLength(2);
  });
});
