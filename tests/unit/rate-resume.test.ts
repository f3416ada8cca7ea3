import { describe, expect, it } from 'vitest';
import { estimateRate, formatDuration, formatRate } from '../../src/domain/rate';
import { claimRestored, fileKey, isFinishedStatus } from '../../src/domain/resume';

describe('estimateRate', () => {
  it('is unknown before anything finished or too early to tell', () => {
    expect(estimateRate({ startedAt: 0, now: 10_000, processed: 0, remaining: 5 })).toEqual({ perSecond: null, secondsLeft: null });
    expect(estimateRate({ startedAt: 0, now: 100, processed: 3, remaining: 5 })).toEqual({ perSecond: null, secondsLeft: null });
  });

  it('divides photos by seconds and the rest by the rate', () => {
    const r = estimateRate({ startedAt: 1_000, now: 11_000, processed: 20, remaining: 30 });
    expect(r.perSecond).toBeCloseTo(2);
    expect(r.secondsLeft).toBeCloseTo(15);
  });

  it('has nothing left once the batch is done', () => {
    expect(estimateRate({ startedAt: 0, now: 4_000, processed: 8, remaining: 0 })).toEqual({ perSecond: 2, secondsLeft: 0 });
  });
});

describe('formatting', () => {
  it('writes rates with one decimal under 10', () => {
    expect(formatRate(1.83)).toBe('1.8 photos/s');
    expect(formatRate(0.42)).toBe('0.4 photos/s');
    expect(formatRate(12.4)).toBe('12 photos/s');
  });

  it('writes durations in s, min and h', () => {
    expect(formatDuration(0.2)).toBe('less than 1 s');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('unknown');
  });
});

describe('resume bookkeeping', () => {
  const f = (name: string, size = 10, lastModified = 5) => ({ name, size, lastModified });

  it('tells finished outcomes from unfinished ones', () => {
    expect(['done', 'no-face', 'unreadable'].every((s) => isFinishedStatus(s as 'done'))).toBe(true);
    expect(['queued', 'working', 'cancelled'].some((s) => isFinishedStatus(s as 'queued'))).toBe(false);
  });

  it('keys files by name, size and modification time', () => {
    expect(fileKey(f('a.jpg'))).not.toBe(fileKey(f('a.jpg', 11)));
    expect(fileKey(f('a.jpg'))).not.toBe(fileKey(f('a.jpg', 10, 6)));
    expect(fileKey(f('a.jpg'))).toBe(fileKey(f('a.jpg')));
  });

  it('lets each dropped file claim one matching stored entry', () => {
    const restored = [
      { id: '1', ...f('a.jpg') },
      { id: '2', ...f('b.jpg') },
      { id: '3', ...f('a.jpg') },
    ];
    const dropped = [f('a.jpg'), f('b.jpg', 99), f('a.jpg'), f('a.jpg'), f('b.jpg')];
    expect(claimRestored(dropped, restored)).toEqual(['1', null, '3', null, '2']);
  });
});
