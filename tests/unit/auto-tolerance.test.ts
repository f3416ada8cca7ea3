import { describe, expect, it } from 'vitest';
import {
  AUTO_MAX,
  AUTO_MIN,
  autoTolerance,
  betweenPeopleDistances,
  expectedStrangerRate,
  meanOfNearest,
  normalCdf,
  PRIOR,
  pooledFit,
  STRANGER_RATE,
  toleranceFor,
} from '../../src/domain/auto-tolerance';
import { seededRandom } from '../../src/domain/random';
import type { KnownFace } from '../../src/domain/types';

/** `people` people with `photos` photos each: a random centre per person, photos scattered around it. */
function gallery(people: number, photos: number, spread: number, seed = 1): KnownFace[] {
  const r = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const out: KnownFace[] = [];
  for (let p = 0; p < people; p++) {
    const centre = Float32Array.from({ length: 128 }, () => gauss() * 0.06);
    for (let i = 0; i < photos; i++) {
      out.push({ id: `${p}-${i}`, name: `p${p}`, encoding: Float32Array.from(centre, (c) => c + gauss() * spread) });
    }
  }
  return out;
}

describe('auto tolerance', () => {
  it('normal CDF matches known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 3);
    expect(normalCdf(-3.719)).toBeCloseTo(1e-4, 5);
  });

  it('more people means more chances for a stranger: the expected rate grows with the gallery', () => {
    const few = expectedStrangerRate(0.6, 10, 0.9, 0.08);
    const many = expectedStrangerRate(0.6, 500, 0.9, 0.08);
    expect(many).toBeGreaterThan(few * 10);
    expect(toleranceFor(500, 0.9, 0.08)).toBeLessThan(toleranceFor(10, 0.9, 0.08));
  });

  it('keeps the expected stranger rate at or under the target, on the slider grid', () => {
    for (const people of [2, 30, 200, 1000]) {
      const t = toleranceFor(people, 0.85, 0.07);
      expect(t).toBeGreaterThanOrEqual(AUTO_MIN);
      expect(t).toBeLessThanOrEqual(AUTO_MAX);
      expect(Number(t.toFixed(2))).toBe(t);
      if (t > AUTO_MIN) expect(expectedStrangerRate(t, people, 0.85, 0.07)).toBeLessThanOrEqual(STRANGER_RATE);
      if (t < AUTO_MAX) expect(expectedStrangerRate(t + 0.01, people, 0.85, 0.07)).toBeGreaterThan(STRANGER_RATE);
    }
  });

  it('the prior alone for one person, the gallery counting more as it grows', () => {
    expect(pooledFit([])).toEqual({ mean: PRIOR.mean, sd: expect.closeTo(PRIOR.sd, 9) });
    const far = Array.from({ length: 20_000 }, (_, i) => 1.2 + (i % 2 ? 0.05 : -0.05));
    expect(pooledFit(far).mean).toBeGreaterThan(1.19);
    // Ten distances weigh 10 / (10 + PRIOR.weight) of the mean: the prior still dominates.
    const ten = far.slice(0, 10);
    expect(pooledFit(ten).mean).toBeCloseTo((ten.reduce((s, d) => s + d, 0) + PRIOR.weight * PRIOR.mean) / (10 + PRIOR.weight), 9);
    expect(pooledFit(ten).mean).toBeLessThan(PRIOR.mean + 0.03);
  });

  it('fits a real gallery: every photo against every other person, thinned past the cap', () => {
    const g = gallery(20, 3, 0.01);
    expect(betweenPeopleDistances(g, meanOfNearest(3))).toHaveLength(60 * 19);
    const big = gallery(300, 1, 0.01, 2);
    const d = betweenPeopleDistances(big, meanOfNearest(3));
    expect(d.length).toBeLessThanOrEqual(40_000);
    expect(d.length).toBeGreaterThan(20_000);
  });

  it('a gallery whose people lie close together gets a stricter Auto than one whose people lie far apart', () => {
    const close = autoTolerance(gallery(100, 1, 0.01, 3).map((f) => ({ ...f, encoding: f.encoding.map((v) => v * 0.7) })));
    const far = autoTolerance(gallery(100, 1, 0.01, 3).map((f) => ({ ...f, encoding: f.encoding.map((v) => v * 1.3) })));
    expect(close && far).toBeTruthy();
    expect(close!.tolerance).toBeLessThan(far!.tolerance);
    expect(close!.people).toBe(100);
  });

  it('nobody known: no Auto', () => {
    expect(autoTolerance([])).toBeNull();
  });
});
