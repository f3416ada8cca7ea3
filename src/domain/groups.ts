/**
 * The "Who is this?" groups as the app shows them: the clustering's groups (./clustering.ts) of the faces
 * nobody knows, with the user's edits applied (faces taken out, groups merged or ignored), numbered
 * largest first; which of a group's faces make the best references; the known person a group is near.
 * Pure: no DOM, no tfjs.
 */
import type { ClusterSettings } from './clustering';
import type { KnownPeopleIndex } from './matching';
import { personDistances } from './matching';
import type { Box, Encoding } from './types';

/**
 * The app's grouping, chosen with `npm run bench:cluster` on LFW's View 1 tuning people
 * (pairsDevTrain.txt): the best BCubed F1 with pairwise precision >= 0.99 (see README, Figures).
 */
export const GROUPING: ClusterSettings = { method: 'average-linkage', threshold: 0.55 };
/**
 * The neighbour graph's radius: the threshold (a radius 0.1 beyond it, which lets average linkage bound more
 * group pairs' means, measured slower: more edges to carry through every merge).
 */
export const GROUPING_RADIUS = GROUPING.threshold;
/** A group whose nearest known person is within this much beyond the tolerance is offered as "Is this …?". */
export const NEAR_MISS_MARGIN = 0.08;
/** At most this many of a group's faces become references when the group is named. */
export const MAX_REFERENCES = 10;
/** "Is this …?" is looked for in this many groups (largest first), from this many faces of each. */
export const SUGGESTED_GROUPS = 40;
export const SUGGESTION_FACES = 10;

/** The settings key the group edits are remembered under. */
export const GROUP_EDITS_SETTING = 'groupEdits';

/** A face's id across the app: its photo's id and its index in that photo (left to right). */
export function faceKey(photoId: string, faceIndex: number): string {
  return `${photoId}#${faceIndex}`;
}

/** Where `faceKey` points: null when it is not one. */
export function parseFaceKey(key: string): { photoId: string; faceIndex: number } | null {
  const at = key.lastIndexOf('#');
  if (at <= 0) return null;
  const faceIndex = Number(key.slice(at + 1));
  return Number.isInteger(faceIndex) && faceIndex >= 0 ? { photoId: key.slice(0, at), faceIndex } : null;
}

/** What the user did to groups; remembered (settings), keyed by face. */
export interface GroupEdits {
  /** "Not this person": faces left out of every group. */
  takenOut: readonly string[];
  /** Faces of ignored groups: a group holding one is ignored (never asked about again). */
  ignored: readonly string[];
  /** Pairs of faces whose groups the user merged. */
  merges: ReadonlyArray<readonly [string, string]>;
  /** "Is this alice?" answered no: [a face of the group, the name]; that group is not asked about that name again. */
  declined: ReadonlyArray<readonly [string, string]>;
}

export const NO_GROUP_EDITS: GroupEdits = { takenOut: [], ignored: [], merges: [], declined: [] };

/** Reads stored edits; anything malformed becomes no edits. */
export function parseGroupEdits(value: unknown): GroupEdits {
  if (typeof value !== 'object' || value === null) return NO_GROUP_EDITS;
  const v = value as Record<string, unknown>;
  const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
  const pairs = (x: unknown): Array<[string, string]> =>
    Array.isArray(x)
      ? x.filter(
          (m): m is [string, string] => Array.isArray(m) && m.length === 2 && typeof m[0] === 'string' && typeof m[1] === 'string',
        )
      : [];
  return { takenOut: strings(v.takenOut), ignored: strings(v.ignored), merges: pairs(v.merges), declined: pairs(v.declined) };
}

export interface FaceGroup {
  /** A stable handle: the group's smallest face key. */
  key: string;
  /** Face keys, as the clustering ordered them. */
  faces: string[];
  /** Distinct photos among the faces. */
  photos: number;
  ignored: boolean;
  /** `group_N` in the exports (N from 1, largest first); null for a face alone. */
  label: string | null;
  /** The known person the group is just beyond the tolerance of ("Is this …?"), where looked for. */
  suggestion: { name: string; distance: number } | null;
}

/** Whether two groups show the same (the grouping worker sends new objects for unchanged groups). */
export function sameGroup(a: FaceGroup, b: FaceGroup): boolean {
  return (
    a.key === b.key &&
    a.label === b.label &&
    a.ignored === b.ignored &&
    a.photos === b.photos &&
    a.suggestion?.name === b.suggestion?.name &&
    a.faces.length === b.faces.length &&
    a.faces.every((f, k) => f === b.faces[k])
  );
}

/**
 * The groups shown: the clustering's `groups` (face keys, largest first), merged where the user merged
 * them (unless the two hold faces of one photo), ignored where they hold an ignored face, sorted largest
 * first (ties: smallest key), numbered `group_1`, `group_2`, … over the groups of two or more faces.
 */
