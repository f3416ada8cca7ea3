/**
 * The app's one store: plain immutable state behind a tiny subscribe/getState/update API, read by
 * React through useSyncExternalStore (see ./context.tsx). No logic lives here; the controller
 * (./controller.ts) is the only writer.
 */
import type { BackendName } from '../ml/protocol';
import type { DetectedFace, PhotoStatus } from '../domain/types';
import { DEFAULT_KNOWN_JITTER, DEFAULT_TOLERANCE } from '../domain/types';
import type { KnownFaceRecord } from '../storage/db';

export type EngineState =
  | { status: 'loading' }
  | { status: 'ready'; backend: BackendName; reason: string; renderer: string | null; loadMs: number }
  | { status: 'failed'; message: string };

/** One photo to recognise, shown as a card from the moment it is dropped. */
export interface PhotoItem {
  id: string;
  file: File;
  name: string;
  objectUrl: string;
  status: PhotoStatus;
  /** Size of the oriented photo; 0 until analysed. */
  width: number;
  height: number;
  faces: DetectedFace[];
  message?: string;
}

/** Progress of the current (or last) batch of photos to recognise. */
export interface BatchProgress {
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
}

export interface AppState {
  engine: EngineState;
  /** Known faces, loaded from IndexedDB at start. */
  known: KnownFaceRecord[];
  /** False until the first load from storage has finished (or failed). */
  knownLoaded: boolean;
  /** Known-people photos dropped and not yet handled. */
  enrolPending: number;
  photos: PhotoItem[];
  /** Null until the first batch starts; kept after it completes until the next one starts. */
  batch: BatchProgress | null;
  /** Distance at or under which a face is named; set by the Tolerance slider, remembered in settings. */
  tolerance: number;
  /** Extra jittered encodings per known photo (AnalyzeOptions.jitter); remembered in settings. */
  knownJitter: number;
  /** Calls made to the face models (client.analyze) since the page loaded. */
  modelRuns: number;
  notices: Notice[];
}

export const initialState: AppState = {
  engine: { status: 'loading' },
  known: [],
  knownLoaded: false,
  enrolPending: 0,
  photos: [],
  batch: null,
  tolerance: DEFAULT_TOLERANCE,
  knownJitter: DEFAULT_KNOWN_JITTER,
  modelRuns: 0,
  notices: [],
};

export interface Store {
  getState(): AppState;
  update(recipe: (state: AppState) => AppState): void;
  subscribe(listener: () => void): () => void;
}

export function createStore(initial: AppState = initialState): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    update(recipe) {
      const next = recipe(state);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
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
