import { describe, expect, it } from 'vitest';
import {
  clampTolerance,
  EXTRA_ACCURACY_JITTER,
  MAX_JITTER,
  parseStoredJitter,
  parseStoredTolerance,
  roundTolerance,
} from '../../src/domain/settings';
import { DEFAULT_KNOWN_JITTER, DEFAULT_TOLERANCE, MAX_TOLERANCE, MIN_TOLERANCE } from '../../src/domain/types';
import { appRecipe } from '../../src/ml/worker/recipes';

describe('tolerance settings', () => {
  it('has a default inside the slider range', () => {
    expect(DEFAULT_TOLERANCE).toBeGreaterThanOrEqual(MIN_TOLERANCE);
    expect(DEFAULT_TOLERANCE).toBeLessThanOrEqual(MAX_TOLERANCE);
  });

  it('rounds to the 0.01 grid', () => {
    expect(roundTolerance(0.6000000001)).toBe(0.6);
    expect(roundTolerance(0.456)).toBe(0.46);
    expect(roundTolerance(0.1 + 0.2)).toBe(0.3);
  });

  it('clamps slider values into [MIN_TOLERANCE, MAX_TOLERANCE]', () => {
    expect(clampTolerance(0.1)).toBe(MIN_TOLERANCE);
    expect(clampTolerance(2)).toBe(MAX_TOLERANCE);
    expect(clampTolerance(0.55)).toBe(0.55);
    expect(clampTolerance(Number.NaN)).toBeNull();
    expect(clampTolerance(Infinity)).toBeNull();
  });

  it('reads back a valid stored tolerance', () => {
    expect(parseStoredTolerance(0.45)).toBe(0.45);
    expect(parseStoredTolerance(MIN_TOLERANCE)).toBe(MIN_TOLERANCE);
    expect(parseStoredTolerance(MAX_TOLERANCE)).toBe(MAX_TOLERANCE);
  });

  it('ignores invalid stored tolerances', () => {
    for (const value of [undefined, null, '0.5', NaN, Infinity, -1, 0, 0.29, 0.81, 5, {}, [0.5], true]) {
      expect(parseStoredTolerance(value), JSON.stringify(value) ?? 'undefined').toBeNull();
    }
  });
});

describe('jitter settings', () => {
  it('accepts whole numbers from 0 to MAX_JITTER', () => {
    expect(parseStoredJitter(0)).toBe(0);
    expect(parseStoredJitter(EXTRA_ACCURACY_JITTER)).toBe(EXTRA_ACCURACY_JITTER);
    expect(parseStoredJitter(MAX_JITTER)).toBe(MAX_JITTER);
    expect(parseStoredJitter(DEFAULT_KNOWN_JITTER)).toBe(DEFAULT_KNOWN_JITTER);
  });

  it('ignores anything else', () => {
    for (const value of [undefined, null, '4', -1, 1.5, NaN, MAX_JITTER + 1, true]) {
      expect(parseStoredJitter(value)).toBeNull();
    }
  });

  it('every jitter the settings allow is that many more distinct chips in the encoding', () => {
    // The pipeline's jitter set is finite: a setting beyond it would silently add nothing.
    for (let j = 0; j <= MAX_JITTER; j++) {
      const jitters = appRecipe(j).jitters;
      expect(jitters, `jitter ${j}`).toHaveLength(1 + j);
      expect(new Set(jitters.map((x) => JSON.stringify(x))).size, `jitter ${j}: distinct chips`).toBe(jitters.length);
    }
    // Default known photos are encoded exactly as photos to recognise (the app's recipe, MODEL_ID.crop)…
    expect(appRecipe(DEFAULT_KNOWN_JITTER).jitters).toEqual(appRecipe().jitters);
    // …and Extra accuracy really encodes more chips.
    expect(appRecipe(EXTRA_ACCURACY_JITTER).jitters.length).toBeGreaterThan(appRecipe().jitters.length);
  });
});
