/**
 * Every intent of the UI goes through here: components render state and call these methods; they
 * never touch the worker or IndexedDB. Photos to recognise go through ./recognise.ts (as many at once as
 * the face client has workers ready); known people too, their checks and writes in drop order (./enrol.ts).
 */
import { resultsToCsv } from '../domain/csv';
import { parseResultsFilter, parseResultsSort, resultsToJson } from '../domain/results-view';
import { confusionToCsv, expectedFromPath } from '../domain/labelled-score';
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
import type { AnalyzeOptions, BackendName } from '../ml/protocol';
import type { AnalyzeControl, FaceClient } from '../ml/client';
import type { FacewiseStore } from '../storage/db';
import { askForPersistence, currentPersistence } from '../storage/persist';
import { createEnrolment } from './enrol';
import { createNotify, describeError, dismissNotice } from './notices';
import { createManagement } from './manage';
import type { Management } from './manage';
import { selectCsvRows, selectJsonRows, selectLabelledScore } from './selectors';
import { createSerial } from '../domain/serial';
import { createRecognition } from './recognise';
import { createFaceRegions } from './face-regions';
import type { FaceRegions } from './face-regions';
import type { GroupingClient } from '../grouping/client';
import { createGrouping } from './grouping';
import type { Grouping } from './grouping';
import type { Store } from './store';

export const CSV_FILE_NAME = 'facewise-results.csv';
export const CONFUSION_CSV_FILE_NAME = 'facewise-confusion.csv';
export const JSON_FILE_NAME = 'facewise-results.json';
export { UNREADABLE_MESSAGE } from './recognise';
export const NOT_REMEMBERED_MESSAGE =
  "This browser won't let Facewise store anything (a private window?): known people work for now but will not be remembered after you close this page.";

export interface ControllerDeps {
  store: Store;
  client: FaceClient;
  openStore: () => Promise<FacewiseStore>;
  /** Saves a file for the user; defaults to an <a download> click. */
  download?: (blob: Blob, fileName: string) => void;
  /** The grouping worker's client; without one, faces nobody knows are not grouped. */
  grouping?: GroupingClient;
}

