/**
 * Which results are shown and in what order (the Show and Sort by controls), and the results JSON
 * export. Pure: no DOM.
 */
import { UNKNOWN_PERSON } from './types';
import type { Box, PhotoStatus } from './types';

/** `all`, `unknown` (a face nobody is known as), `no-face`, `unreadable`, or `person:<name>`. */
export type ResultsFilter = 'all' | 'unknown' | 'no-face' | 'unreadable' | `person:${string}`;
export type ResultsSort = 'added' | 'file' | 'name';

export const PERSON_FILTER_PREFIX = 'person:';

export function personFilter(name: string): ResultsFilter {
  return `person:${name}`;
}

export function parseResultsFilter(value: string): ResultsFilter {
  if (value === 'all' || value === 'unknown' || value === 'no-face' || value === 'unreadable') return value;
  if (value.startsWith(PERSON_FILTER_PREFIX)) return value as ResultsFilter;
  return 'all';
}

export function parseResultsSort(value: string): ResultsSort {
  return value === 'file' || value === 'name' ? value : 'added';
}

export interface ViewablePhoto {
  name: string;
  order: number;
  status: PhotoStatus;
  /** The face labels, left to right (empty unless status is 'done'). */
  labels: readonly string[];
}

export function matchesFilter(photo: ViewablePhoto, filter: ResultsFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'unknown':
      return photo.status === 'done' && photo.labels.includes(UNKNOWN_PERSON);
    case 'no-face':
      return photo.status === 'no-face';
    case 'unreadable':
      return photo.status === 'unreadable';
    default: {
      const name = filter.slice(PERSON_FILTER_PREFIX.length);
      return photo.status === 'done' && photo.labels.includes(name);
    }
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The first named person on a photo, alphabetically; null for none (sorted last). */
function sortName(photo: ViewablePhoto): string | null {
  const named = photo.labels.filter((label) => label !== UNKNOWN_PERSON).sort(collator.compare);
  return named[0] ?? null;
}

/** The photos shown: filtered, then sorted (ties keep the order they were added in). */
export function viewPhotos<T extends ViewablePhoto>(photos: readonly T[], filter: ResultsFilter, sort: ResultsSort): T[] {
  const shown = filter === 'all' ? [...photos] : photos.filter((p) => matchesFilter(p, filter));
  const byOrder = (a: T, b: T) => a.order - b.order;
  if (sort === 'file') return shown.sort((a, b) => collator.compare(a.name, b.name) || byOrder(a, b));
  if (sort === 'name') {
    return shown.sort((a, b) => {
      const x = sortName(a);
      const y = sortName(b);
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        return collator.compare(x, y) || (x < y ? -1 : 1);
      }
      return collator.compare(a.name, b.name) || byOrder(a, b);
    });
  }
  return shown.sort(byOrder);
}

/** One photo in the results JSON. */
export interface PhotoResultJson {
  file: string;
  status: PhotoStatus;
  width: number;
  height: number;
  faces: Array<{ box: Box; name: string; distance: number | null; group: string | null; landmarks: Array<[number, number]> }>;
}

export interface ResultsJsonInput {
  file: string;
  status: PhotoStatus;
  width: number;
  height: number;
  faces: ReadonlyArray<{ box: Box; landmarks: ReadonlyArray<readonly [number, number]> }>;
  /** Labels in the order of `faces`; `group` as in the CSV's group column. */
  labels: ReadonlyArray<{ name: string; distance: number | null; group?: string | null }>;
}

export const RESULTS_JSON_FORMAT = 'facewise-results';
export const RESULTS_JSON_VERSION = 1;

/** The results JSON: per photo its file, status, size and faces (box, name, distance, landmarks). */
export function resultsToJson(rows: readonly ResultsJsonInput[]): string {
  const photos: PhotoResultJson[] = rows.map((row) => ({
    file: row.file,
    status: row.status,
    width: row.width,
    height: row.height,
    faces: row.faces.map((face, i) => ({
      box: { x: face.box.x, y: face.box.y, width: face.box.width, height: face.box.height },
      name: row.labels[i]?.name ?? UNKNOWN_PERSON,
      distance: row.labels[i]?.distance ?? null,
      group: row.labels[i]?.group ?? null,
      landmarks: face.landmarks.map(([x, y]) => [x, y] as [number, number]),
    })),
  }));
  return `${JSON.stringify({ format: RESULTS_JSON_FORMAT, version: RESULTS_JSON_VERSION, photos }, null, 1)}\n`;
}
