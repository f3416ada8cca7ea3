/**
 * Every intent of the UI goes through here: components render state and call these methods; they
 * never touch the worker or IndexedDB. Photos to recognise are queued and analysed one at a time.
 */
import { resultsToCsv } from '../domain/csv';
import { checkFileKind } from '../domain/file-kind';
import { isLikelyImageFile } from '../domain/names';
import {
  clampTolerance,
  EXTRA_ACCURACY_JITTER,
  JITTER_SETTING,
  parseStoredJitter,
  parseStoredTolerance,
  TOLERANCE_SETTING,
} from '../domain/settings';
import { DEFAULT_KNOWN_JITTER } from '../domain/types';
import type { AnalyzeOptions } from '../ml/protocol';
import type { FaceClient } from '../ml/client';
import { isUnreadableImageError } from '../ml/client';
import type { FacewiseStore } from '../storage/db';
import { createEnrolment } from './enrol';
import { createNotify, describeError, dismissNotice } from './notices';
import { selectCsvRows } from './selectors';
import { createSerial } from './serial';
import type { PhotoItem, Store } from './store';
import { isBatchRunning } from './store';

export const CSV_FILE_NAME = 'facewise-results.csv';
export const UNREADABLE_MESSAGE = "Couldn't read this file as an image.";
export const NOT_REMEMBERED_MESSAGE =
  "This browser won't let Facewise store anything (a private window?): known people work for now but will not be remembered after you close this page.";

export interface ControllerDeps {
  store: Store;
  client: FaceClient;
  openStore: () => Promise<FacewiseStore>;
  /** Saves a file for the user; defaults to an <a download> click. */
  download?: (blob: Blob, fileName: string) => void;
}

export interface Controller {
  /** Loads known faces and watches the engine; call once. */
  start(): void;
  addKnownPhotos(files: readonly File[], relativePaths?: readonly string[]): void;
  forgetAllKnown(): Promise<void>;
  addPhotos(files: readonly File[], relativePaths?: readonly string[]): void;
  /** Marks every photo that hasn't started as cancelled; the one in flight finishes. */
  cancel(): void;
  /** Removes every photo card (not while a batch is running). */
  clearPhotos(): void;
  downloadCsv(): void;
  dismissNotice(id: number): void;
  /** Re-labels every result at the new tolerance (clamped; no model runs) and remembers it. */
  setTolerance(value: number): void;
  /** Known photos are encoded with EXTRA_ACCURACY_JITTER extra jitters when on; remembered. */
  setExtraAccuracy(on: boolean): void;
}

