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
import { fitScanBasis, projectMany, type ScanBasis } from './scan-basis';
import { scanRowsWithKernel, SIMD_MIN_ROWS } from './scan-kernel';
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

/** A copy of `data` in a longer array. */
function grown32(data: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(length);
  out.set(data);
  return out;
}

/** A copy of `data` in a longer array. */
function grown(data: Float32Array, length: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(length);
  out.set(data);
  return out;
}

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

/** ScanView.order of a slot without a face, and of one whose face is in the graph (scanned by every row). */
const FREE_SLOT = -1;
const IN_GRAPH = -2;

/** What the distance scan reads (FaceGraph; a copy of it can be scanned in another worker). */
export interface ScanView {
  /** Per slot, the face's fused vector (n numbers) and its coordinates along the scan basis (k; 0: none). */
  vectors: Float32Array;
  heads: Float32Array;
  n: number;
  k: number;
  /** Per slot: FREE_SLOT, IN_GRAPH, or t for the face of row t (being added: it reads the rows before it). */
  order: Int32Array;
  /** Per row, the slot of the face being added. */
  rows: Int32Array;
  /** The radius², with the float32 scan's slack. */
  limit: number;
}

/**
 * Scans rows from..to: for each, every slot in the graph or of an earlier row. Returns the [row, slot]
 * pairs whose float32 distance is within the limit (the exact distance decides, FaceGraph.link), flat.
 * Many rows go through the WebAssembly SIMD kernel (scan-kernel.ts), a few in JavaScript: the same pairs.
 */
export function scanRows(view: ScanView, from: number, to: number): Int32Array {
  return (to - from >= SIMD_MIN_ROWS ? scanRowsWithKernel(view, from, to) : null) ?? scanRowsInJs(view, from, to);
}

/** scanRows in JavaScript: where the WebAssembly kernel (scan-kernel.ts) does not pay or cannot run. */
export function scanRowsInJs(view: ScanView, from: number, to: number): Int32Array {
  const { vectors, heads, n, k, order, rows, limit } = view;
  let found = new Int32Array(1024);
  let count = 0;
  for (let t = from; t < to; t++) {
    const slot = rows[t]!;
    const a = slot * n;
    const ha = slot * k;
    for (let s = 0; s < order.length; s++) {
      const o = order[s]!;
      if (o === FREE_SLOT || o >= t) continue;
      // With the basis, the pair's distance along the fitted directions, a lower bound of the whole:
      // most pairs are over the radius there. Then the fused vectors.
      if (k > 0 && squaredDistanceUpTo(heads, ha, s * k, k, limit) > limit) continue;
      if (squaredDistanceUpTo(vectors, a, s * n, n, limit) > limit) continue;
      if (count + 2 > found.length) found = grown32(found, found.length * 2);
      found[count++] = t;
      found[count++] = s;
    }
  }
  return found.slice(0, count);
}

/**
 * The neighbour graph of a growing (or shrinking) set of faces. Encodings are kept in contiguous
 * Float32Arrays (a slot per face, reused after removals) so the distance scan over every face is a tight
 * loop; each distance stops as soon as it is certain to be over the radius. `vectors` holds each encoding's
 * `fusedVector` (plain Euclidean = fused distance); once 256 faces are in, `heads` holds each one's
 * coordinates along 96 fitted directions (scan-basis.ts), in an array of its own so the first pass over
 * every face reads 384 bytes a face, not the whole slot: their distance is a lower bound of the whole one,
 * over the radius for most pairs of different people, so the vectors are scanned for few pairs. Faces whose
 * encodings are of another length than the first (face-api's part alone, stored before the second
 * recognizer) are kept aside and compared with faceDistance one by one.
 */
