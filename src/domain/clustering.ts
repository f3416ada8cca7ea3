/**
 * Grouping faces nobody knows by who they are. Pure: no DOM, no tfjs.
 *
 * Three methods over one neighbour graph (every pair of faces within `radius` of each other):
 * - `'chinese-whispers'`: dlib's Chinese Whispers (face_recognition's suggested clustering): every face
 *   starts in its own group and repeatedly takes the group most of its neighbours (itself included) are
 *   in; visiting order from a seeded shuffle, so the same faces always give the same groups;
 * - `'density'`: DBSCAN-like: a face with at least `minNeighbours` neighbours within the threshold is a
 *   core face; core faces joined by an edge share a group (closest edges first), a non-core face joins
 *   the group of its nearest core neighbour, any other face stays alone;
 * - `'average-linkage'`: agglomerative clustering: the two groups with the smallest mean distance over
 *   all their pairs of faces are merged while that mean is within the threshold.
 *
 * Cannot-link: two faces of one photo (one `photo` key) are never put in one group, by any method.
 *
 * Incremental: a `FaceGraph` takes faces as photos finish and keeps only the graph; `groupFaces` derives
 * the groups from the graph and the set of faces to group, in a canonical order (face ids sorted), so
 * adding faces in any order, in any batches, gives exactly the groups of clustering them all at once.
 * Changing which faces are grouped (the tolerance named some, a person was added) or the threshold
 * re-derives the groups from the same graph without computing any distance again.
 */
import { faceDistance, fusedVector } from './distance';
import { fitScanBasis, projectOnto, type ScanBasis } from './scan-basis';
import type { Encoding } from './types';
import { seededRandom } from './random';

export interface ClusterFace {
  /** Unique among the faces grouped together. */
  id: string;
  /** Faces with the same photo key are never in one group. */
  photo: string;
  encoding: Encoding;
}

export type ClusterMethod = 'chinese-whispers' | 'density' | 'average-linkage';

export interface ClusterSettings {
  method: ClusterMethod;
  /** Faces further apart than this are never neighbours (a group's mean distance, for average linkage). */
  threshold: number;
  /** Density: neighbours (itself not counted) a face needs to be a core face. Default 1. */
  minNeighbours?: number;
  /** Chinese Whispers: passes over all faces at most (it stops when a pass changes nothing). Default 100. */
  iterations?: number;
  /** Chinese Whispers: seed of the visiting order. Default 1. */
  seed?: number;
  /**
   * Chinese Whispers: edge weights. `'unit'` (dlib's: every edge, and each face's link to itself, counts
   * 1) or `'closeness'` (1 - distance / threshold: near neighbours count more; no link to itself).
   */
  weights?: 'unit' | 'closeness';
}

export interface Grouping {
  /** Face ids per group, largest group first (ties: the group holding the smallest face id first). */
  groups: string[][];
  /** Index into `groups` of each grouped face. */
  groupOf: Map<string, number>;
}

interface Node {
  face: ClusterFace;
  /** Neighbour id → distance, for every other face within the graph's radius. */
  edges: Map<string, number>;
}

/** The faces' distance: the fused one (distance.ts), so groups and names use the same scale. */
const distance = faceDistance;

/** The scan basis (scan-basis.ts): its directions, the faces it is fitted on, the encodings it is for. */
const SCAN_BASIS_DIMS = 96;
const SCAN_BASIS_SAMPLE = 256;
const SCAN_BASIS_MIN_LENGTH = 4 * SCAN_BASIS_DIMS;
/** Relative slack of the scan's float32 sums before the exact distance decides. */
const SCAN_SLACK = 1e-4;

/**
 * Σ (data[a + t] − data[b + t])² over t < n, in unrolled blocks of 8; stops as soon as the sum is over
 * `limit` (most pairs of different people are within the first numbers).
 */