function downloadWithAnchor(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Folder drops bring along files like .DS_Store; loose files are all tried so they get a status. */
function keepImages(files: readonly File[], paths: readonly string[] | undefined) {
  const kept: { files: File[]; paths: string[] } = { files: [], paths: [] };
  files.forEach((file, i) => {
    const path = paths?.[i] ?? file.name;
    if (path.includes('/') && !isLikelyImageFile(file.name, file.type)) return;
    kept.files.push(file);
    kept.paths.push(path);
  });
  return kept;
}

export function createController({ store, client, openStore, download = downloadWithAnchor }: ControllerDeps): Controller {
  const notify = createNotify(store);
  const serial = createSerial();
  const engineError = () => {
    const engine = store.getState().engine;
    return engine.status === 'failed' ? engine.message : null;
  };
  /** The worker's analyze, gated on the models being ready. */
  const readyClient: FaceClient = {
    ready: client.ready,
    terminate: () => client.terminate(),
    memory: () => client.memory(),
    concurrency: () => client.concurrency(),
    analyze: async (file: Blob, options: AnalyzeOptions) => {
      try {
        await client.ready;
      } catch (error) {
        throw new Error(`the face models didn't load: ${describeError(error)}`);
      }
      store.update((s) => ({ ...s, modelRuns: s.modelRuns + 1 }));
      return client.analyze(file, options);
    },
  };
  const db: Promise<FacewiseStore | null> = openStore().catch((error: unknown) => {
    notify(
      `Couldn't open this browser's storage (${describeError(error)}); known people can't be saved.`,
      'error',
    );
    return null;
  });
  /** Remembers a setting; a failure is only worth a console line (the setting still applies now). */
  const saveSetting = (key: string, value: unknown) => {
    void db.then(async (storage) => {
      try {
        await storage?.setSetting(key, value);
      } catch (error) {
        console.warn(`Facewise: couldn't save the ${key} setting`, error);
      }
    });
  };
  /** Settings the user changed before the saved ones were read: the saved ones must not overwrite them. */
  const chosen = new Set<string>();
  const enrolment = createEnrolment({ store, client: readyClient, serial, notify, db });

  const queue: string[] = [];
  let pumping = false;

  const patchPhoto = (id: string, patch: Partial<PhotoItem>, finished = false) =>
    store.update((s) => ({
      ...s,
      photos: s.photos.map((p) => (p.id === id ? { ...p, ...patch } : p)),
      batch: finished && s.batch ? { ...s.batch, finished: s.batch.finished + 1 } : s.batch,
    }));

  async function analyzeQueued(id: string): Promise<void> {
    await serial(async () => {
      const photo = store.getState().photos.find((p) => p.id === id);
      if (!photo || photo.status !== 'queued') return; // cancelled or cleared while waiting
      patchPhoto(id, { status: 'working' });
      try {
        // Kinds this browser can't decode (HEIC) or that aren't photos never reach the worker.
        const { reason } = await checkFileKind(photo.file);
        if (reason !== null) {
          patchPhoto(id, { status: 'unreadable', message: reason }, true);
          return;
        }
        const a = await readyClient.analyze(photo.file, { thumbnail: false });
        patchPhoto(
          id,
          { status: a.faces.length > 0 ? 'done' : 'no-face', width: a.width, height: a.height, faces: a.faces },
          true,
        );
      } catch (error) {
        const failed = engineError();
        if (failed !== null) {
          patchPhoto(id, { status: 'cancelled', message: `Not analysed: the face models didn't load.` }, true);
        } else if (isUnreadableImageError(error)) {
          patchPhoto(id, { status: 'unreadable', message: UNREADABLE_MESSAGE }, true);
        } else {
          patchPhoto(id, { status: 'unreadable', message: `Couldn't analyse this photo: ${describeError(error)}.` }, true);
        }
      }
    });
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await analyzeQueued(id);
    } finally {
      pumping = false;
    }
  }

  function cancelQueued(message?: string): number {
    queue.length = 0;
    let count = 0;
    store.update((s) => {
      const photos = s.photos.map((p) => {
        if (p.status !== 'queued') return p;
        count++;
        return message === undefined ? { ...p, status: 'cancelled' as const } : { ...p, status: 'cancelled' as const, message };
      });
      if (count === 0) return s;
      const batch = s.batch && { ...s.batch, finished: s.batch.finished + count, cancelled: s.batch.cancelled + count };
      return { ...s, photos, batch };
    });
    return count;
  }

  return {
    start() {
      client.ready.then(
        (info) =>
          store.update((s) => ({
            ...s,
            engine: { status: 'ready', backend: info.backend, reason: info.reason, renderer: info.renderer, loadMs: info.loadMs },
          })),
        (error: unknown) => {
          const message = describeError(error);
          store.update((s) => ({ ...s, engine: { status: 'failed', message } }));
          cancelQueued(`Not analysed: the face models didn't load.`);
          enrolment.abandon(`the face models didn't load.`);
        },
      );
      void db.then(async (storage) => {
        if (!storage) return;
        try {
          const [tolerance, jitter] = await Promise.all([
            storage.getSetting<unknown>(TOLERANCE_SETTING),
            storage.getSetting<unknown>(JITTER_SETTING),
          ]);
          const savedTolerance = parseStoredTolerance(tolerance);
          const savedJitter = parseStoredJitter(jitter);
          store.update((s) => ({
            ...s,
            ...(savedTolerance === null || chosen.has(TOLERANCE_SETTING) ? {} : { tolerance: savedTolerance }),
            ...(savedJitter === null || chosen.has(JITTER_SETTING) ? {} : { knownJitter: savedJitter }),
          }));
        } catch (error) {
          console.warn("Facewise: couldn't read saved settings", error);
        }
      });
      void db.then(async (storage) => {
        if (storage && !storage.persistent) notify(NOT_REMEMBERED_MESSAGE, 'warning');
        // Another tab added or forgot known people: take the stored list as it is now.
        storage?.onKnownFacesChanged(() => {
          storage.listKnownFaces().then(
            (known) => store.update((s) => ({ ...s, known })),
            (error: unknown) => notify(`Couldn't reload known people: ${describeError(error)}.`, 'error'),
          );
        });
        try {
          const known = storage ? await storage.listKnownFaces() : [];
          // Anything enrolled while loading is already in storage, hence in `known`.
          store.update((s) => ({ ...s, known: mergeById(known, s.known), knownLoaded: true }));
        } catch (error) {
          store.update((s) => ({ ...s, knownLoaded: true }));
          notify(`Couldn't load known people: ${describeError(error)}.`, 'error');
        }
      });
    },

    addKnownPhotos(files, relativePaths) {
      const kept = keepImages(files, relativePaths);
      enrolment.add(kept.files, kept.paths);
    },

    forgetAllKnown: () => enrolment.forgetAll(),

    addPhotos(files, relativePaths) {
      const kept = keepImages(files, relativePaths);
      if (kept.files.length === 0) return;
      const failed = engineError();
      const items: PhotoItem[] = kept.files.map((file) => ({
        id: crypto.randomUUID(),
        file,
        name: file.name,
        objectUrl: URL.createObjectURL(file),
        status: failed === null ? 'queued' : 'cancelled',
        width: 0,
        height: 0,
        faces: [],
        ...(failed === null ? {} : { message: `Not analysed: the face models didn't load.` }),
      }));
      store.update((s) => {
        const n = items.length;
        const done = failed === null ? 0 : n;
        const batch = isBatchRunning(s.batch) && s.batch
          ? { ...s.batch, total: s.batch.total + n, finished: s.batch.finished + done }
          : { total: n, finished: done, cancelled: done };
        return { ...s, photos: [...s.photos, ...items], batch };
      });
      if (failed !== null) return;
      queue.push(...items.map((item) => item.id));
      void pump();
    },

    cancel() {
      cancelQueued();
    },

    clearPhotos() {
      const state = store.getState();
      if (isBatchRunning(state.batch)) return;
      for (const photo of state.photos) URL.revokeObjectURL(photo.objectUrl);
      store.update((s) => ({ ...s, photos: [], batch: null }));
    },

    downloadCsv() {
      const rows = selectCsvRows(store.getState());
      if (rows.length === 0) return;
      const csv = resultsToCsv(rows);
      download(new Blob([csv], { type: 'text/csv;charset=utf-8' }), CSV_FILE_NAME);
    },

    dismissNotice: (id) => dismissNotice(store, id),

    setTolerance(value) {
      const tolerance = clampTolerance(value);
      if (tolerance === null || tolerance === store.getState().tolerance) return;
      chosen.add(TOLERANCE_SETTING);
      store.update((s) => ({ ...s, tolerance }));
      saveSetting(TOLERANCE_SETTING, tolerance);
    },

    setExtraAccuracy(on) {
      const knownJitter = on ? EXTRA_ACCURACY_JITTER : DEFAULT_KNOWN_JITTER;
      if (knownJitter === store.getState().knownJitter) return;
      chosen.add(JITTER_SETTING);
      store.update((s) => ({ ...s, knownJitter }));
      saveSetting(JITTER_SETTING, knownJitter);
    },
  };
}

function mergeById<T extends { id: string }>(first: readonly T[], second: readonly T[]): T[] {
  const seen = new Set(first.map((r) => r.id));
  return [...first, ...second.filter((r) => !seen.has(r.id))];
}
