/**
 * Photos to recognise that say who is in them score themselves. Pure: no DOM, no tfjs.
 *
 * Dropped as folders named after people (`test/alice/1.jpg`), a photo's label is its folder's name;
 * a folder named `unknown`, `unknown_person` or `strangers` holds people nobody knows. Each labelled photo
 * is then right (its person is named in it; for a stranger: nobody is), wrong (someone else is named) or
 * unknown (nobody is named), and the confusion table says who was taken for whom.
 */
import { csvField } from './csv';
import { personNameFromPath } from './names';
import { UNKNOWN_PERSON } from './types';

const STRANGER_FOLDERS = new Set(['unknown', 'unknown_person', 'unknown_people', 'stranger', 'strangers']);

/** The person a photo's path says it shows; UNKNOWN_PERSON for a strangers' folder; null when not in a folder. */
export function expectedFromPath(path: string): string | null {
  if (!/[\\/]/.test(path)) return null;
  const name = personNameFromPath(path);
  if (name === '') return null;
  return STRANGER_FOLDERS.has(name.toLowerCase()) ? UNKNOWN_PERSON : name;
}

export type LabelledOutcome = 'right' | 'wrong' | 'unknown';

export interface LabelledPhoto {
  file: string;
  expected: string;
  /** Names given to the photo's faces (UNKNOWN_PERSON excluded), largest face first. */
  named: readonly string[];
}

/** Right, wrong or unknown, and the name the photo counts as (its person's when right; UNKNOWN_PERSON when nobody). */
export function labelledOutcome(photo: LabelledPhoto): { outcome: LabelledOutcome; namedAs: string } {
  if (photo.expected === UNKNOWN_PERSON) {
    const first = photo.named[0];
    return first === undefined ? { outcome: 'right', namedAs: UNKNOWN_PERSON } : { outcome: 'wrong', namedAs: first };
  }
  if (photo.named.includes(photo.expected)) return { outcome: 'right', namedAs: photo.expected };
  const first = photo.named[0];
  return first === undefined ? { outcome: 'unknown', namedAs: UNKNOWN_PERSON } : { outcome: 'wrong', namedAs: first };
}

export interface LabelledScore {
  total: number;
  right: number;
  wrong: number;
  unknown: number;
  /** Who was taken for whom: one row per (expected, named as) with its number of photos, the mistakes first. */
  confusion: Array<{ expected: string; namedAs: string; photos: number }>;
}

export function scoreLabelled(photos: readonly LabelledPhoto[]): LabelledScore {
  const score = { total: 0, right: 0, wrong: 0, unknown: 0 };
  const cells = new Map<string, { expected: string; namedAs: string; photos: number }>();
  for (const photo of photos) {
    const { outcome, namedAs } = labelledOutcome(photo);
    score.total++;
    score[outcome]++;
    const key = `${photo.expected}\u0000${namedAs}`;
    const cell = cells.get(key) ?? { expected: photo.expected, namedAs, photos: 0 };
    cell.photos++;
    cells.set(key, cell);
  }
  const confusion = [...cells.values()].sort(
    (a, b) =>
      Number(a.expected === a.namedAs) - Number(b.expected === b.namedAs) ||
      b.photos - a.photos ||
      (a.expected < b.expected ? -1 : a.expected > b.expected ? 1 : a.namedAs < b.namedAs ? -1 : 1),
  );
  return { ...score, confusion };
}

/** The confusion table as CSV: `expected,named_as,photos`. */
export function confusionToCsv(score: LabelledScore): string {
  const lines = ['expected,named_as,photos', ...score.confusion.map((c) => [csvField(c.expected), csvField(c.namedAs), String(c.photos)].join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