function squaredDistanceUpTo(data: Float32Array, a: number, b: number, n: number, limit: number): number {
  let sum = 0;
  let k = 0;
  const whole = n - (n % 8);
  while (k < whole) {
    const i = a + k;
    const j = b + k;
    const d0 = (data[i] as number) - (data[j] as number);
    const d1 = (data[i + 1] as number) - (data[j + 1] as number);
    const d2 = (data[i + 2] as number) - (data[j + 2] as number);
    const d3 = (data[i + 3] as number) - (data[j + 3] as number);
    const d4 = (data[i + 4] as number) - (data[j + 4] as number);
    const d5 = (data[i + 5] as number) - (data[j + 5] as number);
    const d6 = (data[i + 6] as number) - (data[j + 6] as number);
    const d7 = (data[i + 7] as number) - (data[j + 7] as number);
    sum += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3 + d4 * d4 + d5 * d5 + d6 * d6 + d7 * d7;
    k += 8;
    if (sum > limit) return sum;
  }
  for (; k < n && sum <= limit; k++) {
    const d = (data[a + k] as number) - (data[b + k] as number);
    sum += d * d;
  }
  return sum;
}

/**
 * The neighbour graph of a growing (or shrinking) set of faces. Encodings are kept in one contiguous
 * Float32Array (a slot per face, reused after removals) so the distance scan over every face is a tight
 * loop; each distance stops as soon as it is certain to be over the radius. The array holds each encoding's
 * `fusedVector` (plain Euclidean = fused distance), and once 256 faces are in, preceded by its coordinates
 * along 96 fitted directions (scan-basis.ts): their distance is a lower bound of the whole one, over the
 * radius for most pairs of different people, so the rest is scanned for few pairs. Faces whose encodings are of another length than the
 * first (face-api's part alone, stored before the second recognizer) are kept aside and compared with
 * faceDistance one by one.
 */
export class FaceGraph {
  readonly radius: number;
  private readonly nodes = new Map<string, Node & { slot: number }>();
  /** Length of the encodings kept in slots (the first face's). */
  private encodingLength = 0;
  /** Numbers per slot: the fused vector, preceded once the basis is fitted by its projection (scan-basis.ts). */
  private dim = 0;
  private data = new Float32Array(0);
  /** Fitted once SCAN_BASIS_SAMPLE faces of a long enough encoding are in the graph; never refitted. */
  private basis: ScanBasis | null = null;
  private readonly useBasis: boolean;
  /** The face in each slot (null: free). */
  private slots: Array<Node | null> = [];
  private free: number[] = [];
  /** Faces of another encoding length than `dim` (see above). */
  private readonly aside = new Set<Node>();

  /** `scanBasis: false` keeps the plain scan throughout (the benchmark's comparison; same edges, slower). */
  constructor(radius: number, options: { scanBasis?: boolean } = {}) {
    if (!(radius > 0)) throw new RangeError(`radius must be positive, not ${radius}`);
    this.radius = radius;
    this.useBasis = options.scanBasis ?? true;
  }