export class FaceGraph {
  readonly radius: number;
  private readonly nodes = new Map<string, Node & { slot: number }>();
  /** Length of the encodings kept in slots (the first face's). */
  private encodingLength = 0;
  /** Per slot, the fused vector (encodingLength numbers). */
  private vectors = new Float32Array(0);
  /** Per slot, its projection on the basis (basis.k numbers); empty until the basis is fitted. */
  private heads = new Float32Array(0);
  /** Fitted once SCAN_BASIS_SAMPLE faces of a long enough encoding are in the graph; never refitted. */
  private basis: ScanBasis | null = null;
  private readonly useBasis: boolean;
  /** The face in each slot (null: free). */
  private slots: Array<Node | null> = [];
  /** Per slot, what the scan reads of it (ScanView.order): FREE_SLOT, IN_GRAPH, or a face being added. */
  private order = new Int32Array(0);
  private free: number[] = [];
  /** Faces of another encoding length than the slots' (see above). */
  private readonly aside = new Set<Node>();
  /** Slots staged since the basis exists whose projection waits for one projectMany (stageAll). */
  private unprojected: number[] = [];
  /** The faces in canonical order with their edges (canonical()); dropped when a face comes or goes. */
  private canonicalCache: CanonicalGraph | null = null;

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

  /**
   * Every face in canonical order (ids sorted) with its edges by index, sorted: made once and kept until a
   * face is added or removed, so grouping again (another tolerance, other known people) starts from it.
   */
  canonical(): CanonicalGraph {
    if (this.canonicalCache) return this.canonicalCache;
    const ids = this.ids().sort(compareIds);
    const index = new Map(ids.map((id, i) => [id, i]));
    const photoIndex = new Map<string, number>();
    const faces: ClusterFace[] = [];
    const photo = new Int32Array(ids.length);
    const start = new Int32Array(ids.length + 1);
    let edges = 0;
    for (const id of ids) edges += this.neighbours(id).size;
    const to = new Int32Array(edges);
    const dist = new Float64Array(edges);
    let e = 0;
    ids.forEach((id, i) => {
      const node = this.nodes.get(id)!;
      faces.push(node.face);
      let p = photoIndex.get(node.face.photo);
      if (p === undefined) photoIndex.set(node.face.photo, (p = photoIndex.size));
      photo[i] = p;
      start[i] = e;
      const list: Array<[number, number]> = [];
      node.edges.forEach((d, other) => list.push([index.get(other)!, d]));
      list.sort((a, b) => a[0] - b[0]);
      for (const [j, d] of list) {
        to[e] = j;
        dist[e++] = d;
      }
    });
    start[ids.length] = e;
    return (this.canonicalCache = { ids, faces, photo, start, to, dist });
  }

  private slotFor(encoding: Encoding): number {
    const reused = this.free.pop();
    const slot = reused ?? this.slots.length;
    if (reused === undefined) this.slots.push(null);
    if ((slot + 1) * this.encodingLength > this.vectors.length) {
      const capacity = Math.max(1024, this.slots.length * 2);
      this.vectors = grown(this.vectors, capacity * this.encodingLength);
      if (this.basis) this.heads = grown(this.heads, capacity * this.basis.k);
      const order = new Int32Array(capacity).fill(FREE_SLOT);
      order.set(this.order);
      this.order = order;
    }
    this.writeSlot(slot, encoding);
    return slot;
  }

  private writeSlot(slot: number, encoding: Encoding): void {
    const v = fusedVector(encoding);
    this.vectors.set(v, slot * this.encodingLength);
    if (this.basis) this.unprojected.push(slot);
  }

  /**
   * Fits the scan basis on the faces now in the graph and has every slot projected (stageAll): from here on most pairs
   * stop within the first SCAN_BASIS_DIMS numbers. Only for long encodings (the fused 640).
   */
  private fitBasis(): void {
    const n = this.encodingLength;
    const live: number[] = [];
    this.slots.forEach((node, slot) => node && live.push(slot));
    const basis = fitScanBasis(live.slice(0, SCAN_BASIS_SAMPLE).map((slot) => this.vectors.subarray(slot * n, (slot + 1) * n)), SCAN_BASIS_DIMS);
    this.basis = basis;
    this.heads = new Float32Array((this.vectors.length / n) * basis.k);
    // Every face in the graph is projected with the faces being staged (stageAll).
    this.unprojected = live;
  }

