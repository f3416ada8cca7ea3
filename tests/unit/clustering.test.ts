import { describe, expect, it } from 'vitest';
import { clusterFaces, FaceGraph, groupFaces, scanRows, type ClusterFace, type ClusterMethod, type ClusterSettings, type ScanView } from '../../src/domain/clustering';
import { seededRandom } from '../../src/domain/random';

function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/**
 * Synthetic 128-d encodings: each person a random centre (people ~1.0 apart, as different people are
 * with the real network), each face its person's centre plus noise (~0.3 from each other).
 */
function people(count: number, facesEach: number, seed = 7): Array<ClusterFace & { person: number }> {
  const r = seededRandom(seed);
  const out: Array<ClusterFace & { person: number }> = [];
  for (let p = 0; p < count; p++) {
    const centre = Array.from({ length: 128 }, () => gaussian(r) * (1 / Math.sqrt(2 * 128)));
    for (let k = 0; k < facesEach; k++) {
      const encoding = Float32Array.from(centre, (c) => c + gaussian(r) * (0.2 / Math.sqrt(128)));
      out.push({ id: `p${p}-f${k}`, photo: `p${p}-photo${k}`, encoding, person: p });
    }
  }
  return out;
}

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const r = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const METHODS: ClusterSettings[] = [
  { method: 'chinese-whispers', threshold: 0.5 },
  { method: 'chinese-whispers', threshold: 0.5, weights: 'closeness' },
  { method: 'density', threshold: 0.5, minNeighbours: 1 },
  { method: 'average-linkage', threshold: 0.5 },
];
const name = (s: ClusterSettings) => `${s.method}${s.weights ? ` ${s.weights}` : ''}`;

describe.each(METHODS)('$method', (settings) => {
  it(`${name(settings)}: puts each person's faces in one group, different people apart, largest first`, () => {
    const faces = [...people(4, 5), ...people(1, 8, 99).map((f) => ({ ...f, id: `big-${f.id}`, person: 4 }))];
    const { groups, groupOf } = clusterFaces(faces, settings);
    expect(groups).toHaveLength(5);
    expect(groups[0]).toHaveLength(8);
    for (const f of faces) {
      const mates = faces.filter((o) => groupOf.get(o.id) === groupOf.get(f.id));
      expect(mates.every((o) => o.person === f.person)).toBe(true);
      expect(mates).toHaveLength(f.person === 4 ? 8 : 5);
    }
  });

  it(`${name(settings)}: never puts two faces of one photo in one group`, () => {
    const faces = people(3, 6);
    // Two copies of one person's faces in each of that person's photos: near-identical, one photo.
    const twins = faces.map((f) => ({ ...f, id: `${f.id}-twin`, encoding: f.encoding.map((v) => v + 1e-4) }));
    const { groupOf } = clusterFaces([...faces, ...twins], settings);
    for (const f of faces) expect(groupOf.get(f.id)).not.toBe(groupOf.get(`${f.id}-twin`));
    // Without the shared photo they would have been one group.
    const apart = clusterFaces([...faces, ...twins.map((t) => ({ ...t, photo: `${t.photo}-other` }))], settings);
    expect(apart.groupOf.get('p0-f0')).toBe(apart.groupOf.get('p0-f0-twin'));
  });

  it(`${name(settings)}: is deterministic, whatever the order faces come in`, () => {
    // Overlapping people (noise close to the threshold) so the result depends on the visiting order.
    const faces = people(12, 6, 3).map((f) => ({ ...f, encoding: f.encoding.map((v, i) => v * (i % 3 === 0 ? 0.6 : 1)) }));
    const first = clusterFaces(faces, settings);
    expect(clusterFaces(faces, settings).groups).toEqual(first.groups);
    expect(clusterFaces(shuffle(faces, 5), settings).groups).toEqual(first.groups);
  });

  it(`${name(settings)}: adding faces in batches as photos finish equals grouping them all at once`, () => {
    const faces = people(15, 5, 11).map((f) => ({ ...f, encoding: f.encoding.map((v, i) => v * (i % 2 === 0 ? 0.7 : 1)) }));
    const batch = clusterFaces(faces, settings);
    const graph = new FaceGraph(0.7);
    const order = shuffle(faces, 9);
    const seen: ClusterFace[] = [];
    for (let i = 0; i < order.length; i += 7) {
      const chunk = order.slice(i, i + 7);
      graph.add(chunk);
      seen.push(...chunk);
      expect(groupFaces(graph, settings).groups).toEqual(clusterFaces(seen, settings).groups);
    }
    expect(groupFaces(graph, settings).groups).toEqual(batch.groups);
    // Removing faces, and grouping only some (the ones not named), equal grouping the rest at once.
    graph.remove(faces.slice(0, 10).map((f) => f.id));
    const rest = faces.slice(10);
    expect(groupFaces(graph, settings).groups).toEqual(clusterFaces(rest, settings).groups);
    const some = new Set(rest.filter((_, i) => i % 3 !== 0).map((f) => f.id));
    expect(groupFaces(graph, settings, (id) => some.has(id)).groups).toEqual(
      clusterFaces(rest.filter((f) => some.has(f.id)), settings).groups,
    );
  });
});