  get size(): number {
    return this.nodes.size;
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  face(id: string): ClusterFace | undefined {
    return this.nodes.get(id)?.face;
  }

  ids(): string[] {
    return [...this.nodes.keys()];
  }

  /** Neighbours of a face (id → distance); empty for an unknown id. */
  neighbours(id: string): ReadonlyMap<string, number> {
    return this.nodes.get(id)?.edges ?? new Map();
  }

  private slotFor(encoding: Encoding): number {
    const reused = this.free.pop();
    const slot = reused ?? this.slots.length;
    if (reused === undefined) this.slots.push(null);
    if ((slot + 1) * this.dim > this.data.length) {
      const grown = new Float32Array(Math.max(1024, this.slots.length * 2) * this.dim);
      grown.set(this.data);
      this.data = grown;
    }
    this.writeSlot(slot, encoding);
    return slot;
  }

  private writeSlot(slot: number, encoding: Encoding): void {
    const v = fusedVector(encoding);
    const at = slot * this.dim;
    if (this.basis) {
      projectOnto(this.basis, v, this.data, at);
      this.data.set(v, at + this.basis.k);
    } else this.data.set(v, at);
  }

  /**
   * Fits the scan basis on the faces now in the graph and re-lays every slot with its projection in front:
   * from here on most pairs stop within the first SCAN_BASIS_DIMS numbers. Only for long encodings (the fused 640).
   */
  private fitBasis(): void {
    const live = this.slots.filter((n): n is Node => n !== null);
    this.basis = fitScanBasis(live.slice(0, SCAN_BASIS_SAMPLE).map((n) => fusedVector(n.face.encoding)), SCAN_BASIS_DIMS);
    this.dim = this.encodingLength + SCAN_BASIS_DIMS;
    this.data = new Float32Array(Math.max(1024, this.slots.length * 2) * this.dim);
    this.slots.forEach((node, slot) => {
      if (node) this.writeSlot(slot, node.face.encoding);
    });
  }

  /** Adds faces (a face id already present is replaced). Costs one distance per face pair. */
  add(faces: Iterable<ClusterFace>): void {
    const r2 = this.radius * this.radius;
    for (const face of faces) {
      if (this.nodes.has(face.id)) this.remove([face.id]);
      if (this.encodingLength === 0) this.encodingLength = this.dim = face.encoding.length;
      if (face.encoding.length !== this.encodingLength) {
        this.addAside(face);
        continue;
      }
      if (!this.basis && this.useBasis && this.encodingLength >= SCAN_BASIS_MIN_LENGTH && this.nodes.size - this.aside.size >= SCAN_BASIS_SAMPLE) this.fitBasis();
      const slot = this.slotFor(face.encoding);
      const node = { face, edges: new Map<string, number>(), slot };
      this.linkAside(node);
      const { data, dim, slots } = this;
      const head = this.basis ? this.basis.k : 0;
      const limit = r2 * (1 + SCAN_SLACK) + 1e-12;
      const a = slot * dim;
      for (let s = 0; s < slots.length; s++) {
        const other = slots[s];
        if (!other || s === slot) continue;
        const b = s * dim;
        // With the basis, the first `head` numbers are the pair's distance along the fitted directions, a
        // lower bound of the whole: most pairs are over the radius there. The rest is the fused vector.
        if (head > 0 && squaredDistanceUpTo(data, a, b, head, limit) > limit) continue;
        // The scan's float32 vectors are rounded: a slack, then the exact distance() decides, so the graph
        // does not depend on the order faces came in (nor on the basis).
        if (squaredDistanceUpTo(data, a + head, b + head, dim - head, limit) <= limit) {
          const d = distance(face.encoding, other.face.encoding);
          if (d <= this.radius) {
            node.edges.set(other.face.id, d);
            other.edges.set(face.id, d);
          }
        }
      }
      slots[slot] = node;
      this.nodes.set(face.id, node);
    }
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      const node = this.nodes.get(id);
      if (!node) continue;
      for (const other of node.edges.keys()) this.nodes.get(other)?.edges.delete(id);
      this.nodes.delete(id);
      if (node.slot < 0) {
        this.aside.delete(node);
        continue;
      }
      this.slots[node.slot] = null;
      this.free.push(node.slot);
    }
  }

  /** Links `node` with every face kept aside (those are compared one by one). */
  private linkAside(node: Node): void {
    for (const other of this.aside) {
      const d = distance(node.face.encoding, other.face.encoding);
      if (d <= this.radius) {
        node.edges.set(other.face.id, d);
        other.edges.set(node.face.id, d);
      }
    }
  }

  /** A face of another encoding length than the graph's: compared with every face by faceDistance. */
  private addAside(face: ClusterFace): void {
    const node = { face, edges: new Map<string, number>(), slot: -1 };
    for (const other of this.nodes.values()) {
      const d = distance(face.encoding, other.face.encoding);
      if (d <= this.radius) {
        node.edges.set(other.face.id, d);
        other.edges.set(face.id, d);
      }
    }
    this.aside.add(node);
    this.nodes.set(face.id, node);
  }
}

