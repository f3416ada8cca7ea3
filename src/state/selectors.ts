/**
 * Derived state. Labels are never stored: they are computed from the faces found in a photo, the
 * known faces and the tolerance, so adding or forgetting a known person re-labels every result
 * without running the models again. Every selector here returns a stable reference for the same
 * input, as useSyncExternalStore requires.
 */
import { autoTolerance, type AutoTolerance } from '../domain/auto-tolerance';
import { checkGallery, tradeOff, type GalleryCheck, type TradeOffPoint } from '../domain/gallery-check';
import { scoreLabelled, type LabelledPhoto, type LabelledScore } from '../domain/labelled-score';
import type { FaceMatch, KnownPeopleIndex } from '../domain/matching';
import { indexKnownFaces, labelFaces } from '../domain/matching';
import { groupKnownFaces } from '../domain/known-people';
import { DEFAULT_TOLERANCE, UNKNOWN_PERSON, type FaceLabel } from '../domain/types';
import { faceKey, shownGroupKeys, type FaceGroup } from '../domain/groups';
import type { ResultsJsonInput } from '../domain/results-view';
import { viewPhotos } from '../domain/results-view';
import type { KnownFaceRecord } from '../storage/db';
export type { KnownFaceRecord };
import type { AppState, PhotoItem } from './store';
import { isBatchRunning } from './store';
import { photoList } from './photos';

/** The photos to recognise in card order; the same array until a photo changes. */
export function selectPhotos(state: AppState): PhotoItem[] {
  return photoList(state.photos);
}

/** One photo by id. */
export function selectPhoto(state: AppState, id: string): PhotoItem | undefined {
  return state.photos.byId.get(id);
}

let lastKnown: readonly KnownFaceRecord[] | null = null;
let lastIndex: KnownPeopleIndex | null = null;

/** The matching index over the known faces, rebuilt only when the known list changes. */
export function selectKnownIndex(state: AppState): KnownPeopleIndex {
  if (lastIndex === null || lastKnown !== state.known) {
    lastKnown = state.known;
    lastIndex = indexKnownFaces(state.known);
  }
  return lastIndex;
}

let lastAutoKnown: readonly KnownFaceRecord[] | null = null;
let lastAuto: AutoTolerance | null = null;

/** The Auto tolerance fitted to the known people (null when nobody is known); refitted only when they change. */
export function selectAutoTolerance(state: AppState): AutoTolerance | null {
  if (lastAutoKnown !== state.known) {
    lastAutoKnown = state.known;
    lastAuto = autoTolerance(state.known);
  }
  return lastAuto;
}

/** The tolerance in force: the slider's, or Auto's (the default distance while nobody is known). */
export function selectTolerance(state: AppState): number {
  const choice = state.toleranceChoice;
  if (choice !== 'auto') return choice;
  return selectAutoTolerance(state)?.tolerance ?? DEFAULT_TOLERANCE;
}

let lastCheck: { known: readonly KnownFaceRecord[]; tolerance: number; check: GalleryCheck; curve: TradeOffPoint[] } | null = null;

/** Tolerances the trade-off plot is drawn at: the slider's range. */
const PLOT_TOLERANCES = Array.from({ length: 51 }, (_, i) => Number((0.3 + i * 0.01).toFixed(2)));

/** "Check known people" at the tolerance in force, and the trade-off curve; recomputed when either changes. */
export function selectGalleryCheck(state: AppState): { check: GalleryCheck; curve: TradeOffPoint[] } {
  const tolerance = selectTolerance(state);
  if (lastCheck === null || lastCheck.known !== state.known || lastCheck.tolerance !== tolerance) {
    const check = checkGallery(state.known, tolerance);
    lastCheck = { known: state.known, tolerance, check, curve: tradeOff(check.photos, PLOT_TOLERANCES) };
  }
  return lastCheck;
}

let lastScore: { photos: AppState['photos']; index: KnownPeopleIndex; tolerance: number; score: LabelledScore | null } | null = null;

/** How the labelled photos (dropped in folders named after people) were recognised; null when none are labelled. */
export function selectLabelledScore(state: AppState): LabelledScore | null {
  const index = selectKnownIndex(state);
  const tolerance = selectTolerance(state);
  if (lastScore !== null && lastScore.photos === state.photos && lastScore.index === index && lastScore.tolerance === tolerance) {
    return lastScore.score;
  }
  const labelled: LabelledPhoto[] = [];
  for (const photo of selectPhotos(state)) {
    if (photo.expected === undefined || !hasResult(photo)) continue;
    const labels = photo.status === 'done' ? labelsForPhoto(photo, index, tolerance) : [];
    const named = labels
      .map((label, i) => ({ name: label.name, area: (photo.faces[i]?.box.width ?? 0) * (photo.faces[i]?.box.height ?? 0) }))
      .filter((l) => l.name !== UNKNOWN_PERSON)
      .sort((a, b) => b.area - a.area)
      .map((l) => l.name);
    labelled.push({ file: photo.name, expected: photo.expected, named });
  }
  const score = labelled.length === 0 ? null : scoreLabelled(labelled);
  lastScore = { photos: state.photos, index, tolerance, score };
  return score;
}

