import { describe, expect, it } from 'vitest';
import { describeAnalysisCache, formatMegabytes } from '../../src/features/data/format';

describe('"Your data" wording', () => {
  it('says about how many megabytes: one decimal under 10, whole above, less than 1 MB below', () => {
    expect(formatMegabytes(0)).toBe('less than 1 MB');
    expect(formatMegabytes(940_000)).toBe('less than 1 MB');
    expect(formatMegabytes(1_000_000)).toBe('about 1 MB');
    expect(formatMegabytes(2_440_000)).toBe('about 2.4 MB');
    expect(formatMegabytes(9_400_000)).toBe('about 9.4 MB');
    expect(formatMegabytes(9_960_000)).toBe('about 10 MB');
    expect(formatMegabytes(1_234_567_890)).toBe('about 1,235 MB');
  });

  it('counts the cached photos and says how many are kept', () => {
    expect(describeAnalysisCache({ count: 1_234, bytes: 9_100_000, limit: 10_000 })).toBe(
      'Remembered analyses: 1,234 photos, about 9.1 MB (the 10,000 used most recently are kept).',
    );
    expect(describeAnalysisCache({ count: 1, bytes: 7_000, limit: 10_000 })).toBe(
      'Remembered analyses: 1 photo, less than 1 MB (the 10,000 used most recently are kept).',
    );
    expect(describeAnalysisCache({ count: 0, bytes: 0, limit: 10_000 })).toBe('Remembered analyses: none (the 10,000 used most recently are kept).');
  });
});