/** Clusters `faces` at once (what an incremental `FaceGraph` + `groupFaces` gives for the same faces). */
export function clusterFaces(faces: readonly ClusterFace[], settings: ClusterSettings): Grouping {
  const graph = new FaceGraph(settings.threshold);
  graph.add(faces);
  return groupFaces(graph, settings);
}

/** The faces the groups are made of, in canonical order, and their edges within the threshold. */
interface Subgraph {
  ids: string[];
  photo: number[];
  encodings: Encoding[];
  /** Per face: [neighbour index, distance] sorted by index, within the threshold. */
  adjacency: Array<Array<[number, number]>>;
}

function subgraph(graph: FaceGraph, threshold: number, include?: (id: string) => boolean): Subgraph {
  const ids = graph
    .ids()
    .filter((id) => !include || include(id))
    .sort(compareIds);
  const index = new Map(ids.map((id, i) => [id, i]));
  const photoIndex = new Map<string, number>();
  const photo: number[] = [];
  const encodings: Encoding[] = [];
  const adjacency: Array<Array<[number, number]>> = [];
  for (const id of ids) {
    const face = graph.face(id) as ClusterFace;
    let p = photoIndex.get(face.photo);
    if (p === undefined) photoIndex.set(face.photo, (p = photoIndex.size));
    photo.push(p);
    encodings.push(face.encoding);
    const list: Array<[number, number]> = [];
    for (const [other, d] of graph.neighbours(id)) {
      const j = index.get(other);
      if (j !== undefined && d <= threshold) list.push([j, d]);
    }
    list.sort((a, b) => a[0] - b[0]);
    adjacency.push(list);
  }
  return { ids, photo, encodings, adjacency };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Groups the faces of `graph` that `include` accepts (all when omitted). `settings.threshold` must not
 * exceed the graph's radius.
 */
export function groupFaces(graph: FaceGraph, settings: ClusterSettings, include?: (id: string) => boolean): Grouping {
  if (settings.threshold > graph.radius + 1e-12) {
    throw new RangeError(`threshold ${settings.threshold} is beyond the graph's radius ${graph.radius}`);
  }
  // Average linkage uses every edge of the graph (pairs beyond the threshold count in a group's mean).
  const g = subgraph(graph, settings.method === 'average-linkage' ? graph.radius : settings.threshold, include);
  const label =
    settings.method === 'chinese-whispers'
      ? chineseWhispers(g, settings)
      : settings.method === 'density'
        ? density(g, settings.minNeighbours ?? 1)
        : averageLinkage(g, settings.threshold, graph.radius);
  return toGrouping(g.ids, label);
}

/** Groups from one label per face: largest first, ties by the smallest member index. */
function toGrouping(ids: readonly string[], label: readonly number[]): Grouping {
  const members = new Map<number, number[]>();
  label.forEach((l, i) => {
    const list = members.get(l);
    if (list) list.push(i);
    else members.set(l, [i]);
  });
  const lists = [...members.values()].sort((a, b) => b.length - a.length || (a[0] as number) - (b[0] as number));
  const groups = lists.map((list) => list.map((i) => ids[i] as string));
  const groupOf = new Map<string, number>();
  groups.forEach((group, g) => group.forEach((id) => groupOf.set(id, g)));
  return { groups, groupOf };
}


/** Faces sharing a photo, per face (cannot-link partners). */
function partnersOf(photo: readonly number[]): number[][] {
  const byPhoto = new Map<number, number[]>();
  photo.forEach((p, i) => {
    const list = byPhoto.get(p);
    if (list) list.push(i);
    else byPhoto.set(p, [i]);
  });
  return photo.map((p, i) => (byPhoto.get(p) as number[]).filter((j) => j !== i));
}

function chineseWhispers(g: Subgraph, settings: ClusterSettings): number[] {
  const n = g.ids.length;
  const label = Array.from({ length: n }, (_, i) => i);
  const partners = partnersOf(g.photo);
  const closeness = settings.weights === 'closeness';
  const random = seededRandom(settings.seed ?? 1);
  const order = Array.from({ length: n }, (_, i) => i);
  const iterations = settings.iterations ?? 100;
  const score = new Map<number, number>();
  for (let pass = 0; pass < iterations; pass++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    let changed = 0;
    for (const v of order) {
      score.clear();
      // dlib links each face to itself with weight 1; by closeness, only neighbours count.
      if (!closeness) score.set(label[v] as number, 1);
      for (const [u, d] of g.adjacency[v] as Array<[number, number]>) {
        const l = label[u] as number;
        score.set(l, (score.get(l) ?? 0) + (closeness ? 1 - d / settings.threshold : 1));
      }
      // A group another face of this photo is in is not one this face may join.
      for (const p of partners[v] as number[]) if (label[p] !== label[v]) score.delete(label[p] as number);
      // The best-scored group; a tie goes to the smallest label (dlib's order).
      let best = label[v] as number;
      let bestScore = score.get(best) ?? 0;
      for (const [l, s] of score) {
        if (s > bestScore + 1e-9 || (Math.abs(s - bestScore) <= 1e-9 && l < best)) {
          best = l;
          bestScore = s;
        }
      }
      if (best !== label[v]) {
        label[v] = best;
        changed++;
      }
    }
    if (changed === 0) break;
  }
  return label;
}

/** Union-find over groups that also keeps each group's photos, to refuse cannot-link merges. */
class ConstrainedSets {
  private readonly parent: number[];
  private readonly photos: Array<Set<number>>;

  constructor(photo: readonly number[]) {
    this.parent = photo.map((_, i) => i);
    this.photos = photo.map((p) => new Set([p]));
  }

  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r] as number;
    while (this.parent[i] !== r) {
      const next = this.parent[i] as number;
      this.parent[i] = r;
      i = next;
    }
    return r;
  }

  /** Joins the groups of a and b unless they hold a common photo; says whether they are now one. */
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return true;
    let pa = this.photos[ra] as Set<number>;
    let pb = this.photos[rb] as Set<number>;
    if (pa.size < pb.size) {
      [ra, rb] = [rb, ra];
      [pa, pb] = [pb, pa];
    }
    for (const p of pb) if (pa.has(p)) return false;
    for (const p of pb) pa.add(p);
    this.parent[rb] = ra;
    return true;
  }
}

