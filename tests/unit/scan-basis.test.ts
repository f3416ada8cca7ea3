/**
 * The grouping graph's scan basis (src/domain/scan-basis.ts): orthonormal rows, projections that bound every
 * distance from below and carry most of it, and a graph that finds exactly the neighbours a brute-force faceDistance finds once the basis
 * is in use (256 faces and more).
 */
import { describe, expect, it } from 'vitest';
import { FaceGraph } from '../../src/domain/clustering';
import { faceDistance, fusedVector, joinEncodings } from '../../src/domain/distance';
import { ENCODING_PARTS } from '../../src/domain/model-id';
import { seededRandom } from '../../src/domain/random';
import { fitScanBasis, projectOnto } from '../../src/domain/scan-basis';

const [FA, MFN] = ENCODING_PARTS;

/** `people` synthetic people with `each` faces: a centre per person plus noise, face-api's part and a unit MobileFaceNet part. */
function syntheticFaces(people: number, each: number, seed: number) {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const unit = (v: Float32Array) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const faces: Array<{ id: string; photo: string; encoding: Float32Array }> = [];
  for (let p = 0; p < people; p++) {
    const a = Float32Array.from({ length: FA.length }, () => gauss() * 0.06);
    const b = Float32Array.from({ length: MFN.length }, () => gauss());
    for (let i = 0; i < each; i++) {
      const noiseA = a.map((v) => v + gauss() * 0.025);
      const noiseB = unit(b.map((v) => v + gauss() * 0.9));
      faces.push({ id: `p${p}-${i}`, photo: `photo-${p}-${i}`, encoding: joinEncodings([noiseA, noiseB]) });
    }
  }
  return faces;
}

describe('scan basis', () => {
  const faces = syntheticFaces(60, 5, 7);
  const vectors = faces.map((f) => fusedVector(f.encoding));
  const basis = fitScanBasis(vectors.slice(0, 256), 96);

  it('has orthonormal rows', () => {
    const { dim, k, rows } = basis;
    for (let i = 0; i < k; i += 7)
      for (let j = 0; j < k; j += 5) {
        let dot = 0;
        for (let t = 0; t < dim; t++) dot += rows[i * dim + t]! * rows[j * dim + t]!;
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 9);
      }
  });

  const projected = (v: Float32Array) => {
    const out = new Float32Array(basis.k);
    projectOnto(basis, v, out, 0);
    return out;
  };
  const pairs = Array.from({ length: 50 }, (_, i) => [i * 5, (i * 5 + 17 * 5) % vectors.length] as const);

  it('bounds every distance from below: ‖P x − P y‖ ≤ ‖x − y‖', () => {
    for (const [i, j] of pairs) {
      let d2 = 0;
      const px = projected(vectors[i]!);
      const py = projected(vectors[j]!);
      for (let t = 0; t < basis.k; t++) d2 += (px[t]! - py[t]!) ** 2;
      expect(Math.sqrt(d2)).toBeLessThanOrEqual(faceDistance(faces[i]!.encoding, faces[j]!.encoding) * (1 + 1e-6));
    }
  });

  it("carries most of a pair of different people's distance in its 96 directions", () => {
    let share = 0;
    for (const [i, j] of pairs) {
      const px = projected(vectors[i]!);
      const py = projected(vectors[j]!);
      let head = 0;
      for (let t = 0; t < basis.k; t++) head += (px[t]! - py[t]!) ** 2;
      share += head / faceDistance(faces[i]!.encoding, faces[j]!.encoding) ** 2 / pairs.length;
    }
    // A random orthonormal basis would carry 96/640 = 15% of it.
    expect(share).toBeGreaterThan(0.3);
  });

  it('refuses a sample it cannot fit', () => {
    expect(() => fitScanBasis([], 4)).toThrow(RangeError);
    expect(() => fitScanBasis([new Float32Array(3)], 4)).toThrow(/k must be within 1..3/);
  });
});

describe('the grouping graph with the scan basis', () => {
  it('finds exactly the neighbours brute force finds, in any order, before and after the basis', () => {
    const faces = syntheticFaces(80, 5, 11); // 400 faces: the basis is fitted at 256
    const radius = 0.55;
    const graph = new FaceGraph(radius);
    for (let i = 0; i < faces.length; i += 7) graph.add(faces.slice(i, i + 7));
    const reversed = new FaceGraph(radius);
    reversed.add([...faces].reverse());
    let edges = 0;
    for (const f of faces) {
      const expected = new Map<string, number>();
      for (const g of faces) {
        if (g.id === f.id) continue;
        const d = faceDistance(f.encoding, g.encoding);
        if (d <= radius) expected.set(g.id, d);
      }
      edges += expected.size;
      const sorted = (m: ReadonlyMap<string, number>) => [...m].sort((a, b) => a[0].localeCompare(b[0]));
      expect(sorted(graph.neighbours(f.id))).toEqual(sorted(expected));
      expect(sorted(reversed.neighbours(f.id))).toEqual(sorted(expected));
    }
    // The synthetic people are tight enough to link, and apart enough not to link everything.
    expect(edges).toBeGreaterThan(400);
    expect(edges).toBeLessThan(faces.length * 20);
  });
});
