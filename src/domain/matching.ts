/**
 * Matching face encodings to known people. Pure: no DOM, no tfjs.
 */
import { assignMinCost, UNASSIGNED } from './assignment';
import { faceDistance } from './distance';
import { FACE_API_ENCODING_LENGTH } from './model-id';
import { UNKNOWN_PERSON } from './types';
import type { Encoding, FaceLabel, KnownFace } from './types';

/**
 * How one person's distance to a face is reduced from that person's known encodings:
 * - `'nearest'`: the smallest distance to any of the person's encodings (face_recognition's rule);
 * - `'mean-k-nearest'`: the mean of the `MEAN_K_NEAREST` smallest distances (all, when fewer);
 * - `'centroid'`: the distance to the mean of the person's encodings.
 */
export type PersonDistanceStrategy = 'nearest' | 'mean-k-nearest' | 'centroid';

/**
 * Chosen by measurement (`npm run bench:identify -- --people 120 --gallery-size 3 --unknown 120`, README
 * "Identification"): with three known photos per person, mean-k-nearest kept top-1 as high as nearest
 * (99.0%) and named far fewer strangers (30.8% vs 69.2%); centroid named 82.5%. With one photo per person
 * all three are the same.
 */
export const DEFAULT_STRATEGY: PersonDistanceStrategy = 'mean-k-nearest';
/** k for the `'mean-k-nearest'` strategy. */
export const MEAN_K_NEAREST = 3;
/** A named face whose nearest two people are at most this far apart is flagged `unsure`. */
export const UNSURE_MARGIN = 0.03;
/** Distance over which the confidence logistic goes from 0.5 to about 0.73 (e: 1/(1+e^-1)). */
export const CONFIDENCE_SCALE = 0.05;

export interface IndexedPerson {
  readonly name: string;
  readonly encodings: readonly Encoding[];
  /** Mean of `encodings`. */
  readonly centroid: Encoding;
}

/** Known faces grouped by person name, in the order each name first appears. */
export interface KnownPeopleIndex {
  readonly people: readonly IndexedPerson[];
}

export interface PersonDistance {
  name: string;
  distance: number;
}

/** A face's label plus what the UI needs to show how sure it is. */
export interface FaceMatch extends FaceLabel {
  /**
   * Distance to the nearest person other than the reference person — the assigned person, or for an
   * unknown face the nearest person. Null when there is no such other person.
   */
  second: number | null;
  /** Named, and the second person is within `UNSURE_MARGIN` of the assigned one (or nearer). */
  unsure: boolean;
  /**
   * Confidence, 0..1, in the label shown; null when nobody is known. With
   * `m = sigmoid((tolerance - distance) / CONFIDENCE_SCALE)` (0.5 at the tolerance, ~0.98 at
   * 0.2 under it, ~0.02 at 0.2 over it): a named face gets `m`, an unknown face `1 - m`.
   */
  confidence: number | null;
}

/** Groups known faces by exact person name. */
export function indexKnownFaces(known: readonly KnownFace[]): KnownPeopleIndex {
  const byName = new Map<string, Encoding[]>();
  for (const face of known) {
    const list = byName.get(face.name);
    if (list) list.push(face.encoding);
    else byName.set(face.name, [face.encoding]);
  }
  const people: IndexedPerson[] = [];
  for (const [name, encodings] of byName) {
    people.push({ name, encodings, centroid: meanEncoding(encodings) });
  }
  return { people };
}

/** Element-wise mean; over face-api's part alone when some encodings have only that part (older faces). */
function meanEncoding(encodings: readonly Encoding[]): Encoding {
  const first = encodings[0];
  if (first === undefined) return new Float32Array(0);
  const length = encodings.every((e) => e.length === first.length) ? first.length : FACE_API_ENCODING_LENGTH;
  const sum = new Float64Array(length);
  for (const encoding of encodings) {
    for (let i = 0; i < length; i++) sum[i] = (sum[i] as number) + (encoding[i] as number);
  }
  return Float32Array.from(sum, (value) => value / encodings.length);
}

function personDistance(encoding: Encoding, person: IndexedPerson, strategy: PersonDistanceStrategy): number {
  switch (strategy) {
    case 'centroid':
      return faceDistance(encoding, person.centroid);
    case 'nearest': {
      let best = Infinity;
      for (const known of person.encodings) best = Math.min(best, faceDistance(encoding, known));
      return best;
    }
    case 'mean-k-nearest': {
      const nearest = person.encodings
        .map((known) => faceDistance(encoding, known))
        .sort((x, y) => x - y)
        .slice(0, MEAN_K_NEAREST);
      return nearest.reduce((total, d) => total + d, 0) / nearest.length;
    }
  }
}

function byDistanceThenName(x: PersonDistance, y: PersonDistance): number {
  return x.distance - y.distance || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
}

/** Every known person's distance to `encoding`, nearest first (ties by name). */
export function personDistances(
  encoding: Encoding,
  index: KnownPeopleIndex,
  strategy: PersonDistanceStrategy = DEFAULT_STRATEGY,
): PersonDistance[] {
  return index.people
    .map((person) => ({ name: person.name, distance: personDistance(encoding, person, strategy) }))
    .sort(byDistanceThenName);
}

/** The logistic in (tolerance - distance): 0.5 at the tolerance, towards 1 as the face gets nearer. */
export function matchLikelihood(distance: number, tolerance: number): number {
  return 1 / (1 + Math.exp(-(tolerance - distance) / CONFIDENCE_SCALE));
}

/**
 * Labels the faces of ONE photo. Each known person names at most one face: faces and people are
 * paired jointly by optimal assignment (`assignMinCost`) over the pairs at distance `<= tolerance`,
 * minimising the total distance with each unpaired face costing `tolerance`. Unpaired faces are
 * `UNKNOWN_PERSON`. `distance` is the distance to the assigned person, or for an unknown face to the
 * nearest person (null when nobody is known). Results are in the order of `faces`.
 */
export function labelFaces(
  faces: readonly Encoding[],
  index: KnownPeopleIndex,
  tolerance: number,
  strategy: PersonDistanceStrategy = DEFAULT_STRATEGY,
): FaceMatch[] {
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new RangeError(`tolerance must be a finite number >= 0, got ${tolerance}`);
  }
  const ranked = faces.map((face) => personDistances(face, index, strategy));
  const columnOf = new Map(index.people.map((person, column) => [person.name, column]));
  const cost = ranked.map((list) => {
    const row = new Array<number>(index.people.length).fill(Infinity);
    for (const { name, distance } of list) row[columnOf.get(name) as number] = distance;
    return row;
  });
  const assigned = assignMinCost(cost, tolerance);

  return ranked.map((list, i): FaceMatch => {
    const nearest = list[0];
    if (nearest === undefined) {
      return { name: UNKNOWN_PERSON, distance: null, second: null, unsure: false, confidence: null };
    }
    const column = assigned[i] ?? UNASSIGNED;
    const person = column === UNASSIGNED ? undefined : index.people[column];
    const reference = person ? { name: person.name, distance: (cost[i] as number[])[column] as number } : nearest;
    const second = list.find((entry) => entry.name !== reference.name)?.distance ?? null;
    const likelihood = matchLikelihood(reference.distance, tolerance);
    if (person === undefined) {
      return {
        name: UNKNOWN_PERSON,
        distance: reference.distance,
        second,
        unsure: false,
        confidence: 1 - likelihood,
      };
    }
    return {
      name: reference.name,
      distance: reference.distance,
      second,
      unsure: second !== null && second - reference.distance <= UNSURE_MARGIN,
      confidence: likelihood,
    };
  });
}