function sortedEdges(g: Subgraph, accept: (i: number, j: number) => boolean): Array<[number, number, number]> {
  const edges: Array<[number, number, number]> = [];
  g.adjacency.forEach((list, i) => {
    for (const [j, d] of list) if (i < j && accept(i, j)) edges.push([d, i, j]);
  });
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  return edges;
}

function density(g: Subgraph, minNeighbours: number): number[] {
  const core = g.adjacency.map((list) => list.length >= minNeighbours);
  const sets = new ConstrainedSets(g.photo);
  for (const [, i, j] of sortedEdges(g, (i, j) => !!core[i] && !!core[j])) sets.union(i, j);
  // A face that is not core joins its nearest core neighbour's group, where no other face of its photo is.
  g.adjacency.forEach((list, i) => {
    if (core[i]) return;
    const byDistance = list.filter(([j]) => core[j]).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    for (const [j] of byDistance) if (sets.union(j, i)) break;
  });
  return g.ids.map((_, i) => sets.find(i));
}

/** A binary min-heap of [key, a, b] (ties by a, then b). */
class Heap {
  private readonly items: Array<[number, number, number]> = [];

  get size(): number {
    return this.items.length;
  }

  private less(x: [number, number, number], y: [number, number, number]): boolean {
    return x[0] < y[0] || (x[0] === y[0] && (x[1] < y[1] || (x[1] === y[1] && x[2] < y[2])));
  }

