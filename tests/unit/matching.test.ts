import { describe, expect, it } from 'vitest';
import { euclideanDistance } from '../../src/domain/distance';
import {
  indexKnownFaces,
  labelFaces,
  matchLikelihood,
  personDistances,
  UNSURE_MARGIN,
} from '../../src/domain/matching';
import { DEFAULT_TOLERANCE, UNKNOWN_PERSON } from '../../src/domain/types';
import type { KnownFace } from '../../src/domain/types';

/** A 2-D "encoding" so distances are easy to read: enc(x) sits on the x axis. */
const enc = (x: number, y = 0): Float32Array => Float32Array.of(x, y);
let nextId = 0;
const known = (name: string, encoding: Float32Array): KnownFace => ({ id: `k${nextId++}`, name, encoding });

describe('euclideanDistance', () => {
  it('computes the L2 distance', () => {
    expect(euclideanDistance(enc(0, 0), enc(3, 4))).toBeCloseTo(5, 6);
    expect(euclideanDistance(enc(1, 1), enc(1, 1))).toBe(0);
  });

  it('throws on a length mismatch', () => {
    expect(() => euclideanDistance(Float32Array.of(1, 2, 3), enc(1, 2))).toThrow(RangeError);
  });
});

describe('indexKnownFaces', () => {
  it('groups encodings by exact name in first-seen order', () => {
    const index = indexKnownFaces([known('bob', enc(0)), known('alice', enc(1)), known('bob', enc(2))]);
    expect(index.people.map((p) => p.name)).toEqual(['bob', 'alice']);
    expect(index.people[0]?.encodings).toHaveLength(2);
    expect(Array.from(index.people[0]?.centroid ?? [])).toEqual([1, 0]);
  });
});

describe('personDistances', () => {
  const index = indexKnownFaces([
    known('alice', enc(0.1)),
    known('alice', enc(0.9)),
    known('alice', enc(1.0)),
    known('bob', enc(0.3)),
    known('bob', enc(0.35)),
  ]);

  it('nearest uses the nearest encoding per person, sorted ascending', () => {
    const result = personDistances(enc(0), index, 'nearest');
    expect(result.map((r) => r.name)).toEqual(['alice', 'bob']);
    expect(result[0]?.distance).toBeCloseTo(0.1, 6);
    expect(result[1]?.distance).toBeCloseTo(0.3, 6);
  });

  it('defaults to mean-k-nearest (chosen by bench:identify)', () => {
    expect(personDistances(enc(0), index)).toEqual(personDistances(enc(0), index, 'mean-k-nearest'));
  });

  it('mean-k-nearest averages the three nearest encodings', () => {
    const result = personDistances(enc(0), index, 'mean-k-nearest');
    expect(result.map((r) => r.name)).toEqual(['bob', 'alice']);
    expect(result[0]?.distance).toBeCloseTo(0.325, 6);
    expect(result[1]?.distance).toBeCloseTo((0.1 + 0.9 + 1.0) / 3, 6);
  });

  it('centroid measures to the mean encoding', () => {
    const result = personDistances(enc(0), index, 'centroid');
    expect(result.map((r) => r.name)).toEqual(['bob', 'alice']);
    expect(result[1]?.distance).toBeCloseTo(2 / 3, 6);
  });

  it('is empty when nobody is known', () => {
    expect(personDistances(enc(0), indexKnownFaces([]))).toEqual([]);
  });
});