interface CachedLabels {
  index: KnownPeopleIndex;
  tolerance: number;
  labels: FaceMatch[];
}
const labelCache = new WeakMap<PhotoItem, CachedLabels>();
const NO_MATCHES: FaceMatch[] = [];

/** Labels for a photo's faces, left to right; memoised per photo, index and tolerance. */
export function labelsForPhoto(photo: PhotoItem, index: KnownPeopleIndex, tolerance: number): FaceMatch[] {
  if (photo.faces.length === 0) return NO_MATCHES;
  const cached = labelCache.get(photo);
  if (cached && cached.index === index && cached.tolerance === tolerance) return cached.labels;
  const labels = labelFaces(
    photo.faces.map((face) => face.encoding),
    index,
    tolerance,
  );
  labelCache.set(photo, { index, tolerance, labels });
  return labels;
}

/** A known person: every known face that carries the same name. */
export interface KnownPerson {
  name: string;
  faces: KnownFaceRecord[];
}

let lastPeopleKnown: readonly KnownFaceRecord[] | null = null;
let lastPeople: KnownPerson[] = [];

/** Known faces grouped by name, in the order each name was first added. */
export function selectKnownPeople(state: AppState): KnownPerson[] {
  if (lastPeopleKnown === state.known) return lastPeople;
  lastPeopleKnown = state.known;
  lastPeople = groupKnownFaces(state.known);
  return lastPeople;
}

export function hasResult(photo: PhotoItem): boolean {
  return photo.status === 'done' || photo.status === 'no-face';
}

export function selectHasResults(state: AppState): boolean {
  return selectPhotos(state).some(hasResult);
}

export function selectQueuedCount(state: AppState): number {
  return selectPhotos(state).filter((photo) => photo.status === 'queued').length;
}

let lastGroups: AppState['groups'] | null = null;
let lastGroupLabels = new Map<string, string>();

/** Face key → `group_N`, for the faces in a group of two or more. */
export function selectGroupLabels(state: AppState): ReadonlyMap<string, string> {
  if (lastGroups === state.groups) return lastGroupLabels;
  lastGroups = state.groups;
  lastGroupLabels = new Map();
  for (const group of state.groups) if (group.label) for (const face of group.faces) lastGroupLabels.set(face, group.label);
  return lastGroupLabels;
}

let lastShownFor: AppState['groups'] | null = null;
let lastShownKeys: ReadonlyMap<string, string> = new Map();

/** Face key → the key its group is shown by, kept across re-groupings (src/domain/groups.ts, shownGroupKeys). */
export function selectShownGroupKeys(state: AppState): ReadonlyMap<string, string> {
  if (lastShownFor !== state.groups) {
    lastShownKeys = shownGroupKeys(state.groups, lastShownKeys);
    lastShownFor = state.groups;
  }
  return lastShownKeys;
}

/** Groups "Who is this?" shows at once (largest first); the rest are counted. */
export const SHOWN_GROUPS = 40;

let lastAskedFor: { groups: AppState['groups']; running: boolean } | null = null;
/** The groups asked about, the ones shown, and the key each shown group is shown (and keyed in React) by. */
export interface AskedGroups {
  asked: FaceGroup[];
  shown: FaceGroup[];
  shownKeyOf: (group: FaceGroup) => string;
}
let lastAsked: AskedGroups = { asked: [], shown: [], shownKeyOf: (g) => g.key };
/** When each shown key was first shown (a counter): the order of the shown groups while a batch runs. */
let firstShown = new Map<string, number>();
let shownCount = 0;

/**
 * The groups "Who is this?" asks about (two faces or more, not ignored) in the grouping's order (largest
 * first, numbered group_1, group_2, … in that order), and the SHOWN_GROUPS of them it shows. When no batch
 * runs, those are the first of that order. While one runs, the shown are the largest (ties: the keys they
 * are shown by, which faces joining don't change) in the order they were first shown: as groups grew they
 * moved past each other at every update, and each move re-created the cards it passed (React moves the
 * nodes between), the page's largest layouts during a batch.
 */
