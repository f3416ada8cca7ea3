/**
 * "Check known people": what the gallery says about itself. Pure: no DOM, no tfjs.
 *
 * Each known photo is taken out and matched against everything else, as a photo to recognise would be:
 * - leave-one-out, for people with two photos or more: named right, named wrong (as whom), or unknown;
 * - look-alikes: two people some of whose photos come within the tolerance of each other;
 * - odd photos: a photo that does not look like the rest of its person (a wrong photo in a folder, or a
 *   file-name rule that joined different people), with the person it does look like, if any.
 * The same per-photo distances give the trade-off curve (`tradeOff`) the plot draws.
 */
import { meanOfNearest, type PersonDistanceFn } from './auto-tolerance';
import type { Encoding, KnownFace } from './types';

export interface PhotoDistances {
  id: string;
  name: string;
  /** Distance to the person's own other photos (null: the person's only photo). */
  own: number | null;
  /** The nearest other person and the distance to them (null: nobody else is known). */
  other: { name: string; distance: number } | null;
}

export type LooOutcome = 'right' | 'wrong' | 'unknown';

export interface PhotoFinding extends PhotoDistances {
  /** How it is matched with itself left out (people with two photos or more only). */
  outcome: LooOutcome | null;
  /** Does not look like the rest of its person at this tolerance. */
  odd: boolean;
}

export interface LookAlike {
  a: string;
  b: string;
  /** The smallest distance between a photo of one and the other person. */
  distance: number;
}

export interface GalleryCheck {
  tolerance: number;
  photos: PhotoFinding[];
  /** People with two photos or more, and what leave-one-out did with their photos. */
  people: Array<{ name: string; right: number; wrong: number; unknown: number }>;
  lookAlikes: LookAlike[];
  odd: PhotoFinding[];
}

function byPerson(known: readonly KnownFace[]): Map<string, KnownFace[]> {
  const map = new Map<string, KnownFace[]>();
  for (const face of known) {
    const list = map.get(face.name);
    if (list) list.push(face);
    else map.set(face.name, [face]);
  }
  return map;
}

/** Every known photo's distance to its own person (without it) and to the nearest other person. */
export function photoDistances(known: readonly KnownFace[], distance: PersonDistanceFn = meanOfNearest(3)): PhotoDistances[] {
  const people = byPerson(known);
  const out: PhotoDistances[] = [];
  for (const [name, faces] of people) {
    for (const face of faces) {
      const rest: Encoding[] = faces.filter((f) => f !== face).map((f) => f.encoding);
      let other: PhotoDistances['other'] = null;
      for (const [otherName, otherFaces] of people) {
        if (otherName === name) continue;
        const d = distance(face.encoding, otherFaces.map((f) => f.encoding));
        if (other === null || d < other.distance) other = { name: otherName, distance: d };
      }
      out.push({ id: face.id, name, own: rest.length > 0 ? distance(face.encoding, rest) : null, other });
    }
  }
  return out;
}

/** Leave-one-out outcome of one photo at `tolerance` (null for a person's only photo). */
export function looOutcome(p: PhotoDistances, tolerance: number): LooOutcome | null {
  if (p.own === null) return null;
  const other = p.other?.distance ?? Infinity;
  if (p.own <= tolerance && p.own <= other) return 'right';
  if (other <= tolerance) return 'wrong';
  return 'unknown';
}

/** Smallest distance between any photo of one person and any photo of another, for pairs within `tolerance`. */
export function lookAlikes(known: readonly KnownFace[], tolerance: number, distance: PersonDistanceFn = meanOfNearest(1)): LookAlike[] {
  const people = [...byPerson(known)];
  const out: LookAlike[] = [];
  for (let i = 0; i < people.length; i++) {
    for (let j = i + 1; j < people.length; j++) {
      const [a, facesA] = people[i] as [string, KnownFace[]];
      const [b, facesB] = people[j] as [string, KnownFace[]];
      const encB = facesB.map((f) => f.encoding);
      let best = Infinity;
      for (const f of facesA) best = Math.min(best, distance(f.encoding, encB));
      if (best <= tolerance) out.push({ a, b, distance: best });
    }
  }
  return out.sort((x, y) => x.distance - y.distance);
}

