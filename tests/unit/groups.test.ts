import { describe, expect, it } from 'vitest';
import { applyGroupEdits, bestFaces, faceKey, frontality, nearMiss, NO_GROUP_EDITS, parseFaceKey, parseGroupEdits, shownGroupKeys } from '../../src/domain/groups';
import { indexKnownFaces } from '../../src/domain/matching';
import { scanRows } from '../../src/domain/clustering';
import { seededRandom } from '../../src/domain/random';
import { GroupingEngine, SPLIT_SCAN_FACES } from '../../src/grouping/engine';

/** 128-d encodings on one axis: enc(x) and enc(y) are |x - y| apart. */
const enc = (x: number, axis = 0) => {
  const e = new Float32Array(128);
  e[axis] = x;
  return e;
};

describe('applyGroupEdits', () => {
  const groups = [['p1#0', 'p2#0', 'p3#0'], ['p4#0', 'p5#0'], ['p6#0'], ['p7#0', 'p3#1']];

  it('numbers groups of two or more largest first; a face alone has no label', () => {
    const shown = applyGroupEdits(groups, NO_GROUP_EDITS);
    expect(shown.map((g) => [g.label, g.faces.length, g.photos])).toEqual([
      ['group_1', 3, 3],
      ['group_2', 2, 2],
      ['group_3', 2, 2],
      [null, 1, 1],
    ]);
  });

  it('merges groups (not when they share a photo), ignores a group holding an ignored face', () => {
    const shown = applyGroupEdits(groups, { ...NO_GROUP_EDITS, merges: [['p4#0', 'p6#0'], ['p1#0', 'p7#0']], ignored: ['p5#0'] });
    expect(shown.map((g) => [g.label, g.faces.length, g.ignored])).toEqual([
      ['group_1', 3, false],
      ['group_2', 3, true],
      ['group_3', 2, false],
    ]);
  });

  it('reads stored edits defensively', () => {
    expect(parseGroupEdits({ takenOut: ['a', 3], merges: [['a', 'b'], ['c']], ignored: null })).toEqual({
      takenOut: ['a'],
      ignored: [],
      merges: [['a', 'b']],
      declined: [],
    });
    expect(parseGroupEdits('junk')).toEqual(NO_GROUP_EDITS);
    expect(parseFaceKey(faceKey('photo#weird', 2))).toEqual({ photoId: 'photo#weird', faceIndex: 2 });
  });
});

describe('shownGroupKeys', () => {
  const shownOf = (groups: string[][], before = new Map<string, string>()) => {
    const byFace = shownGroupKeys(applyGroupEdits(groups, NO_GROUP_EDITS), before);
    return { byFace, keys: groups.map((g) => byFace.get(g[0] as string)) };
  };

  it('keeps a group shown by the same key when a face with a smaller key joins it', () => {
    const first = shownOf([['m#0', 'n#0', 'p#0'], ['x#0', 'y#0']]);
    expect(first.keys).toEqual(['m#0', 'x#0']);
    const second = shownOf([['a#0', 'm#0', 'n#0', 'p#0'], ['b#0', 'x#0', 'y#0']], first.byFace);
    // The groups' own keys became a#0 and b#0; they are still shown as before.
    expect(second.keys).toEqual(['m#0', 'x#0']);
  });

  it('gives a merged group the key most of its faces had, a split-off part a key of its own, and never one key to two groups', () => {
    const first = shownOf([['m#0', 'n#0', 'p#0'], ['x#0', 'y#0'], ['q#0', 'r#0']]);
    const merged = shownOf([['m#0', 'n#0', 'p#0', 'x#0', 'y#0'], ['q#0', 'r#0']], first.byFace);
    expect(merged.keys).toEqual(['m#0', 'q#0']);
    // m's group splits in two halves that both remember m#0: the first (larger) keeps it.
    const split = shownOf([['n#0', 'p#0', 'x#0'], ['m#0', 'y#0'], ['q#0', 'r#0']], merged.byFace);
    expect(split.keys[0]).toBe('m#0');
    expect(split.keys[2]).toBe('q#0');
    // The other half is new: its own key m#0 is in use, so it is suffixed.
    expect(split.keys[1]).toBe('m#0~1');
    expect(new Set(split.keys).size).toBe(3);
  });
});