export function applyGroupEdits(groups: readonly (readonly string[])[], edits: GroupEdits): FaceGroup[] {
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => g.forEach((face) => groupOf.set(face, i)));
  const parent = groups.map((_, i) => i);
  const photos = groups.map((g) => new Set(g.map(photoOf)));
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  for (const [a, b] of edits.merges) {
    const ga = groupOf.get(a);
    const gb = groupOf.get(b);
    if (ga === undefined || gb === undefined) continue;
    const ra = find(ga);
    const rb = find(gb);
    if (ra === rb) continue;
    const pa = photos[ra] as Set<string>;
    const pb = photos[rb] as Set<string>;
    if ([...pb].some((p) => pa.has(p))) continue; // two faces of one photo are never one person
    for (const p of pb) pa.add(p);
    parent[rb] = ra;
  }
  const merged = new Map<number, string[]>();
  groups.forEach((g, i) => {
    const r = find(i);
    merged.set(r, [...(merged.get(r) ?? []), ...g]);
  });
  const ignored = new Set(edits.ignored);
  const out = [...merged.values()]
    .map((faces) => {
      const key = faces.reduce((m, f) => (f < m ? f : m));
      return { key, faces, photos: new Set(faces.map(photoOf)).size, ignored: faces.some((f) => ignored.has(f)), label: null, suggestion: null };
    })
    .sort((a, b) => b.faces.length - a.faces.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let n = 0;
  return out.map((g) => (g.faces.length >= 2 ? { ...g, label: `group_${++n}` } : g));
}

/**
 * Keys to show groups by, kept across re-groupings: face key → the shown key of its group. A group's own
 * key (its smallest face key) changes whenever a face with a smaller key joins it, which re-created its
 * card from scratch (its strip, a name half typed) every time a batch added a face. Each group, largest
 * first, keeps the shown key most of its faces had in `before` (ties: the smallest), if no larger group
 * kept it first; a new group is shown by its own key (suffixed where that key is still someone's).
 */
export function shownGroupKeys(groups: readonly FaceGroup[], before: ReadonlyMap<string, string>): Map<string, string> {
  const inUse = new Set(before.values());
  const taken = new Set<string>();
  const byFace = new Map<string, string>();
  for (const group of groups) {
    const votes = new Map<string, number>();
    for (const face of group.faces) {
      const was = before.get(face);
      if (was !== undefined && !taken.has(was)) votes.set(was, (votes.get(was) ?? 0) + 1);
    }
    let shown: string | null = null;
    let most = 0;
    for (const [key, n] of votes) {
      if (n > most || (n === most && shown !== null && key < shown)) {
        shown = key;
        most = n;
      }
    }
    if (shown === null) {
      shown = group.key;
      for (let n = 1; taken.has(shown) || inUse.has(shown); n++) shown = `${group.key}~${n}`;
    }
    taken.add(shown);
    for (const face of group.faces) byFace.set(face, shown);
  }
  return byFace;
}

function photoOf(key: string): string {
  return parseFaceKey(key)?.photoId ?? key;
}

/** What the best-reference choice needs of a face. */
export interface FaceQuality {
  key: string;
  box: Box;
  landmarks: ReadonlyArray<readonly [number, number]>;
  sharpness: number;
}

/**
 * How frontal a face is, 0..1: 1 when the nose tip (landmark 30) is midway between the jaw ends
 * (landmarks 0 and 16), falling as the head turns. 0.5 without landmarks.
 */
export function frontality(landmarks: ReadonlyArray<readonly [number, number]>): number {
  const left = landmarks[0];
  const right = landmarks[16];
  const nose = landmarks[30];
  if (!left || !right || !nose) return 0.5;
  const width = right[0] - left[0];
  if (Math.abs(width) < 1e-6) return 0;
  const t = (nose[0] - left[0]) / width;
  return Math.max(0, 1 - 2 * Math.abs(t - 0.5));
}

/**
 * Up to `max` faces that make the best references: ranked by sharpness, size and frontality (the mean of
 * the three ranks, best first; ties by key).
 */
export function bestFaces<T extends FaceQuality>(faces: readonly T[], max = MAX_REFERENCES): T[] {
  // A face's rank on one measure: how many faces are strictly better (ties share a rank).
  const rank = (value: (f: T) => number) => {
    const values = faces.map(value).sort((a, b) => b - a);
    return new Map(faces.map((f) => [f.key, values.findIndex((v) => v <= value(f))]));
  };
  const sharp = rank((f) => f.sharpness);
  const size = rank((f) => f.box.width * f.box.height);
  const front = rank((f) => frontality(f.landmarks));
  const score = (f: T) => (sharp.get(f.key) ?? 0) + (size.get(f.key) ?? 0) + (front.get(f.key) ?? 0);
  return [...faces].sort((a, b) => score(a) - score(b) || (a.key < b.key ? -1 : 1)).slice(0, max);
}

/**
 * The known person a group is nearest to, by the mean over the group's faces of each person's distance
 * (the matching's own per-person distance), when that is beyond the tolerance by at most
 * `NEAR_MISS_MARGIN` — a group worth asking "Is this …?" about. Null otherwise or when nobody is known.
 */
export function nearMiss(
  encodings: readonly Encoding[],
  index: KnownPeopleIndex,
  tolerance: number,
): { name: string; distance: number } | null {
  if (encodings.length === 0 || index.people.length === 0) return null;
  const totals = new Map<string, number>();
  for (const e of encodings) for (const { name, distance } of personDistances(e, index)) totals.set(name, (totals.get(name) ?? 0) + distance);
  let best: { name: string; distance: number } | null = null;
  for (const [name, total] of totals) {
    const distance = total / encodings.length;
    if (!best || distance < best.distance || (distance === best.distance && name < best.name)) best = { name, distance };
  }
  return best && best.distance > tolerance && best.distance <= tolerance + NEAR_MISS_MARGIN ? best : null;
}
