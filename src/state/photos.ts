/**
 * The photos to recognise as data: a table of photos by id in card order, with the batch's progress and
 * the files a reload left unfinished, and the one reducer that changes them. Its actions say what
 * happened (photos added, results in, a batch cancelled, a stored batch restored, all cleared); the
 * effects that make them happen (the queue, hashing, the workers, storage) are in ./recognise.ts, which
 * is the only place that dispatches them. Pure: no DOM, no storage, no clock (times come in actions).
 */
import type { BatchProgress, PhotoItem, ResumeEntry } from './store';

/** Photos by id, and their ids in card order (by each photo's `order`). */
export interface PhotoTable {
  readonly ids: readonly string[];
  readonly byId: ReadonlyMap<string, PhotoItem>;
}

export const NO_PHOTOS: PhotoTable = { ids: [], byId: new Map() };

/** The part of the state this reducer owns. */
export interface RecognitionState {
  photos: PhotoTable;
  resume: ResumeEntry[];
  batch: BatchProgress | null;
}

export type PhotoAction =
  /**
   * Photos dropped, in the batch (a new one at `at` unless one is running). A photo whose id is a stored
   * card's or an unfinished entry's takes its place (a file of the stored batch dropped again); photos
   * added already cancelled (the models failed to load) count as finished.
   */
  | { type: 'photos/added'; items: readonly PhotoItem[]; at: number }
  /** Changes to photos (a status, a result), gathered; `finished` of them are now finished. */
  | { type: 'photos/patched'; patches: ReadonlyMap<string, Partial<PhotoItem>>; finished: number }
  /** The batch ended at once: every photo queued or being analysed is cancelled (with `message`, if any). */
  | { type: 'photos/cancelled'; message?: string }
  /**
   * The batch stored before a reload: its finished photos as cards, the rest as files to drop again;
   * photos dropped while it loaded (their orders from 0) move `shift` places on, after the stored ones.
   */
  | { type: 'photos/restored'; finished: readonly PhotoItem[]; resume: readonly ResumeEntry[]; shift: number }
  /** Every card and unfinished entry gone, no batch. */
  | { type: 'photos/cleared' };

function sortedIds(byId: ReadonlyMap<string, PhotoItem>): string[] {
  return [...byId.values()].sort((x, y) => x.order - y.order).map((p) => p.id);
}

/** Whether a photo is still waiting for (or in) the models: what Cancel stops. */
export function isPending(photo: PhotoItem): boolean {
  return photo.status === 'queued' || photo.status === 'working';
}

export function recognitionReducer<S extends RecognitionState>(state: S, action: PhotoAction): S {
  switch (action.type) {
    case 'photos/added': {
      if (action.items.length === 0) return state;
      const byId = new Map(state.photos.byId);
      let claimed = false;
      for (const item of action.items) {
        if (byId.has(item.id)) claimed = true;
        byId.set(item.id, item);
      }
      const added = new Set(action.items.map((p) => p.id));
      const resume = state.resume.filter((r) => !added.has(r.id));
      if (resume.length !== state.resume.length) claimed = true;
      const fresh = action.items.filter((p) => !state.photos.byId.has(p.id)).map((p) => p.id);
      // Without claims, new photos come after every card (their orders are the next ones).
      const ids = claimed ? sortedIds(byId) : [...state.photos.ids, ...fresh];
      const n = action.items.length;
      const done = action.items.filter((p) => !isPending(p)).length;
      const running = state.batch !== null && state.batch.finished < state.batch.total;
      const batch: BatchProgress =
        running && state.batch
          ? { ...state.batch, total: state.batch.total + n, finished: state.batch.finished + done, cancelled: state.batch.cancelled + done }
          : { startedAt: action.at, total: n, finished: done, cancelled: done };
      return { ...state, photos: { ids, byId }, resume, batch };
    }
    case 'photos/patched': {
      if (action.patches.size === 0 && action.finished === 0) return state;
      const byId = new Map(state.photos.byId);
      for (const [id, patch] of action.patches) {
        const photo = byId.get(id);
        if (photo) byId.set(id, { ...photo, ...patch });
      }
      const batch = action.finished > 0 && state.batch ? { ...state.batch, finished: state.batch.finished + action.finished } : state.batch;
      return { ...state, photos: { ids: state.photos.ids, byId }, batch };
    }
    case 'photos/cancelled': {
      const byId = new Map(state.photos.byId);
      let n = 0;
      for (const [id, photo] of byId) {
        if (!isPending(photo)) continue;
        byId.set(id, action.message === undefined ? { ...photo, status: 'cancelled' } : { ...photo, status: 'cancelled', message: action.message });
        n++;
      }
      if (n === 0) return state;
      const batch = state.batch && { ...state.batch, finished: state.batch.finished + n, cancelled: state.batch.cancelled + n };
      return { ...state, photos: { ids: state.photos.ids, byId }, batch };
    }
    case 'photos/restored': {
      if (action.finished.length === 0 && action.resume.length === 0) return state;
      const { shift } = action;
      const byId = new Map<string, PhotoItem>();
      for (const photo of action.finished) byId.set(photo.id, photo);
      for (const photo of state.photos.byId.values()) byId.set(photo.id, { ...photo, order: photo.order + shift });
      return { ...state, photos: { ids: sortedIds(byId), byId }, resume: [...action.resume, ...state.resume] };
    }
    case 'photos/cleared':
      return { ...state, photos: NO_PHOTOS, resume: [], batch: null };
  }
}

const lists = new WeakMap<PhotoTable, PhotoItem[]>();

/** The photos in card order; the same array for the same table (a stable reference for React). */
export function photoList(table: PhotoTable): PhotoItem[] {
  let list = lists.get(table);
  if (!list) {
    list = table.ids.map((id) => table.byId.get(id) as PhotoItem);
    lists.set(table, list);
  }
  return list;
}

/** A table of these photos (tests, and a state made by hand). */
export function photoTable(photos: readonly PhotoItem[]): PhotoTable {
  const byId = new Map(photos.map((p) => [p.id, p]));
  return { ids: sortedIds(byId), byId };
}
