/**
 * The app's one store: plain immutable state behind a tiny subscribe/getState/dispatch/update API, read
 * by React through useSyncExternalStore (see ./context.tsx). No logic lives here: actions go through the
 * reducers (./actions.ts), single fields are set with `update`; the controller's modules are the only
 * writers.
 */
import type { BackendName } from '../ml/protocol';
import type { DetectedFace, PhotoStatus } from '../domain/types';
import { DEFAULT_KNOWN_JITTER } from '../domain/types';
import type { ToleranceChoice } from '../domain/settings';
import type { ResultsFilter, ResultsSort } from '../domain/results-view';
import type { AnalysisCacheUsage, KnownFaceRecord } from '../storage/db';
import type { PhotoMetadata, SidecarRegions } from '../domain/face-regions';
import type { FaceGroup, GroupEdits } from '../domain/groups';
import { NO_GROUP_EDITS } from '../domain/groups';
import type { Persistence } from '../storage/persist';
import { reduce, type AppAction } from './actions';
import type { HistoryEntry } from './history';
import { NO_PHOTOS, type PhotoTable } from './photos';

export type { Persistence };

export type EngineState =
  | { status: 'loading' }
  | { status: 'ready'; backend: BackendName; reason: string; renderer: string | null; loadMs: number }
  | { status: 'failed'; message: string };

/** One photo to recognise, shown as a card from the moment it is dropped. */
export interface PhotoItem {
  id: string;
  /** Null for a result restored from storage after a reload: the browser can't keep the file. */
  file: File | null;
  name: string;
  size: number;
  lastModified: number;
  /** Position in the batch (cards and stored results are in this order). */
  order: number;
  /** Hex SHA-256 of the file, once hashed. */
  sha256: string | null;
  /** The result came from the analysis cache: the models didn't run for it. */
  cached: boolean;
  status: PhotoStatus;
  /** Size of the oriented photo; 0 until analysed. */
  width: number;
  height: number;
  faces: DetectedFace[];
  message?: string;
  /** EXIF orientation and the named face regions the photo carries, once analysed. */
  metadata?: PhotoMetadata;
  /** A small JPEG of the photo the worker made as it analysed it: the card shows this, not the file. */
  preview?: Blob;
  /** Who the photo shows, from the folder it was dropped in (UNKNOWN_PERSON: a strangers' folder); see labelled-score.ts. */
  expected?: string;
}

/** A photo of a stored batch that wasn't finished before the page closed: its file must be dropped again. */
export interface ResumeEntry {
  id: string;
  order: number;
  name: string;
  size: number;
  lastModified: number;
}

/** Progress of the current (or last) batch of photos to recognise. */
export interface BatchProgress {
  /** When the batch started (ms, Date.now()): the base of photos per second. */
  startedAt: number;
  /** Photos queued in this batch. */
  total: number;
  /** Photos finished in this batch, cancelled ones included. */
  finished: number;
  /** Of the finished, how many were cancelled before they started. */
  cancelled: number;
}

export type NoticeTone = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  tone: NoticeTone;
  text: string;
  /** Shows an "Undo" button (a removal, for a few seconds or until the next removal). */
  undoable?: boolean;
}

/** A known-people file that passed the checks, waiting for the user to choose merge or replace. */
export interface PendingImport {
  fileName: string;
  people: number;
  faces: number;
}

export interface AppState {
  engine: EngineState;
  /** Known faces, loaded from IndexedDB at start. */
  known: KnownFaceRecord[];
  /** False until the first load from storage has finished (or failed). */
  knownLoaded: boolean;
  /** Known-people photos dropped and not yet handled. */
  enrolPending: number;
  /** Progress of the known-people photos being added (null until the first drop). */
  enrolBatch: BatchProgress | null;
  /** Photos to recognise, by id and in card order (./photos.ts; `selectPhotos` gives the list). */
  photos: PhotoTable;
  /** Unfinished photos of the batch stored before the last reload, until they are dropped again or cleared. */
  resume: ResumeEntry[];
  /** Null until the first batch starts; kept after it completes until the next one starts. */
  batch: BatchProgress | null;
  /**
   * The tolerance the user chose: `'auto'` (fitted to the known people, src/domain/auto-tolerance.ts) or a
   * distance set with the slider. Remembered in settings. Read the distance in force with selectTolerance.
   */
  toleranceChoice: ToleranceChoice;
  /** Extra jittered encodings per known photo (AnalyzeOptions.jitter); remembered in settings. */
  knownJitter: number;
  /** Calls made to the face models (client.analyze) since the page loaded. */
  modelRuns: number;
  notices: Notice[];
  /** Which results are shown (the Show control). */
  resultsFilter: ResultsFilter;
  /** Their order (the Sort by control). */
  resultsSort: ResultsSort;
  pendingImport: PendingImport | null;
  /** The "Check known people" report is open (it is derived from the known faces and the tolerance). */
  galleryCheckOpen: boolean;
  /** The faces nobody knows, grouped by who they are (largest first), from the grouping worker. */
  groups: FaceGroup[];
  /** What the user did to groups (taken out, ignored, merged, declined); remembered in settings. */
  groupEdits: GroupEdits;
  /** Changes to known people and groups that Undo can take back, newest last (./history.ts). */
  history: HistoryEntry[];
  /** Names photos already carry (./face-regions.ts): sidecars dropped with them, offers the user declined. */
  embeddedNames: EmbeddedNamesState;
  /** Whether the browser keeps this site's storage when disk runs low (asked when the first person is added). */
  storagePersistence: Persistence;
  /** How many photo analyses are cached and about how much space they take; read at start and after each batch (null until read, or without storage). */
  analysisCache: AnalysisCacheUsage | null;
}

export interface EmbeddedNamesState {
  /** `.xmp` sidecars dropped with the photos, read. */
  sidecars: SidecarRegions[];
  /** Named faces (photo id + face index, see namedFaceKey) the user chose not to add. */
  dismissed: string[];
}

export const initialState: AppState = {
  engine: { status: 'loading' },
  known: [],
  knownLoaded: false,
  enrolPending: 0,
  enrolBatch: null,
  photos: NO_PHOTOS,
  resume: [],
  batch: null,
  toleranceChoice: 'auto',
  knownJitter: DEFAULT_KNOWN_JITTER,
  modelRuns: 0,
  notices: [],
  resultsFilter: 'all',
  resultsSort: 'added',
  pendingImport: null,
  embeddedNames: { sidecars: [], dismissed: [] },
  groups: [],
  groupEdits: NO_GROUP_EDITS,
  history: [],
  galleryCheckOpen: false,
  storagePersistence: 'unknown',
  analysisCache: null,
};

export interface Store {
  getState(): AppState;
  /** Applies an action through the reducers (./actions.ts). */
  dispatch(action: AppAction): void;
  update(recipe: (state: AppState) => AppState): void;
  subscribe(listener: () => void): () => void;
}

export function createStore(initial: AppState = initialState): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  const update = (recipe: (state: AppState) => AppState) => {
    const next = recipe(state);
    if (next === state) return;
    state = next;
    for (const listener of [...listeners]) listener();
  };
  return {
    getState: () => state,
    dispatch: (action) => update((s) => reduce(s, action)),
    update,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export function isBatchRunning(batch: BatchProgress | null): boolean {
  return batch !== null && batch.finished < batch.total;
}
