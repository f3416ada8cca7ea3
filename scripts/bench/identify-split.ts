/**
 * The identification split's people, divided once and for all into people used to CHOOSE rules
 * ("train": even positions in gallery.txt / unknown.txt) and people used only to REPORT ("test": odd
 * positions), so a rule chosen on one half is scored on people it never saw.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type IdentifyHalf = 'train' | 'test' | 'all';

export function readSplit(lfwDir: string, name: string): Array<[string, string]> {
  return readFileSync(join(lfwDir, 'splits', name), 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split('\t') as [string, string]);
}

/** Keeps the rows of people at even (train) or odd (test) positions among the distinct people, in file order. */
export function halfOf<T extends [string, string]>(rows: readonly T[], half: IdentifyHalf): T[] {
  if (half === 'all') return [...rows];
  const position = new Map<string, number>();
  for (const [, person] of rows) if (!position.has(person)) position.set(person, position.size);
  const want = half === 'train' ? 0 : 1;
  return rows.filter(([, person]) => (position.get(person) as number) % 2 === want);
}

export interface IdentifySet {
  /** Known photos: each person's gallery photo plus their next K-1 photos. */
  gallery: Array<[string, string]>;
  /** The same people's other photos, at most P each. */
  probes: Array<[string, string]>;
  /** Photos of people with one photo, whom nobody knows. */
  unknown: Array<[string, string]>;
  people: number;
}

export function identifySet(
  lfwDir: string,
  options: { half: IdentifyHalf; people: number; galleryPerPerson: number; probesPerPerson: number; unknown: number },
): IdentifySet {
  const K = options.galleryPerPerson;
  const P = options.probesPerPerson;
  const probesByPerson = new Map<string, string[]>();
  for (const [path, person] of readSplit(lfwDir, 'probe.txt')) probesByPerson.set(person, [...(probesByPerson.get(person) ?? []), path]);
  const people = halfOf(readSplit(lfwDir, 'gallery.txt'), options.half)
    .filter(([, person]) => (probesByPerson.get(person)?.length ?? 0) >= K)
    .slice(0, options.people);
  const gallery: Array<[string, string]> = [];
  const probes: Array<[string, string]> = [];
  for (const [path, person] of people) {
    const rest = probesByPerson.get(person) ?? [];
    gallery.push([path, person], ...rest.slice(0, K - 1).map((p) => [p, person] as [string, string]));
    probes.push(...rest.slice(K - 1, K - 1 + P).map((p) => [p, person] as [string, string]));
  }
  const unknown = halfOf(readSplit(lfwDir, 'unknown.txt'), options.half).slice(0, options.unknown);
  return { gallery, probes, unknown, people: people.length };
}
