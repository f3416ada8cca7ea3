import { describe, expect, it } from 'vitest';
import { addedMismatches, checkGallery, looOutcome, photoDistances, tradeOff } from '../../src/domain/gallery-check';
import type { KnownFace } from '../../src/domain/types';

/** An encoding at `x` on the first axis (distances are then differences of x). */
const at = (x: number) => Float32Array.from({ length: 128 }, (_, i) => (i === 0 ? x : 0));
const face = (id: string, name: string, x: number): KnownFace => ({ id, name, encoding: at(x) });

describe('check known people', () => {
  const known = [
    face('a1', 'alice', 0),
    face('a2', 'alice', 0.2),
    face('a3', 'alice', 0.3),
    face('a5', 'alice', 0.1),
    // A photo of bob filed as alice: far from her other photos, close to bob.
    face('a4', 'alice', 2.05),
    face('b1', 'bob', 2),
    face('b2', 'bob', 2.1),
    face('c1', 'carol', 5),
  ];

  it('leave-one-out: right, wrong, unknown', () => {
    const check = checkGallery(known, 0.6);
    const outcome = Object.fromEntries(check.photos.map((p) => [p.id, p.outcome]));
    expect(outcome).toMatchObject({ a1: 'right', a2: 'right', a3: 'right', a5: 'right', a4: 'wrong', b1: 'right', b2: 'right', c1: null });
    expect(check.people.find((p) => p.name === 'alice')).toEqual({ name: 'alice', right: 4, wrong: 1, unknown: 0 });
  });

  it('finds the photo that does not look like the rest of its person, and whom it looks like', () => {
    const check = checkGallery(known, 0.6);
    expect(check.odd.map((p) => p.id)).toEqual(['a4']);
    expect(check.odd[0]?.other?.name).toBe('bob');
  });

  it('look-alike pairs: people with photos within the tolerance of each other', () => {
    expect(checkGallery(known, 0.6).lookAlikes.map((l) => [l.a, l.b])).toEqual([['alice', 'bob']]);
    const clean = known.filter((k) => k.id !== 'a4');
    expect(checkGallery(clean, 0.6).lookAlikes).toEqual([]);
  });

  it('a stranger-like photo is unknown when nobody is within the tolerance', () => {
    const [p] = photoDistances([face('x', 'x', 0), face('y', 'x', 1)]);
    expect(looOutcome(p!, 0.6)).toBe('unknown');
  });

  it('the trade-off moves the right way as the tolerance grows', () => {
    const curve = tradeOff(photoDistances(known), [0.01, 0.6, 3]);
    expect(curve[0]!.right).toBeLessThan(curve[1]!.right);
    expect(curve[2]!.strangersNamed).toBe(1);
    expect(curve[0]!.strangersNamed).toBe(0);
    for (const p of curve) expect(p.right + p.wrong + p.unknown).toBeCloseTo(1, 9);
  });
});

describe('photos just added that match nobody of their person', () => {
  it('flags a new photo far from the person’s other photos', () => {
    const known = [face('a1', 'alice', 0), face('a2', 'alice', 0.1), face('new', 'alice', 3)];
    expect(addedMismatches(known, new Set(['new']), 0.6)).toEqual([{ kind: 'photo', id: 'new', name: 'alice', distance: expect.closeTo(2.9, 5) }]);
    expect(addedMismatches(known, new Set(['a2']), 0.6)).toEqual([]);
  });

  it('says when files joined into one person by their names do not look alike at all', () => {
    const known = [face('c1', 'celeb', 0), face('c2', 'celeb', 2), face('c3', 'celeb', 4)];
    expect(addedMismatches(known, new Set(['c1', 'c2', 'c3']), 0.6)).toEqual([{ kind: 'joined', name: 'celeb', ids: ['c1', 'c2', 'c3'] }]);
    const twoAlike = [face('d1', 'dan', 0), face('d2', 'dan', 0.2), face('d3', 'dan', 4)];
    expect(addedMismatches(twoAlike, new Set(['d1', 'd2', 'd3']), 0.6).map((m) => m.kind)).toEqual(['photo']);
  });
});