  /**
   * Adds faces (a face id already present is replaced; given twice, the last counts). Costs one distance
   * per face pair: all of them staged, then scanned as rows of one view (many rows at once go through the
   * WebAssembly kernel).
   */
  add(faces: Iterable<ClusterFace>): void {
    const staged = this.stageAll(faces);
    const view = this.scanView(Int32Array.from(staged, (node) => node.slot));
    this.link(staged, scanRows(view, 0, staged.length));
  }

  /**
   * Adds many faces at once (a reload's stored faces) with the distance scan split in two: `elsewhere`
   * scans the rows from `split` on, over a copy of the view (another worker running scanRows), while this
   * thread scans the others. The same graph as add() gives: it depends on the faces only, not their order.
   * Where `elsewhere` fails (throws or rejects), this thread scans its rows too.
   */
  async addSplit(faces: readonly ClusterFace[], elsewhere: (view: ScanView, from: number, to: number) => Promise<Int32Array>): Promise<void> {
    const staged = this.stageAll(faces);
    const view = this.scanView(Int32Array.from(staged, (node) => node.slot));
    // Row t reads the faces already in the graph and the t before it: split the pairs evenly.
    const before = this.nodes.size - this.aside.size - staged.length;
    const half = (staged.length * before + (staged.length * staged.length) / 2) / 2;
    const split = Math.min(staged.length, Math.round(-before + Math.sqrt(before * before + 2 * half)));
    let there: Promise<Int32Array | null>;
    try {
      there = elsewhere(view, split, staged.length).catch(() => null);
    } catch {
      there = Promise.resolve(null);
    }
    const here = scanRows(view, 0, split);
    const far = (await there) ?? scanRows(view, split, staged.length);
    this.link(staged, here);
    this.link(staged, far);
  }

  /**
   * Stages faces (the last of one id; one already in the graph is replaced) as the rows of a scan, in order:
   * each slot's order is its row. Their projections on the scan basis are written in one batch at the end.
   */
  private stageAll(faces: Iterable<ClusterFace>): Array<Node & { slot: number }> {
    const last = new Map<string, ClusterFace>();
    for (const f of faces) last.set(f.id, f);
    this.remove(last.keys());
    const staged: Array<Node & { slot: number }> = [];
    try {
      for (const face of last.values()) {
        const node = this.stage(face);
        if (node) staged.push(node);
      }
    } finally {
      if (this.basis) projectMany(this.basis, this.vectors, this.encodingLength, this.unprojected, this.heads);
      this.unprojected = [];
    }
    staged.forEach((node, t) => (this.order[node.slot] = t));
    return staged;
  }

  /**
   * Puts a face in the graph without its edges to other slots (those come from a scan, then link()): its
   * slot and vector, the basis once due, its edges to the faces kept aside. Null for a face kept aside
   * (another encoding length: linked at once, one by one). stageAll has removed a face of the same id.
   */
  private stage(face: ClusterFace): (Node & { slot: number }) | null {
    this.canonicalCache = null;
    if (this.encodingLength === 0) this.encodingLength = face.encoding.length;
    if (face.encoding.length !== this.encodingLength) {
      this.addAside(face);
      return null;
    }
    if (!this.basis && this.useBasis && this.encodingLength >= SCAN_BASIS_MIN_LENGTH && this.nodes.size - this.aside.size >= SCAN_BASIS_SAMPLE) this.fitBasis();
    const slot = this.slotFor(face.encoding);
    const node = { face, edges: new Map<string, number>(), slot };
    this.linkAside(node);
    this.slots[slot] = node;
    this.nodes.set(face.id, node);
    return node;
  }

  /** What scanRows reads, for these rows (the slots of faces being added, in order). */
  private scanView(rows: Int32Array): ScanView {
    return {
      vectors: this.vectors,
      heads: this.heads,
      n: this.encodingLength,
      k: this.basis ? this.basis.k : 0,
      order: this.order.subarray(0, this.slots.length),
      rows,
      limit: this.radius * this.radius * (1 + SCAN_SLACK) + 1e-12,
    };
  }