  push(item: [number, number, number]): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): [number, number, number] | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Average linkage over a sparse graph, exactly: `g` holds every pair within `radius` (>= threshold); a
 * pair of groups is keyed by a lower bound of its mean distance (pairs not in the graph counted at
 * `radius`) and its exact mean is computed only when that bound comes first, so the pair merged is always
 * the one with the smallest exact mean, while most pairs of groups never need one.
 */
function averageLinkage(g: Subgraph, threshold: number, radius: number): number[] {
  const n = g.ids.length;
  // Group = its smallest face index; its members, photos, and per linked group: the sum of the known
  // pair distances and how many pairs that sum covers.
  const members: number[][] = g.ids.map((_, i) => [i]);
  const photos: Array<Set<number>> = g.photo.map((p) => new Set([p]));
  const links: Array<Map<number, { sum: number; known: number }>> = g.adjacency.map(
    (list) => new Map(list.map(([j, d]) => [j, { sum: d, known: 1 }])),
  );
  const alive = new Array<boolean>(n).fill(true);
  const heap = new Heap();
  const bound = (a: number, b: number, link: { sum: number; known: number }) => {
    const pairs = members[a]!.length * members[b]!.length;
    return (link.sum + (pairs - link.known) * radius) / pairs;
  };
  const exact = (a: number, b: number, link: { known: number }) => link.known === members[a]!.length * members[b]!.length;
  for (let i = 0; i < n; i++) for (const [j, d] of g.adjacency[i]!) if (i < j && d <= threshold) heap.push([d, i, j]);
  const sumBetween = (a: number, b: number): number => {
    let s = 0;
    for (const i of members[a]!) for (const j of members[b]!) s += distance(g.encodings[i]!, g.encodings[j]!);
    return s;
  };
  const shares = (a: number, b: number): boolean => {
    const [small, large] = photos[a]!.size < photos[b]!.size ? [photos[a]!, photos[b]!] : [photos[b]!, photos[a]!];
    for (const p of small) if (large.has(p)) return true;
    return false;
  };
  for (;;) {
    const top = heap.pop();
    if (!top) break;
    const [key, a, b] = top;
    if (key > threshold) break;
    if (!alive[a] || !alive[b]) continue;
    const link = links[a]!.get(b);
    // A stale entry: the pair changed since it was pushed (a newer entry holds the current key).
    if (link === undefined || bound(a, b, link) !== key) continue;
    if (shares(a, b)) continue; // groups only grow: these two can never be merged
    if (!exact(a, b, link)) {
      // The bound came first: compute the exact mean, and let it take its place.
      link.sum = sumBetween(a, b);
      link.known = members[a]!.length * members[b]!.length;
      links[b]!.set(a, link);
      const m = bound(a, b, link);
      if (m <= threshold) heap.push([m, a, b]);
      continue;
    }
    // Merge b into a (a < b: a group stays named by its smallest face).
    const into = a;
    const from = b;
    const linked = new Set([...links[into]!.keys(), ...links[from]!.keys()]);
    linked.delete(into);
    linked.delete(from);
    const merged = new Map<number, { sum: number; known: number }>();
    for (const c of linked) {
      const x = links[into]!.get(c);
      const y = links[from]!.get(c);
      merged.set(c, { sum: (x?.sum ?? 0) + (y?.sum ?? 0), known: (x?.known ?? 0) + (y?.known ?? 0) });
    }
    for (const c of links[from]!.keys()) links[c]!.delete(from);
    members[into]!.push(...members[from]!);
    for (const p of photos[from]!) photos[into]!.add(p);
    alive[from] = false;
    links[from] = new Map();
    members[from] = [];
    links[into] = merged;
    for (const [c, l] of merged) {
      links[c]!.set(into, l);
      const m = bound(into, c, l);
      if (m <= threshold) heap.push([m, Math.min(into, c), Math.max(into, c)]);
    }
  }
  const label = new Array<number>(n).fill(0);
  members.forEach((list, group) => list.forEach((i) => (label[i] = group)));
  return label;
}