export interface Controller {
  /** Loads known faces and watches the engine; call once. */
  start(): void;
  addKnownPhotos(files: readonly File[], relativePaths?: readonly string[]): void;
  /** Known-people photos not yet started are not added; the ones in flight finish. */
  cancelKnown(): void;
  forgetAllKnown(): Promise<void>;
  /** A person's faces from another pipeline are removed (Undo offered) and these photos added as that person. */
  reAddKnownPhotos(name: string, files: readonly File[]): Promise<void>;
  addPhotos(files: readonly File[], relativePaths?: readonly string[]): void;
  /** Ends the batch at once: every photo waiting or in flight is marked cancelled. */
  cancel(): void;
  /** Removes every photo card and the stored results (not while a batch is running). */
  clearPhotos(): void;
  /** Forgets every cached analysis: photos dropped again run the models again. */
  clearCache(): Promise<void>;
  downloadCsv(): void;
  /** The labelled photos' confusion table (who was taken for whom) as CSV. */
  downloadConfusionCsv(): void;
  /** Per photo: file, status, size, faces with box, name, distance and landmarks. */
  downloadJson(): void;
  /** The Show control: all, unknown, no-face, unreadable or person:<name>. */
  setResultsFilter(value: string): void;
  /** The Sort by control: added, file or name. */
  setResultsSort(value: string): void;
  /** Known people and results: rename, merge, remove/undo, correct, export/import, erase (./manage.ts). */
  manage: Management;
  /** Face regions as XMP sidecars (zip, folder), and the names photos already carry (./face-regions.ts). */
  regions: FaceRegions;
  /** "Who is this?": name, merge, ignore groups of faces nobody knows, take a face out (./grouping.ts). */
  groups: Grouping | null;
  dismissNotice(id: number): void;
  /**
   * Re-labels every result at the new tolerance (no model runs) and remembers it: a distance from the
   * slider (clamped), or `'auto'` to go back to the tolerance fitted to the known people.
   */
  setTolerance(value: number | 'auto'): void;
  /** Opens or closes the "Check known people" report. */
  showGalleryCheck(open: boolean): void;
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

export function createController({ store, client, openStore, download = downloadWithAnchor, grouping }: ControllerDeps): Controller {
  const notify = createNotify(store);
  const serial = createSerial();
  const engineError = () => {
    const engine = store.getState().engine;
    return engine.status === 'failed' ? engine.message : null;
  };
  /** A worker that lost its WebGL context carries on with WASM: show it, and say so once. */
  const noticeBackendSwitch = (backend: BackendName | undefined) => {
    const engine = store.getState().engine;
    if (!backend || engine.status !== 'ready' || engine.backend === backend) return;
    store.update((s) => ({
      ...s,
      engine: { ...engine, backend, reason: `the GPU's WebGL context was lost; switched to ${backend}` },
    }));
    notify(`The graphics card stopped responding (WebGL context lost). Switched to ${backend.toUpperCase()} and carried on.`, 'warning');
  };
  /** The worker's analyze, gated on the models being ready. */
  const readyClient: FaceClient = {
    ...client,
    analyze: async (file: Blob, options: AnalyzeOptions, control?: AnalyzeControl) => {
      try {
        await client.ready;
      } catch (error) {
        throw new Error(`the face models didn't load: ${describeError(error)}`, { cause: error });
      }
      store.update((s) => ({ ...s, modelRuns: s.modelRuns + 1 }));
      const analysis = await client.analyze(file, options, control);
      noticeBackendSwitch(analysis.backend);
      return analysis;
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
        await storage?.settings.set(key, value);
      } catch (error) {
        console.warn(`Facewise: couldn't save the ${key} setting`, error);
      }
    });
  };
  /** Settings the user changed before the saved ones were read: the saved ones must not overwrite them. */
  const chosen = new Set<string>();
  const enrolment = createEnrolment({ store, client: readyClient, serial, notify, db });

  const recognition = createRecognition({ store, client: readyClient, db, notify, engineError });
  const manage = createManagement({
    store,
    db,
    notify,
    download,
    clearPhotos: () => recognition.clear(),
    stopWork: () => enrolment.cancelAll(),
  });
  const regions = createFaceRegions({ store, notify, download, learnFaces: (faces, what, text) => manage.learnFaces(faces, what, text) });
  const groups = grouping ? createGrouping({ store, client: grouping, db, notify, manage }) : null;

  return {
    start() {
      groups?.start();
      // Persistent storage: asked once, when the first person is added (the known list goes from empty to not).
      void currentPersistence().then((storagePersistence) => store.update((s) => ({ ...s, storagePersistence })));
      let asked = false;
      let hadKnown = false;
      store.subscribe(() => {
        const s = store.getState();
        const hasKnown = s.knownLoaded && s.known.length > 0;
        if (hasKnown && !hadKnown && !asked && s.storagePersistence !== 'granted' && s.storagePersistence !== 'unsupported') {
          asked = true;
          void askForPersistence().then((storagePersistence) => store.update((x) => ({ ...x, storagePersistence })));
        }
        hadKnown = hasKnown;
      });
      client.ready.then(
        (info) => {
          store.update((s) => ({
            ...s,
            engine: { status: 'ready', backend: info.backend, reason: info.reason, renderer: info.renderer, loadMs: info.loadMs },
          }));
          recognition.resume();
          enrolment.resume();
        },
        (error: unknown) => {
          const message = describeError(error);
          store.update((s) => ({ ...s, engine: { status: 'failed', message } }));
          recognition.cancel(`Not analysed: the face models didn't load.`);
          enrolment.abandon(`the face models didn't load.`);
        },
      );
      void db.then(async (storage) => {
        if (!storage) return;
        try {
          const [tolerance, jitter] = await Promise.all([
            storage.settings.get<unknown>(TOLERANCE_SETTING),
            storage.settings.get<unknown>(JITTER_SETTING),
          ]);
          const savedTolerance = parseStoredTolerance(tolerance);
          const savedJitter = parseStoredJitter(jitter);
          store.update((s) => ({
            ...s,
            ...(savedTolerance === null || chosen.has(TOLERANCE_SETTING) ? {} : { toleranceChoice: savedTolerance }),
            ...(savedJitter === null || chosen.has(JITTER_SETTING) ? {} : { knownJitter: savedJitter }),
          }));
        } catch (error) {
          console.warn("Facewise: couldn't read saved settings", error);
        }
      });
      void db.then(async (storage) => {
        if (storage && !storage.persistent) notify(NOT_REMEMBERED_MESSAGE, 'warning');
        // The results of the last batch, and the files it didn't finish.
        if (storage) void recognition.restore(storage);
        // How many analyses are cached, for "Your data".
        void recognition.readCacheUsage();
        // Another tab erased everything: stop adding and recognising here, and forget what is shown.
        storage?.onErased(() => {
          recognition.cancel('Cancelled: everything was erased in another tab.');
          void enrolment.cancelAll().then(() => manage.erasedElsewhere());
        });
        // Another tab added or forgot known people: take the stored list as it is now.
        storage?.known.onChanged(() => {
          storage.known.list().then(
            (known) => store.dispatch({ type: 'known/reloaded', known }),
            (error: unknown) => notify(`Couldn't reload known people: ${describeError(error)}.`, 'error'),
          );
        });
        try {
          const known = storage ? await storage.known.list() : [];
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

    cancelKnown: () => enrolment.cancel(),

    forgetAllKnown: () => enrolment.forgetAll(),

    async reAddKnownPhotos(name, files) {
      if (files.length === 0) return;
      await manage.removeOtherPipelines(name);
      // As if dropped in a folder named after the person: they join this person whatever their file names.
      const kept = keepImages(files, files.map((f) => `${name}/${f.name}`));
      enrolment.add(kept.files, kept.paths);
    },

    addPhotos(files, relativePaths) {
      // `.xmp` sidecars dropped with the photos carry names for them: read, not analysed.
      const isSidecar = (file: File) => /\.xmp$/i.test(file.name);
      const sidecars = files.filter(isSidecar);
      if (sidecars.length > 0) void regions.addSidecars(sidecars);
      const paths = relativePaths?.filter((_, i) => !isSidecar(files[i] as File));
      const kept = keepImages(files.filter((file) => !isSidecar(file)), paths);
      recognition.add(kept.files, kept.paths.map(expectedFromPath));
    },

    cancel() {
      recognition.cancel();
    },

    clearPhotos() {
      recognition.clear();
    },

    clearCache: () => recognition.clearCache(),

    downloadCsv() {
      const rows = selectCsvRows(store.getState());
      if (rows.length === 0) return;
      const csv = resultsToCsv(rows);
      download(new Blob([csv], { type: 'text/csv;charset=utf-8' }), CSV_FILE_NAME);
    },

    downloadConfusionCsv() {
      const score = selectLabelledScore(store.getState());
      if (!score) return;
      download(new Blob([confusionToCsv(score)], { type: 'text/csv;charset=utf-8' }), CONFUSION_CSV_FILE_NAME);
    },

    downloadJson() {
      const rows = selectJsonRows(store.getState());
      if (rows.length === 0) return;
      download(new Blob([resultsToJson(rows)], { type: 'application/json' }), JSON_FILE_NAME);
    },

    setResultsFilter(value) {
      const resultsFilter = parseResultsFilter(value);
      store.update((s) => (s.resultsFilter === resultsFilter ? s : { ...s, resultsFilter }));
    },

    setResultsSort(value) {
      const resultsSort = parseResultsSort(value);
      store.update((s) => (s.resultsSort === resultsSort ? s : { ...s, resultsSort }));
    },

    manage,

    regions,
    groups,

    dismissNotice: (id) => dismissNotice(store, id),

    setTolerance(value) {
      const toleranceChoice = value === 'auto' ? 'auto' : clampTolerance(value);
      if (toleranceChoice === null || toleranceChoice === store.getState().toleranceChoice) return;
      chosen.add(TOLERANCE_SETTING);
      store.update((s) => ({ ...s, toleranceChoice }));
      saveSetting(TOLERANCE_SETTING, toleranceChoice);
    },

    showGalleryCheck(open) {
      store.update((s) => (s.galleryCheckOpen === open ? s : { ...s, galleryCheckOpen: open }));
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