describe('method differences', () => {
  // Faces on a line, 0.4 apart: a chain in which only neighbours are within 0.5.
  const chain = (n: number): ClusterFace[] =>
    Array.from({ length: n }, (_, i) => ({ id: `c${i}`, photo: `c${i}`, encoding: Float32Array.of(i * 0.4, 0) }));
  const sizes = (method: ClusterMethod, extra: Partial<ClusterSettings> = {}) =>
    clusterFaces(chain(6), { method, threshold: 0.5, ...extra }).groups.map((g) => g.length);

  it('average linkage does not chain: a group joins only what is near all of it on average', () => {
    expect(clusterFaces(chain(3), { method: 'average-linkage', threshold: 0.5 }).groups.map((g) => g.length)).toEqual([2, 1]);
  });

  it('density with minNeighbours 1 chains like single linkage; with 3, no face is core', () => {
    expect(sizes('density')).toEqual([6]);
    expect(sizes('density', { minNeighbours: 3 })).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('rejects a threshold beyond the graph radius', () => {
    const graph = new FaceGraph(0.4);
    expect(() => groupFaces(graph, { method: 'density', threshold: 0.5 })).toThrow(RangeError);
  });
});

/**
 * Average linkage by brute force: every pair of groups' mean over all its face pairs, the smallest merged
 * (ties: the smaller group ids, a group named by its smallest face index) while within the threshold, never
 * two groups holding one photo.
 */
function referenceAverageLinkage(faces: readonly ClusterFace[], threshold: number): string[][] {
  const order = [...faces].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const d = order.map((a) => order.map((b) => Math.hypot(...Array.from(a.encoding, (v, t) => v - b.encoding[t]!))));
  let groups = order.map((_, i) => [i]);
  for (;;) {
    let best: { mean: number; a: number; b: number } | null = null;
    for (let a = 0; a < groups.length; a++)
      for (let b = a + 1; b < groups.length; b++) {
        const ga = groups[a]!;
        const gb = groups[b]!;
        const photosA = new Set(ga.map((i) => order[i]!.photo));
        if (gb.some((i) => photosA.has(order[i]!.photo))) continue;
        let sum = 0;
        for (const i of ga) for (const j of gb) sum += d[i]![j]!;
        const mean = sum / (ga.length * gb.length);
        const [ia, ib] = [ga[0]!, gb[0]!];
        const key = { mean, a: Math.min(ia, ib), b: Math.max(ia, ib) };
        if (mean <= threshold && (!best || mean < best.mean - 1e-12 || (Math.abs(mean - best.mean) <= 1e-12 && (key.a < best.a || (key.a === best.a && key.b < best.b))))) best = key;
      }
    if (!best) break;
    const { a, b } = best;
    const ga = groups.find((g) => g[0] === a)!;
    const gb = groups.find((g) => g[0] === b)!;
    groups = groups.filter((g) => g !== gb).map((g) => (g === ga ? [...ga, ...gb] : g));
  }
  return groups
    .map((g) => [...g].sort((x, y) => x - y).map((i) => order[i]!.id))
    .sort((x, y) => y.length - x.length || (x[0]! < y[0]! ? -1 : 1));
}

describe('average linkage against brute force', () => {
  // Faces of a few people, some photos holding two faces, at random positions in a plane of 8 dimensions.
  const faces = (seed: number): ClusterFace[] => {
    const r = seededRandom(seed);
    const centres = Array.from({ length: 6 }, () => Array.from({ length: 8 }, () => gaussian(r) * 0.5));
    return Array.from({ length: 48 }, (_, i) => ({
      id: `f${String(i).padStart(2, '0')}`,
      photo: `photo${i % 7 === 0 ? i - 1 : i}`,
      encoding: Float32Array.from(centres[i % 6]!, (c) => c + gaussian(r) * 0.25),
    }));
  };

  it.each([1, 2, 3, 4, 5])('gives the groups of the brute-force merge order (seed %i), with the graph radius at or beyond the threshold', (seed) => {
    const set = faces(seed);
    const expected = referenceAverageLinkage(set, 0.7);
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.length).toBeLessThan(set.length - 5);
    for (const radius of [0.7, 0.9]) {
      const graph = new FaceGraph(radius);
      graph.add(set);
      expect(groupFaces(graph, { method: 'average-linkage', threshold: 0.7 }).groups).toEqual(expected);
    }
  });

  it('groups a graph again after faces come and go as a new graph of the same faces would', () => {
    const set = faces(9);
    const graph = new FaceGraph(0.7);
    graph.add(set.slice(0, 30));
    const before = groupFaces(graph, { method: 'average-linkage', threshold: 0.7 }).groups;
    expect(before).toEqual(referenceAverageLinkage(set.slice(0, 30), 0.7));
    graph.add(set.slice(30));
    graph.remove(['f03', 'f11']);
    const rest = set.filter((f) => f.id !== 'f03' && f.id !== 'f11');
    expect(groupFaces(graph, { method: 'average-linkage', threshold: 0.7 }).groups).toEqual(referenceAverageLinkage(rest, 0.7));
    const someLeftOut = new Set(rest.filter((_, i) => i % 5 === 0).map((f) => f.id));
    expect(groupFaces(graph, { method: 'average-linkage', threshold: 0.7 }, (id) => !someLeftOut.has(id)).groups).toEqual(
      referenceAverageLinkage(rest.filter((f) => !someLeftOut.has(f.id)), 0.7),
    );
  });
});

describe('FaceGraph.addSplit', () => {
  // 640-number encodings (the fused length, so the scan basis is fitted past 256 faces) of 40 people.
  const many = (count: number, seed: number): ClusterFace[] => {
    const r = seededRandom(seed);
    const centres = Array.from({ length: 40 }, () => Array.from({ length: 640 }, () => gaussian(r) * 0.06));
    return Array.from({ length: count }, (_, i) => ({
      id: `m${String(i).padStart(4, '0')}`,
      photo: `mp${i}`,
      encoding: Float32Array.from(centres[i % 40]!, (c) => c + gaussian(r) * 0.016),
    }));
  };
  const edges = (graph: FaceGraph) =>
    graph
      .ids()
      .sort()
      .map((id) => `${id}:${[...graph.neighbours(id).keys()].sort().join(',')}`);
  // Another worker's scan, here: over a copy of the view, as structured cloning makes it.
  const copyScan = (view: ScanView, from: number, to: number) => Promise.resolve(scanRows(structuredClone(view), from, to));

  it('gives the graph of add(), after faces already in it, a removal, and a face given twice', async () => {
    const faces = many(700, 3);
    const sequential = new FaceGraph(0.6);
    sequential.add(faces.slice(0, 300));
    sequential.remove(['m0005', 'm0100']);
    sequential.add(faces.slice(300));
    const split = new FaceGraph(0.6);
    split.add(faces.slice(0, 300));
    split.remove(['m0005', 'm0100']);
    let asked: [number, number] | null = null;
    await split.addSplit([...faces.slice(300), faces[400]!], (view, from, to) => {
      asked = [from, to];
      return copyScan(view, from, to);
    });
    expect(asked).not.toBeNull();
    const [from, to] = asked!;
    expect(from).toBeGreaterThan(0);
    expect(to).toBe(400);
    expect(edges(split)).toEqual(edges(sequential));
    expect(edges(split).filter((e) => !e.endsWith(':')).length).toBeGreaterThan(600);
    expect(groupFaces(split, { method: 'average-linkage', threshold: 0.6 }).groups).toEqual(groupFaces(sequential, { method: 'average-linkage', threshold: 0.6 }).groups);
  });

  it('scans every row here when the other worker fails', async () => {
    const faces = many(400, 4);
    const sequential = new FaceGraph(0.6);
    sequential.add(faces);
    const split = new FaceGraph(0.6);
    await split.addSplit(faces, () => Promise.reject(new Error('worker gone')));
    expect(edges(split)).toEqual(edges(sequential));
    const thrown = new FaceGraph(0.6);
    await thrown.addSplit(faces, () => {
      throw new Error('no Worker here');
    });
    expect(edges(thrown)).toEqual(edges(sequential));
  });
});