export function selectAskedGroups(state: AppState): AskedGroups {
  const running = isBatchRunning(state.batch);
  if (lastAskedFor !== null && lastAskedFor.groups === state.groups && lastAskedFor.running === running) return lastAsked;
  const keys = selectShownGroupKeys(state);
  const keyOf = (g: FaceGroup) => keys.get(g.faces[0] ?? '') ?? g.key;
  const asked = state.groups.filter((g) => g.label !== null && !g.ignored);
  const shown = running
    ? [...asked]
        .sort((a, b) => b.faces.length - a.faces.length || (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
        .slice(0, SHOWN_GROUPS)
    : asked.slice(0, SHOWN_GROUPS);
  const seen = new Map<string, number>();
  for (const g of shown) seen.set(keyOf(g), firstShown.get(keyOf(g)) ?? shownCount++);
  firstShown = seen;
  if (running) shown.sort((a, b) => (seen.get(keyOf(a)) ?? 0) - (seen.get(keyOf(b)) ?? 0));
  lastAsked = { asked, shown, shownKeyOf: keyOf };
  lastAskedFor = { groups: state.groups, running };
  return lastAsked;
}

/** A photo's labels with each unknown face's group (null for named faces and faces alone). */
function labelsWithGroups(state: AppState, photo: PhotoItem): Array<FaceLabel & { group: string | null }> {
  const groups = selectGroupLabels(state);
  return labelsForPhoto(photo, selectKnownIndex(state), selectTolerance(state)).map((label, i) => ({
    name: label.name,
    distance: label.distance,
    group: label.name === UNKNOWN_PERSON ? (groups.get(faceKey(photo.id, i)) ?? null) : null,
  }));
}

/** Rows for the CSV, in card order; photos without a result are left out. */
export function selectCsvRows(state: AppState): Array<{ file: string; faces: Array<FaceLabel & { group: string | null }> | null }> {
  return selectPhotos(state).filter(hasResult).map((photo) => ({
    file: photo.name,
    faces: photo.status === 'done' ? labelsWithGroups(state, photo) : null,
  }));
}

/** How many photos are in each state; counts every photo, rendered or not. */
export interface ResultsSummary {
  total: number;
  done: number;
  noFace: number;
  unreadable: number;
  cancelled: number;
  /** Queued or being analysed. */
  pending: number;
  /** Results served by the analysis cache. */
  cached: number;
  /** Results restored after a reload, shown without their image. */
  restored: number;
}

let lastSummaryPhotos: AppState['photos'] | null = null;
let lastSummary: ResultsSummary | null = null;

export function selectResultsSummary(state: AppState): ResultsSummary {
  if (lastSummary !== null && lastSummaryPhotos === state.photos) return lastSummary;
  const summary: ResultsSummary = { total: 0, done: 0, noFace: 0, unreadable: 0, cancelled: 0, pending: 0, cached: 0, restored: 0 };
  for (const photo of selectPhotos(state)) {
    summary.total++;
    if (photo.status === 'done') summary.done++;
    else if (photo.status === 'no-face') summary.noFace++;
    else if (photo.status === 'unreadable') summary.unreadable++;
    else if (photo.status === 'cancelled') summary.cancelled++;
    else summary.pending++;
    if (photo.cached) summary.cached++;
    if (photo.file === null) summary.restored++;
  }
  lastSummaryPhotos = state.photos;
  lastSummary = summary;
  return summary;
}

/** Rows for the results JSON, in card order: photos with a result, and unreadable ones. */
export function selectJsonRows(state: AppState): ResultsJsonInput[] {
  return selectPhotos(state)
    .filter((photo) => hasResult(photo) || photo.status === 'unreadable')
    .map((photo) => ({
      file: photo.name,
      status: photo.status,
      width: photo.width,
      height: photo.height,
      faces: photo.status === 'done' ? photo.faces : [],
      labels: photo.status === 'done' ? labelsWithGroups(state, photo) : [],
    }));
}

let lastView: { photos: readonly PhotoItem[]; index: KnownPeopleIndex; tolerance: number; filter: string; sort: string } | null =
  null;
let lastVisible: PhotoItem[] = [];

/** The photos the Show and Sort by controls let through, in their order. */
export function selectVisiblePhotos(state: AppState): PhotoItem[] {
  const index = selectKnownIndex(state);
  const tolerance = selectTolerance(state);
  const { resultsFilter: filter, resultsSort: sort } = state;
  const photos = selectPhotos(state);
  if (
    lastView !== null &&
    lastView.photos === photos &&
    lastView.index === index &&
    lastView.tolerance === tolerance &&
    lastView.filter === filter &&
    lastView.sort === sort
  ) {
    return lastVisible;
  }
  if (filter === 'all' && sort === 'added') {
    lastVisible = photos;
  } else {
    const viewable = photos.map((photo) => ({
      photo,
      name: photo.name,
      order: photo.order,
      status: photo.status,
      labels: photo.status === 'done' ? labelsForPhoto(photo, index, tolerance).map((l) => l.name) : [],
    }));
    lastVisible = viewPhotos(viewable, filter, sort).map((v) => v.photo);
  }
  lastView = { photos, index, tolerance, filter, sort };
  return lastVisible;
}