describe('bestFaces and nearMiss', () => {
  const landmarks = (noseAt: number) => {
    const l: Array<[number, number]> = Array.from({ length: 68 }, () => [0, 0]);
    l[0] = [0, 0];
    l[16] = [100, 0];
    l[30] = [noseAt, 0];
    return l;
  };
  it('prefers sharp, large, frontal faces, at most max', () => {
    const box = (w: number) => ({ x: 0, y: 0, width: w, height: w });
    const faces = [
      { key: 'blurry-small-turned', box: box(20), landmarks: landmarks(90), sharpness: 5 },
      { key: 'good', box: box(120), landmarks: landmarks(50), sharpness: 300 },
      { key: 'ok', box: box(80), landmarks: landmarks(40), sharpness: 100 },
    ];
    expect(bestFaces(faces, 2).map((f) => f.key)).toEqual(['good', 'ok']);
    expect(frontality(landmarks(50))).toBe(1);
    expect(frontality(landmarks(100))).toBe(0);
  });

  it('offers the nearest known person only just beyond the tolerance', () => {
    const index = indexKnownFaces([{ id: 'k', name: 'alice', encoding: enc(0) }]);
    expect(nearMiss([enc(0.63), enc(0.65)], index, 0.6)).toEqual({ name: 'alice', distance: expect.closeTo(0.64, 5) });
    expect(nearMiss([enc(0.5)], index, 0.6)).toBeNull();
    expect(nearMiss([enc(0.9)], index, 0.6)).toBeNull();
  });
});

describe('GroupingEngine', () => {
  it('groups the faces nobody knows; the tolerance and known people re-group without new photos', async () => {
    const engine = new GroupingEngine();
    // Person A: three photos near 0; person B: two photos near 5 (another axis); one photo with A and B.
    await engine.putPhotos([
      { id: 'a1', encodings: [enc(0)] },
      { id: 'a2', encodings: [enc(0.1)] },
      { id: 'b1', encodings: [enc(5, 1)] },
      { id: 'b2', encodings: [enc(5.1, 1)] },
      { id: 'ab', encodings: [enc(0.05), enc(5.05, 1)] },
    ]);
    const labels = (r: ReturnType<GroupingEngine['group']>) => r.groups.map((g) => [g.label, [...g.faces].sort()]);
    expect(labels(engine.group(0.6, NO_GROUP_EDITS))).toEqual([
      ['group_1', ['a1#0', 'a2#0', 'ab#0']],
      ['group_2', ['ab#1', 'b1#0', 'b2#0']],
    ]);
    // Alice is known near A: A's faces are named, only B's are grouped.
    engine.setKnown([{ id: 'k', name: 'alice', encoding: enc(0.02) }]);
    expect(labels(engine.group(0.6, NO_GROUP_EDITS))).toEqual([['group_1', ['ab#1', 'b1#0', 'b2#0']]]);
    // At a tolerance of 0.01 nobody is named: A is grouped again.
    expect(engine.group(0.01, NO_GROUP_EDITS).faces).toBe(6);
    // Taken out, removed photos.
    engine.removePhotos(['b2']);
    expect(labels(engine.group(0.6, { ...NO_GROUP_EDITS, takenOut: ['b1#0'] }))).toEqual([[null, ['ab#1']]]);
  });

  it('many photos at once (a reload) share the scan with another thread and give the same groups', async () => {
    // 1,200 photos of 60 people (640-number encodings, the fused length), one face each.
    const r = seededRandom(11);
    const g = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    const centres = Array.from({ length: 60 }, () => Array.from({ length: 640 }, () => g() * 0.06));
    const photos = Array.from({ length: SPLIT_SCAN_FACES + 200 }, (_, i) => ({
      id: `p${i}`,
      encodings: [Float32Array.from(centres[i % 60]!, (c) => c + g() * 0.016)],
    }));
    let scanned = 0;
    const split = new GroupingEngine({
      scanElsewhere: (view, from, to) => {
        scanned += to - from;
        return Promise.resolve(scanRows(structuredClone(view), from, to));
      },
    });
    const plain = new GroupingEngine();
    await split.putPhotos(photos);
    await plain.putPhotos(photos);
    expect(scanned).toBeGreaterThan(300);
    const groups = split.group(0.6, NO_GROUP_EDITS).groups.map((x) => x.faces);
    expect(groups).toHaveLength(60);
    expect(groups).toEqual(plain.group(0.6, NO_GROUP_EDITS).groups.map((x) => x.faces));
  });
});
