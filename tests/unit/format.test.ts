import { describe, expect, it } from 'vitest';
import { formatConfidence, formatDistance } from '../../src/features/identify/format';

describe('result formatting', () => {
  it('writes distances with 3 decimals', () => {
    expect(formatDistance(0.41234)).toBe('0.412');
    expect(formatDistance(0)).toBe('0.000');
  });

  it('writes confidence as a whole percentage, never 0% or 100%', () => {
    expect(formatConfidence(0.873)).toBe('87%');
    expect(formatConfidence(0.5)).toBe('50%');
    expect(formatConfidence(0.9999)).toBe('99%');
    expect(formatConfidence(0.0001)).toBe('1%');
  });
});