export function checkGallery(known: readonly KnownFace[], tolerance: number): GalleryCheck {
  const photos: PhotoFinding[] = photoDistances(known).map((p) => ({
    ...p,
    outcome: looOutcome(p, tolerance),
    odd: p.own !== null && p.own > tolerance,
  }));
  const people = new Map<string, { name: string; right: number; wrong: number; unknown: number }>();
  for (const p of photos) {
    if (p.outcome === null) continue;
    const row = people.get(p.name) ?? { name: p.name, right: 0, wrong: 0, unknown: 0 };
    row[p.outcome]++;
    people.set(p.name, row);
  }
  return {
    tolerance,
    photos,
    people: [...people.values()],
    lookAlikes: lookAlikes(known, tolerance),
    odd: photos.filter((p) => p.odd).sort((x, y) => (y.own ?? 0) - (x.own ?? 0)),
  };
}

export interface TradeOffPoint {
  tolerance: number;
  /** Shares of leave-one-out photos (people with two photos or more) named right / wrong / unknown. */
  right: number;
  wrong: number;
  unknown: number;
  /** Share of known photos that some OTHER person comes within the tolerance of: how strangers fare. */
  strangersNamed: number;
}

/** The trade-off as the tolerance moves, from the same per-photo distances (no model run). */
export function tradeOff(distances: readonly PhotoDistances[], tolerances: readonly number[]): TradeOffPoint[] {
  const loo = distances.filter((p) => p.own !== null);
  const asStrangers = distances.filter((p) => p.other !== null);
  return tolerances.map((tolerance) => {
    const counts = { right: 0, wrong: 0, unknown: 0 };
    for (const p of loo) counts[looOutcome(p, tolerance) as LooOutcome]++;
    const named = asStrangers.filter((p) => (p.other as { distance: number }).distance <= tolerance).length;
    const n = Math.max(1, loo.length);
    return {
      tolerance,
      right: counts.right / n,
      wrong: counts.wrong / n,
      unknown: counts.unknown / n,
      strangersNamed: named / Math.max(1, asStrangers.length),
    };
  });
}

/** A known photo just added that looks like none of its person's other photos. */
export type AddedMismatch =
  | { kind: 'photo'; id: string; name: string; distance: number }
  /** Several photos added at once under one name (by file name or folder) of which none look alike. */
  | { kind: 'joined'; name: string; ids: string[] };

/**
 * After photos were added: those that come within the tolerance of none of their person's other photos
 * (nearest photo). When a person was made only by this addition and no two of its photos look alike, one
 * 'joined' finding says so (a file-name rule that joined different people, say).
 */
export function addedMismatches(known: readonly KnownFace[], addedIds: ReadonlySet<string>, tolerance: number): AddedMismatch[] {
  const nearest = meanOfNearest(1);
  const out: AddedMismatch[] = [];
  for (const [name, faces] of byPerson(known)) {
    const added = faces.filter((f) => addedIds.has(f.id));
    if (added.length === 0 || faces.length < 2) continue;
    const lonely = added
      .map((f) => ({ f, distance: nearest(f.encoding, faces.filter((g) => g !== f).map((g) => g.encoding)) }))
      .filter((x) => x.distance > tolerance);
    if (lonely.length === 0) continue;
    if (added.length === faces.length && lonely.length === faces.length) {
      out.push({ kind: 'joined', name, ids: faces.map((f) => f.id) });
    } else {
      for (const { f, distance } of lonely) out.push({ kind: 'photo', id: f.id, name, distance });
    }
  }
  return out;
}