  /**
   * The scan's candidates ([row, slot] pairs) of `staged` (row t: staged[t]) become edges where the exact
   * distance() is within the radius: the scan's float32 vectors are rounded, so the graph depends neither on
   * the order faces came in nor on the basis. The staged faces are then part of the graph for later scans.
   */
  private link(staged: ReadonlyArray<Node & { slot: number }>, candidates: Int32Array): void {
    for (let c = 0; c < candidates.length; c += 2) {
      const node = staged[candidates[c]!]!;
      const other = this.slots[candidates[c + 1]!]!;
      const d = distance(node.face.encoding, other.face.encoding);
      if (d <= this.radius) {
        node.edges.set(other.face.id, d);
        other.edges.set(node.face.id, d);
      }
    }
    for (const node of staged) this.order[node.slot] = IN_GRAPH;
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      const node = this.nodes.get(id);
      if (!node) continue;
      this.canonicalCache = null;
      for (const other of node.edges.keys()) this.nodes.get(other)?.edges.delete(id);
      this.nodes.delete(id);
      if (node.slot < 0) {
        this.aside.delete(node);
        continue;
      }
      this.slots[node.slot] = null;
      this.order[node.slot] = FREE_SLOT;
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

/**
 * A graph's faces in canonical order (ids sorted): their photos (numbered), and each face's edges as a run
 * of `to` / `dist` from `start[i]` to `start[i + 1]`, sorted by neighbour index.
 */
export interface CanonicalGraph {
  ids: string[];
  faces: ClusterFace[];
  photo: Int32Array;
  start: Int32Array;
  to: Int32Array;
  dist: Float64Array;
}

/**
 * The faces the groups are made of, in canonical order, and their edges within the threshold: face i's run
 * `to` / `dist` from `start[i]` to `start[i + 1]`, sorted by neighbour index (typed arrays: a re-grouping
 * allocates nothing per edge).
 */
interface Subgraph {
  ids: string[];
  photo: Int32Array;
  encodings: Encoding[];
  start: Int32Array;
  to: Int32Array;
  dist: Float64Array;
}

function subgraph(graph: FaceGraph, threshold: number, include?: (id: string) => boolean): Subgraph {
  const all = graph.canonical();
  // Each face's index among those included (-1: left out); the order stays canonical.
  const at = new Int32Array(all.ids.length);
  const ids: string[] = [];
  all.ids.forEach((id, i) => {
    at[i] = !include || include(id) ? ids.push(id) - 1 : -1;
  });
  const n = ids.length;
  const photo = new Int32Array(n);
  const encodings: Encoding[] = [];
  const start = new Int32Array(n + 1);
  const to = new Int32Array(all.to.length);
  const dist = new Float64Array(all.to.length);
  let e = 0;
  for (let i = 0; i < all.ids.length; i++) {
    const self = at[i]!;
    if (self < 0) continue;
    photo[self] = all.photo[i]!;
    encodings.push(all.faces[i]!.encoding);
    start[self] = e;
    for (let a = all.start[i]!, end = all.start[i + 1]!; a < end; a++) {
      const j = at[all.to[a]!]!;
      if (j >= 0 && all.dist[a]! <= threshold) {
        to[e] = j;
        dist[e++] = all.dist[a]!;
      }
    }
  }
  start[n] = e;
  return { ids, photo, encodings, start, to: to.subarray(0, e), dist: dist.subarray(0, e) };
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


const NO_PARTNERS: readonly number[] = [];

/**
 * Per face, the faces of its photo (cannot-link partners), itself included; one shared empty list for a
 * face alone in its photo (most are).
 */
function partnersOf(photo: Int32Array): ReadonlyArray<readonly number[]> {
  const byPhoto = new Map<number, number[]>();
  photo.forEach((p, i) => {
    const list = byPhoto.get(p);
    if (list) list.push(i);
    else byPhoto.set(p, [i]);
  });
  return Array.from(photo, (p) => {
    const list = byPhoto.get(p)!;
    return list.length > 1 ? list : NO_PARTNERS;
  });
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
      for (let e = g.start[v]!, end = g.start[v + 1]!; e < end; e++) {
        const l = label[g.to[e]!] as number;
        score.set(l, (score.get(l) ?? 0) + (closeness ? 1 - g.dist[e]! / settings.threshold : 1));
      }
      // A group another face of this photo is in is not one this face may join.
      for (const p of partners[v]!) if (label[p] !== label[v]) score.delete(label[p] as number);
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

  constructor(photo: Int32Array) {
    this.parent = Array.from(photo, (_, i) => i);
    this.photos = Array.from(photo, (p) => new Set([p]));
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
  for (let i = 0; i < g.ids.length; i++)
    for (let e = g.start[i]!, end = g.start[i + 1]!; e < end; e++) {
      const j = g.to[e]!;
      if (i < j && accept(i, j)) edges.push([g.dist[e]!, i, j]);
    }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  return edges;
}

function density(g: Subgraph, minNeighbours: number): number[] {
  const n = g.ids.length;
  const core = Array.from({ length: n }, (_, i) => g.start[i + 1]! - g.start[i]! >= minNeighbours);
  const sets = new ConstrainedSets(g.photo);
  for (const [, i, j] of sortedEdges(g, (i, j) => !!core[i] && !!core[j])) sets.union(i, j);
  // A face that is not core joins its nearest core neighbour's group, where no other face of its photo is.
  for (let i = 0; i < n; i++) {
    if (core[i]) continue;
    const byDistance: Array<[number, number]> = [];
    for (let e = g.start[i]!, end = g.start[i + 1]!; e < end; e++) if (core[g.to[e]!]) byDistance.push([g.to[e]!, g.dist[e]!]);
    byDistance.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    for (const [j] of byDistance) if (sets.union(j, i)) break;
  }
  return g.ids.map((_, i) => sets.find(i));
}

/**
 * A binary min-heap of candidate merges (key, lo, hi), ordered by key, then lo, then hi; each entry is
 * owned by a group, stamped with that group's version when pushed (so an entry is stale once its owner
 * changed) and names the link between the two groups. Parallel typed arrays: nothing is allocated per
 * entry; pop() leaves the first entry in the `top*` fields.
 */
class MergeHeap {
  private key = new Float64Array(256);
  private lo = new Int32Array(256);
  private hi = new Int32Array(256);
  private owner = new Int32Array(256);
  private stamp = new Int32Array(256);
  private link = new Int32Array(256);
  size = 0;
  topLo = 0;
  topHi = 0;
  topOwner = 0;
  topStamp = 0;
  topLink = 0;

  private before(i: number, j: number): boolean {
    const ki = this.key[i]!;
    const kj = this.key[j]!;
    if (ki !== kj) return ki < kj;
    if (this.lo[i] !== this.lo[j]) return this.lo[i]! < this.lo[j]!;
    return this.hi[i]! < this.hi[j]!;
  }

  /** Moves entry `from` to place `to`. */
  private move(from: number, to: number): void {
    this.key[to] = this.key[from]!;
    this.lo[to] = this.lo[from]!;
    this.hi[to] = this.hi[from]!;
    this.owner[to] = this.owner[from]!;
    this.stamp[to] = this.stamp[from]!;
    this.link[to] = this.link[from]!;
  }

  private swap(i: number, j: number): void {
    // The spare place at the end (capacity is kept one above size).
    const spare = this.key.length - 1;
    this.move(i, spare);
    this.move(j, i);
    this.move(spare, j);
  }

  push(key: number, lo: number, hi: number, owner: number, stamp: number, link: number): void {
    if (this.size + 1 >= this.key.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.key = grow(this.key, (n) => new Float64Array(n));
      this.lo = grow(this.lo, (n) => new Int32Array(n));
      this.hi = grow(this.hi, (n) => new Int32Array(n));
      this.owner = grow(this.owner, (n) => new Int32Array(n));
      this.stamp = grow(this.stamp, (n) => new Int32Array(n));
      this.link = grow(this.link, (n) => new Int32Array(n));
    }
    let i = this.size++;
    this.key[i] = key;
    this.lo[i] = lo;
    this.hi[i] = hi;
    this.owner[i] = owner;
    this.stamp[i] = stamp;
    this.link[i] = link;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes the first entry into the `top*` fields; call only when size > 0. */
  pop(): void {
    this.topLo = this.lo[0]!;
    this.topHi = this.hi[0]!;
    this.topOwner = this.owner[0]!;
    this.topStamp = this.stamp[0]!;
    this.topLink = this.link[0]!;
    const last = --this.size;
    if (last > 0) {
      this.move(last, 0);
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < last && this.before(l, m)) m = l;
        if (r < last && this.before(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
  }
}

/**
 * Average linkage over a sparse graph, exactly: `g` holds every pair within `radius` (>= threshold). A pair
 * of groups is keyed by a lower bound of its mean distance (pairs not in the graph counted at `radius`),
 * the exact mean once computed; the exact mean is computed only when that bound comes first, so the pair
 * merged is always the one with the smallest exact mean (ties: the smaller group ids), while most pairs of
 * groups never need one. Each group keeps its best partner (smallest key within the threshold) and the
 * heap holds one live entry per group: a merge re-reads the links of the merged group and of the groups
 * whose best partner it took, not every entry any group ever had.
 */
function averageLinkage(g: Subgraph, threshold: number, radius: number): number[] {
  const n = g.ids.length;
  // Group = its smallest face index: its members and links to other groups (and each face's group). A link (one per pair
  // of linked groups, serving both) holds its two groups, the sum of the distances of their face pairs
  // known so far, how many pairs that sum covers, and whether they are known to share a photo (then they
  // never merge: groups only grow). Links live in typed arrays; a group lists its links by number, in the
  // order they came (dead ones — absorbed by a merge — are dropped as the list is read).
  const members: number[][] = g.ids.map((_, i) => [i]);
  const groupOf = Int32Array.from({ length: n }, (_, i) => i);
  const partners = partnersOf(g.photo);
  const lists: number[][] = g.ids.map(() => []);
  // Every edge is in the runs of both its faces.
  const linkCount = g.to.length / 2;
  const linkEnds = new Int32Array(2 * linkCount);
  const linkSum = new Float64Array(linkCount);
  const linkKnown = new Int32Array(linkCount);
  const linkBlocked = new Uint8Array(linkCount);
  const linkDead = new Uint8Array(linkCount);
  let next = 0;
  for (let i = 0; i < n; i++)
    for (let e = g.start[i]!, end = g.start[i + 1]!; e < end; e++) {
      const j = g.to[e]!;
      if (i >= j) continue;
      linkEnds[2 * next] = i;
      linkEnds[2 * next + 1] = j;
      linkSum[next] = g.dist[e]!;
      linkKnown[next] = 1;
      lists[i]!.push(next);
      lists[j]!.push(next);
      next++;
    }
  /** The group at the other end of `link` from `group`. */
  const across = (link: number, group: number) => (linkEnds[2 * link] === group ? linkEnds[2 * link + 1]! : linkEnds[2 * link]!);
  const version = new Int32Array(n);
  const bestKey = new Float64Array(n).fill(Infinity);
  const bestPartner = new Int32Array(n).fill(-1);
  const heap = new MergeHeap();
  const pairsOf = (a: number, b: number) => members[a]!.length * members[b]!.length;
  const keyOf = (a: number, b: number, link: number) => {
    const pairs = pairsOf(a, b);
    return (linkSum[link]! + (pairs - linkKnown[link]!) * radius) / pairs;
  };
  // Whether pair (a, b) at key k comes before pair (c, d) at key l: by key, then the smaller ids.
  const before = (k: number, a: number, b: number, l: number, c: number, d: number) => {
    if (k !== l) return k < l;
    const a0 = a < b ? a : b;
    const c0 = c < d ? c : d;
    return a0 !== c0 ? a0 < c0 : a + b - a0 < c + d - c0;
  };
  const publish = (group: number, partner: number, key: number, link: number) => {
    version[group]!++;
    bestKey[group] = key;
    bestPartner[group] = partner;
    if (partner >= 0) heap.push(key, Math.min(group, partner), Math.max(group, partner), group, version[group]!, link);
  };
  /** Re-reads every link of `group` for its best partner (and drops its dead links from its list). */
  const refresh = (group: number) => {
    let key = Infinity;
    let partner = -1;
    let best = -1;
    const list = lists[group]!;
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      const link = list[i]!;
      if (linkDead[link]) continue;
      list[kept++] = link;
      if (linkBlocked[link]) continue;
      const c = across(link, group);
      const k = keyOf(group, c, link);
      if (k <= threshold && (partner < 0 || before(k, group, c, key, group, partner))) {
        key = k;
        partner = c;
        best = link;
      }
    }
    list.length = kept;
    publish(group, partner, key, best);
  };
  /** The link of `group` to `c` changed while its best partner is another group: it may come first now. */
  const offer = (group: number, c: number, link: number) => {
    if (linkBlocked[link]) return;
    const k = keyOf(group, c, link);
    const partner = bestPartner[group]!;
    if (k <= threshold && (partner < 0 || before(k, group, c, bestKey[group]!, group, partner))) publish(group, c, k, link);
  };
  const sumBetween = (a: number, b: number): number => {
    let s = 0;
    for (const i of members[a]!) for (const j of members[b]!) s += distance(g.encodings[i]!, g.encodings[j]!);
    return s;
  };
  /** Whether a face of group a and one of group b share a photo. */
  const shares = (a: number, b: number): boolean => {
    const [small, other] = members[a]!.length < members[b]!.length ? [a, b] : [b, a];
    for (const i of members[small]!) for (const j of partners[i]!) if (groupOf[j] === other) return true;
    return false;
  };
  // Per group, its link to the merged group a while b's links are moved over (-1: none).
  const linkToA = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) refresh(i);
  while (heap.size > 0) {
    heap.pop();
    const { topLo: a, topHi: b, topOwner: owner, topStamp: stamp, topLink: link } = heap;
    // An entry its owner has replaced since: its current best has an entry of its own.
    if (stamp !== version[owner]) continue;
    if (shares(a, b)) {
      linkBlocked[link] = 1;
      refresh(a);
      refresh(b);
      continue;
    }
    if (linkKnown[link] !== pairsOf(a, b)) {
      // The bound came first: compute the exact mean, and let it take its place.
      linkSum[link] = sumBetween(a, b);
      linkKnown[link] = pairsOf(a, b);
      refresh(a);
      refresh(b);
      continue;
    }
    // Merge b into a (a < b: a group stays named by its smallest face); b's links become a's: one to a
    // group a is linked to already is absorbed by a's, any other now ends at a.
    linkDead[link] = 1;
    const into = lists[a]!;
    for (const x of into) if (!linkDead[x]) linkToA[across(x, a)] = x;
    for (const y of lists[b]!) {
      if (linkDead[y]) continue;
      const c = across(y, b);
      const x = linkToA[c]!;
      if (x >= 0) {
        linkSum[x]! += linkSum[y]!;
        linkKnown[x]! += linkKnown[y]!;
        linkBlocked[x]! |= linkBlocked[y]!;
        linkDead[y] = 1;
      } else {
        linkEnds[linkEnds[2 * y] === b ? 2 * y : 2 * y + 1] = a;
        into.push(y);
      }
    }
    for (const x of into) linkToA[across(x, a)] = -1;
    for (const i of members[b]!) {
      members[a]!.push(i);
      groupOf[i] = a;
    }
    members[b] = [];
    lists[b] = [];
    publish(b, -1, Infinity, -1);
    refresh(a);
    for (const l of lists[a]!) {
      const c = across(l, a);
      if (bestPartner[c] === a || bestPartner[c] === b) refresh(c);
      else offer(c, a, l);
    }
  }
  const label = new Array<number>(n).fill(0);
  members.forEach((list, group) => list.forEach((i) => (label[i] = group)));
  return label;
}
