/**
 * The fused distance (src/domain/distance.ts): both recognizers' parts, each divided by its threshold, on
 * face-api's scale; older face-api-only encodings compared on that part; and the registry's recognizers
 * in the order the domain joins their parts.
 */
import { describe, expect, it } from 'vitest';
import { euclideanDistance, faceDistance, FUSED_ENCODING_LENGTH, fusedVector, isFused, joinEncodings, partDistances } from '../../src/domain/distance';
import { clusterFaces, FaceGraph } from '../../src/domain/clustering';
import { DISTANCE_SCALE, ENCODING_LENGTH, ENCODING_PARTS, FACE_API_ENCODING_LENGTH } from '../../src/domain/model-id';
import { RECOGNIZERS } from '../../src/ml/worker/models';
import { seededRandom } from '../../src/domain/random';

const [FA, MFN] = ENCODING_PARTS;

function unit(v: Float32Array): Float32Array {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function randomParts(seed: number): [Float32Array, Float32Array] {
  const random = seededRandom(seed);
  const a = Float32Array.from({ length: FA.length }, () => (random() - 0.5) * 0.25);
  const b = unit(Float32Array.from({ length: MFN.length }, () => random() - 0.5));
  return [a, b];
}

describe('encoding parts', () => {
  it("lists the registry's recognizers, in order, with their lengths", () => {
    expect(ENCODING_PARTS.map((p) => p.recognizer)).toEqual(RECOGNIZERS.map((r) => r.id));
    expect(ENCODING_PARTS.map((p) => p.length)).toEqual(RECOGNIZERS.map((r) => r.encodingLength));
    expect(FUSED_ENCODING_LENGTH).toBe(ENCODING_LENGTH);
    expect(FA.length).toBe(FACE_API_ENCODING_LENGTH);
  });

  it('joins parts in order and refuses a part of the wrong length', () => {
    const [a, b] = randomParts(1);
    const joined = joinEncodings([a, b]);
    expect(joined.length).toBe(ENCODING_LENGTH);
    expect(isFused(joined)).toBe(true);
    expect(Array.from(joined.subarray(0, FA.length))).toEqual(Array.from(a));
    expect(Array.from(joined.subarray(FA.length))).toEqual(Array.from(b));
    expect(() => joinEncodings([b, a])).toThrow(/face_recognition_model: 512 numbers, expected 128/);
    expect(() => joinEncodings([a])).toThrow(/2 encoding parts expected/);
  });
});

describe('faceDistance', () => {
  const x = randomParts(2);
  const y = randomParts(3);
  const a = joinEncodings(x);
  const b = joinEncodings(y);

  it("is the weighted root mean square of each part's distance ÷ its threshold, times the distance scale", () => {
    const [dA, dB] = partDistances(a, b);
    expect(dA).toBeCloseTo(euclideanDistance(x[0], y[0]), 6);
    expect(dB).toBeCloseTo(euclideanDistance(x[1], y[1]), 6);
    expect(FA.share + MFN.share).toBeCloseTo(1, 9);
    const expected = DISTANCE_SCALE * Math.sqrt(FA.share * (dA! / FA.threshold) ** 2 + MFN.share * (dB! / MFN.threshold) ** 2);
    expect(faceDistance(a, b)).toBeCloseTo(expected, 6);
    expect(faceDistance(a, b)).toBeCloseTo(faceDistance(b, a), 9);
    expect(faceDistance(a, a)).toBe(0);
  });

  it('reads as the distance scale when both recognizers are at their thresholds', () => {
    // Two faces whose face-api part is exactly at its threshold and whose MobileFaceNet part is at its own.
    const shift = (v: Float32Array, d: number) => {
      const out = Float32Array.from(v);
      out[0]! += d;
      return out;
    };
    const angle = 2 * Math.asin(MFN.threshold / 2); // unit vectors MFN.threshold apart
    const e1 = new Float32Array(MFN.length);
    e1[0] = 1;
    const e2 = new Float32Array(MFN.length);
    e2[0] = Math.cos(angle);
    e2[1] = Math.sin(angle);
    const p = joinEncodings([x[0], e1]);
    const q = joinEncodings([shift(x[0], FA.threshold), e2]);
    expect(faceDistance(p, q)).toBeCloseTo(DISTANCE_SCALE, 5);
  });

  it("compares a face-api-only (older) encoding on face-api's part alone", () => {
    const older = Float32Array.from(y[0]);
    expect(faceDistance(a, older)).toBeCloseTo(euclideanDistance(x[0], y[0]), 6);
    expect(faceDistance(older, a)).toBeCloseTo(euclideanDistance(x[0], y[0]), 6);
    expect(() => faceDistance(a, new Float32Array(127))).toThrow(RangeError);
  });

  it('fusedVector turns the fused distance into a plain Euclidean one', () => {
    expect(euclideanDistance(fusedVector(a), fusedVector(b))).toBeCloseTo(faceDistance(a, b), 5);
    const older = Float32Array.from(x[0]);
    expect(fusedVector(older)).toBe(older);
  });
});

describe('grouping with both kinds of encoding', () => {
  it('links a face-api-only face with fused faces of the same person, and keeps strangers apart', () => {
    const person = randomParts(10);
    const stranger = randomParts(11);
    const near = (parts: [Float32Array, Float32Array], seed: number): Float32Array => {
      const r = seededRandom(seed);
      return joinEncodings([parts[0].map((v) => v + (r() - 0.5) * 0.02), unit(parts[1].map((v) => v + (r() - 0.5) * 0.01))]);
    };
    const faces = [
      { id: 'p1', photo: 'a', encoding: near(person, 1) },
      { id: 'p2', photo: 'b', encoding: near(person, 2) },
      { id: 'p-old', photo: 'c', encoding: Float32Array.from(near(person, 3).subarray(0, FA.length)) },
      { id: 's1', photo: 'd', encoding: near(stranger, 4) },
      { id: 's2', photo: 'e', encoding: near(stranger, 5) },
    ];
    const settings = { method: 'average-linkage', threshold: 0.5 } as const;
    const grouping = clusterFaces(faces, settings);
    const groupOf = (id: string) => grouping.groups.findIndex((g) => g.includes(id));
    expect(groupOf('p1')).toBe(groupOf('p2'));
    expect(groupOf('p-old')).toBe(groupOf('p1'));
    expect(groupOf('s1')).toBe(groupOf('s2'));
    expect(groupOf('s1')).not.toBe(groupOf('p1'));
    // The incremental graph gives the same edges whatever the order faces come in.
    const g1 = new FaceGraph(0.5);
    g1.add(faces);
    const g2 = new FaceGraph(0.5);
    g2.add([...faces].reverse());
    for (const f of faces) expect(new Map([...g1.neighbours(f.id)].sort())).toEqual(new Map([...g2.neighbours(f.id)].sort()));
  });
});
