import { describe, expect, it } from 'vitest';
import { groupKnownFaces } from '../../src/domain/known-people';

const f = (id: string, name: string, addedAt: number) => ({ id, name, addedAt });

describe('groupKnownFaces', () => {
  it('returns nothing for no faces', () => {
    expect(groupKnownFaces([])).toEqual([]);
  });

  it('puts every photo of a person under one entry, oldest first', () => {
    const groups = groupKnownFaces([f('3', 'alice', 30), f('1', 'alice', 10), f('2', 'bob', 20)]);
    expect(groups.map((g) => [g.name, g.faces.map((x) => x.id)])).toEqual([
      ['alice', ['1', '3']],
      ['bob', ['2']],
    ]);
  });

  it('orders people by their first photo, so later photos join an existing person in place', () => {
    const groups = groupKnownFaces([f('a', 'bob', 1), f('b', 'alice', 2), f('c', 'bob', 3)]);
    expect(groups.map((g) => g.name)).toEqual(['bob', 'alice']);
    expect(groups[0]?.faces.map((x) => x.id)).toEqual(['a', 'c']);
  });

  it('breaks equal times by id and keeps names exact (case matters)', () => {
    const groups = groupKnownFaces([f('b', 'Alice', 5), f('a', 'alice', 5), f('c', 'alice', 5)]);
    expect(groups.map((g) => [g.name, g.faces.map((x) => x.id)])).toEqual([
      ['alice', ['a', 'c']],
      ['Alice', ['b']],
    ]);
  });

  it('does not modify its input', () => {
    const input = [f('2', 'x', 2), f('1', 'x', 1)];
    groupKnownFaces(input);
    expect(input.map((x) => x.id)).toEqual(['2', '1']);
  });
});
