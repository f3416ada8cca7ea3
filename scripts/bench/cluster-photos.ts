/**
 * The photos bench:cluster groups: LFW people from one of View 1's pair lists (pairsDevTrain.txt to choose
 * the algorithm and threshold, pairsDevTest.txt to report; the two name disjoint people). People of the
 * list's same-person pairs give several photos each (up to `perPerson`), people with one photo in LFW
 * among the list's different-person pairs are the singletons. Picked by a seeded shuffle of the names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../src/domain/random';

export interface ClusterPhoto {
  path: string;
  person: string;
}


function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function clusterPhotos(
  lfwDir: string,
  pairsFile: string,
  options: { people: number; perPerson: number; singletons: number; seed?: number },
): ClusterPhoto[] {
  const lines = readFileSync(join(lfwDir, pairsFile), 'utf8').trim().split(/\r?\n/).slice(1);
  const several = new Set<string>();
  const others = new Set<string>();
  for (const line of lines) {
    const f = line.split('\t');
    if (f.length === 3) several.add(f[0]!);
    else if (f.length === 4) others.add(f[0]!).add(f[2]!);
  }
  const photosOf = (name: string) =>
    readdirSync(join(lfwDir, name))
      .filter((f) => f.endsWith('.jpg'))
      .sort();
  const seed = options.seed ?? 1;
  const out: ClusterPhoto[] = [];
  for (const name of shuffled([...several].sort(), seed).slice(0, options.people)) {
    for (const f of photosOf(name).slice(0, options.perPerson)) out.push({ path: `${name}/${f}`, person: name });
  }
  const single = [...others].sort().filter((n) => !several.has(n) && photosOf(n).length === 1);
  for (const name of shuffled(single, seed).slice(0, options.singletons)) {
    out.push({ path: `${name}/${photosOf(name)[0]!}`, person: name });
  }
  return out;
}
