import { describe, expect, it } from 'vitest';
import { confusionToCsv, expectedFromPath, labelledOutcome, scoreLabelled } from '../../src/domain/labelled-score';
import { parseCsv } from '../../src/domain/csv';
import { UNKNOWN_PERSON } from '../../src/domain/types';

describe('labelled photos to recognise', () => {
  it('take their label from the folder they are in', () => {
    expect(expectedFromPath('test/alice/1.jpg')).toBe('alice');
    expect(expectedFromPath('alice/1.jpg')).toBe('alice');
    expect(expectedFromPath('test/Strangers/9.jpg')).toBe(UNKNOWN_PERSON);
    expect(expectedFromPath('unknown/9.jpg')).toBe(UNKNOWN_PERSON);
    expect(expectedFromPath('1.jpg')).toBeNull();
  });

  it('right, wrong, unknown; strangers are right when nobody is named', () => {
    expect(labelledOutcome({ file: 'a', expected: 'alice', named: ['bob', 'alice'] }).outcome).toBe('right');
    expect(labelledOutcome({ file: 'a', expected: 'alice', named: ['bob'] })).toEqual({ outcome: 'wrong', namedAs: 'bob' });
    expect(labelledOutcome({ file: 'a', expected: 'alice', named: [] })).toEqual({ outcome: 'unknown', namedAs: UNKNOWN_PERSON });
    expect(labelledOutcome({ file: 's', expected: UNKNOWN_PERSON, named: [] }).outcome).toBe('right');
    expect(labelledOutcome({ file: 's', expected: UNKNOWN_PERSON, named: ['bob'] })).toEqual({ outcome: 'wrong', namedAs: 'bob' });
  });

  it('counts and a confusion table with the mistakes first, as CSV', () => {
    const score = scoreLabelled([
      { file: '1', expected: 'alice', named: ['alice'] },
      { file: '2', expected: 'alice', named: ['alice'] },
      { file: '3', expected: 'alice', named: ['bob'] },
      { file: '4', expected: 'bob', named: [] },
      { file: '5', expected: UNKNOWN_PERSON, named: ['bob'] },
    ]);
    expect(score).toMatchObject({ total: 5, right: 2, wrong: 2, unknown: 1 });
    expect(score.confusion[score.confusion.length - 1]).toEqual({ expected: 'alice', namedAs: 'alice', photos: 2 });
    expect(score.confusion.slice(0, 3).every((c) => c.expected !== c.namedAs)).toBe(true);
    const rows = parseCsv(confusionToCsv(score));
    expect(rows[0]).toEqual(['expected', 'named_as', 'photos']);
    expect(rows).toContainEqual(['alice', 'bob', '1']);
    expect(rows).toContainEqual([UNKNOWN_PERSON, 'bob', '1']);
  });
});