describe('labelFaces', () => {
  it('labels a face nobody is known for as unknown with null distance', () => {
    expect(labelFaces([enc(0)], indexKnownFaces([]), DEFAULT_TOLERANCE)).toEqual([
      { name: UNKNOWN_PERSON, distance: null, second: null, unsure: false, confidence: null },
    ]);
  });

  it('returns nothing for a photo without faces', () => {
    expect(labelFaces([], indexKnownFaces([known('a', enc(0))]), 0.6)).toEqual([]);
  });

  it('names a face within tolerance and reports the second person', () => {
    const index = indexKnownFaces([known('alice', enc(0.2)), known('bob', enc(0.7))]);
    const [match] = labelFaces([enc(0)], index, 0.6);
    expect(match?.name).toBe('alice');
    expect(match?.distance).toBeCloseTo(0.2, 6);
    expect(match?.second).toBeCloseTo(0.7, 6);
    expect(match?.unsure).toBe(false);
    expect(match?.confidence).toBeCloseTo(1 / (1 + Math.exp(-8)), 6);
  });

  it('labels a face beyond tolerance unknown, with the distance to the nearest person', () => {
    const index = indexKnownFaces([known('alice', enc(0.8)), known('bob', enc(0.9))]);
    const [match] = labelFaces([enc(0)], index, 0.6);
    expect(match?.name).toBe(UNKNOWN_PERSON);
    expect(match?.distance).toBeCloseTo(0.8, 6);
    expect(match?.second).toBeCloseTo(0.9, 6);
    expect(match?.unsure).toBe(false);
    expect(match?.confidence).toBeCloseTo(1 - matchLikelihood(0.8, 0.6), 6);
    expect(match?.confidence).toBeGreaterThan(0.95);
  });

  it('treats the tolerance as inclusive and gives 0.5 confidence there', () => {
    const index = indexKnownFaces([known('alice', Float32Array.of(0.5))]);
    const [match] = labelFaces([Float32Array.of(0)], index, 0.5);
    expect(match?.name).toBe('alice');
    expect(match?.confidence).toBeCloseTo(0.5, 6);
  });

  it('flags a named face unsure when two people are within the margin', () => {
    const index = indexKnownFaces([known('alice', enc(0.3)), known('bob', enc(0, 0.3 + UNSURE_MARGIN / 2))]);
    const [match] = labelFaces([enc(0)], index, 0.6);
    expect(match?.name).toBe('alice');
    expect(match?.unsure).toBe(true);
  });

  it('names each person at most once per photo, assigning jointly rather than greedily', () => {
    // Face 0 is nearest alice (0.30) but also close to bob (0.35); face 1 is nearest alice (0.31),
    // far from bob (0.50). Greedy nearest: both alice. Optimal: face 0 bob, face 1 alice.
    const index = indexKnownFaces([known('alice', enc(0)), known('bob', enc(0, BOB_Y))]);
    const faces = [pointAt(0.3, 0.35), pointAt(0.31, 0.5)];
    const matches = labelFaces(faces, index, 0.6);
    expect(matches.map((m) => m.name)).toEqual(['bob', 'alice']);
    expect(matches[0]?.distance).toBeCloseTo(0.35, 5);
    expect(matches[1]?.distance).toBeCloseTo(0.31, 5);
    // Face 0's assigned person is not its nearest, so it is flagged unsure (alice at 0.30 is nearer).
    expect(matches[0]?.second).toBeCloseTo(0.3, 5);
    expect(matches[0]?.unsure).toBe(true);
    expect(matches[1]?.unsure).toBe(false);
  });

  it('makes the losing face unknown when both want the only person', () => {
    const index = indexKnownFaces([known('alice', enc(0))]);
    const matches = labelFaces([enc(0.4), enc(0.1)], index, 0.6);
    expect(matches.map((m) => m.name)).toEqual([UNKNOWN_PERSON, 'alice']);
    expect(matches[0]?.distance).toBeCloseTo(0.4, 6);
    expect(matches[0]?.second).toBeNull();
    expect(matches[0]?.confidence).toBeLessThan(0.5);
  });

  it('rejects a negative or non-finite tolerance', () => {
    const index = indexKnownFaces([known('alice', enc(0))]);
    expect(() => labelFaces([enc(0)], index, -1)).toThrow(RangeError);
    expect(() => labelFaces([enc(0)], index, Number.NaN)).toThrow(RangeError);
  });
});

/**
 * A point at distance dA from alice at (0,0) and dB from bob at (0,BOB_Y): intersect two circles.
 */
const BOB_Y = 0.5;
function pointAt(dA: number, dB: number): Float32Array {
  const bob = BOB_Y;
  const y = (dA * dA - dB * dB + bob * bob) / (2 * bob);
  const x = Math.sqrt(Math.max(0, dA * dA - y * y));
  return Float32Array.of(x, y);
}
