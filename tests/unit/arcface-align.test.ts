import { describe, expect, it } from 'vitest';
import type { ChipTransform, Point } from '../../src/ml/worker/align';
import { ARCFACE_TEMPLATE, arcFacePoints, arcFaceTransform } from '../../src/ml/worker/arcface-align';

const apply = (t: ChipTransform, [x, y]: Point): Point => [t.a * x - t.b * y + t.tx, t.b * x + t.a * y + t.ty];
const inverse = (t: ChipTransform): ChipTransform => {
  const k = t.a * t.a + t.b * t.b;
  const a = t.a / k;
  const b = -t.b / k;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
};
/** The template in continuous chip coordinates (pixel index + 0.5). */
const TEMPLATE = ARCFACE_TEMPLATE.map(([x, y]) => [x + 0.5, y + 0.5] as const);

/**
 * 68 landmarks whose five ArcFace points are `five`: each eye's six points spread symmetrically about its
 * centre, the nose tip and mouth corners at their places, every other landmark somewhere irrelevant.
 */
function landmarksWith(five: ReadonlyArray<Point>, spread = 3): Point[] {
  const out: Point[] = Array.from({ length: 68 }, (_, i) => [1000 + i * 7, -500 + i * 3] as const);
  const offsets: Point[] = [[-spread, 0], [-spread / 2, -spread], [spread / 2, -spread], [spread, 0], [spread / 2, spread], [-spread / 2, spread]];
  for (let i = 0; i < 6; i++) {
    out[36 + i] = [five[0]![0] + offsets[i]![0], five[0]![1] + offsets[i]![1]];
    out[42 + i] = [five[1]![0] + offsets[i]![0], five[1]![1] + offsets[i]![1]];
  }
  out[30] = five[2]!;
  out[48] = five[3]!;
  out[54] = five[4]!;
  return out;
}

describe('ArcFace 5-point alignment', () => {
  it('takes the eye centres, nose tip and mouth corners from the 68 landmarks', () => {
    const five: Point[] = [[10, 20], [40, 21], [25, 35], [14, 50], [36, 51]];
    const got = arcFacePoints(landmarksWith(five));
    for (let i = 0; i < 5; i++) {
      expect(got[i]![0]).toBeCloseTo(five[i]![0], 12);
      expect(got[i]![1]).toBeCloseTo(five[i]![1], 12);
    }
    expect(() => arcFacePoints(landmarksWith(five).slice(0, 60))).toThrow(/68 landmarks/);
  });

  it('recovers a known similarity exactly (rotation, scale, shift)', () => {
    // A face in a photo: the template moved by a known similarity; the fit must be its inverse.
    const known: ChipTransform = { a: 2.6 * Math.cos(0.4), b: 2.6 * Math.sin(0.4), tx: 317, ty: -41 };
    const inPhoto = TEMPLATE.map((p) => apply(known, p));
    const fit = arcFaceTransform(landmarksWith(inPhoto));
    const expected = inverse(known);
    for (const k of ['a', 'b', 'tx', 'ty'] as const) expect(fit[k]).toBeCloseTo(expected[k], 9);
    for (const [i, p] of inPhoto.entries()) {
      const [u, v] = apply(fit, p);
      expect(u).toBeCloseTo(TEMPLATE[i]![0], 9);
      expect(v).toBeCloseTo(TEMPLATE[i]![1], 9);
    }
  });

  it('is the least-squares fit when the points are not an exact similarity', () => {
    const inPhoto = TEMPLATE.map(([x, y], i) => [x * 1.7 + 20 + (i % 2 ? 1.5 : -1), y * 1.7 + 8 + (i === 2 ? 2 : 0)] as const);
    const landmarks = landmarksWith(inPhoto);
    const fit = arcFaceTransform(landmarks);
    const cost = (t: ChipTransform) => inPhoto.reduce((s, p, i) => s + Math.hypot(apply(t, p)[0] - TEMPLATE[i]![0], apply(t, p)[1] - TEMPLATE[i]![1]) ** 2, 0);
    const best = cost(fit);
    // Any nudge of any parameter costs more.
    for (const k of ['a', 'b', 'tx', 'ty'] as const)
      for (const d of [1e-3, -1e-3]) expect(cost({ ...fit, [k]: fit[k] + (k === 'a' || k === 'b' ? d : d * 100) })).toBeGreaterThan(best);
  });

  it('never reflects: a mirrored face is rotated and scaled onto the template, not flipped', () => {
    // The template mirrored left-right in the photo (a reflection would fit it exactly).
    const mirrored = TEMPLATE.map(([x, y]) => [300 - 2 * x, 100 + 2 * y] as const);
    const fit = arcFaceTransform(landmarksWith(mirrored));
    // A similarity u = a·x − b·y, v = b·x + a·y has determinant a² + b² > 0: orientation kept.
    expect(fit.a * fit.a + fit.b * fit.b).toBeGreaterThan(0);
    const [l, r] = [apply(fit, mirrored[0]!), apply(fit, mirrored[1]!)];
    const [nose, mouthL, mouthR] = [apply(fit, mirrored[2]!), apply(fit, mirrored[3]!), apply(fit, mirrored[4]!)];
    // Orientation of (left eye, right eye, left mouth corner) is kept from the photo, which is the mirror
    // of the template's: the fitted points cannot all land on the template.
    const orient = (p: Point, q: Point, s: Point) => (q[0] - p[0]) * (s[1] - p[1]) - (q[1] - p[1]) * (s[0] - p[0]);
    expect(Math.sign(orient(l, r, mouthL))).toBe(Math.sign(orient(mirrored[0]!, mirrored[1]!, mirrored[3]!)));
    expect(Math.sign(orient(l, r, mouthL))).not.toBe(Math.sign(orient(TEMPLATE[0]!, TEMPLATE[1]!, TEMPLATE[3]!)));
    const residual = [l, r, nose, mouthL, mouthR].reduce((s, p, i) => s + Math.hypot(p[0] - TEMPLATE[i]![0], p[1] - TEMPLATE[i]![1]), 0);
    expect(residual).toBeGreaterThan(10);
  });
});
