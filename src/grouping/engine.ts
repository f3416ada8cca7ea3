/**
 * What the grouping worker holds and does, as plain TypeScript (testable without a worker): the faces of
 * every result, the known people, and the neighbour graph of the faces (grown as photos finish). Asked for
 * groups at a tolerance, it labels each photo's faces with the app's own matching, groups those nobody
 * knows (minus the ones taken out) and applies the user's edits. A tolerance or known-people change costs
 * labelling and grouping only: no distance between two faces is computed again, no model runs.
 */
import { FaceGraph, groupFaces, type ClusterFace, type ScanView } from '../domain/clustering';
import {
  applyGroupEdits,
  faceKey,
  GROUPING,
  GROUPING_RADIUS,
  nearMiss,
  parseFaceKey,
  SUGGESTED_GROUPS,
  SUGGESTION_FACES,
  type FaceGroup,
  type GroupEdits,
} from '../domain/groups';
import { indexKnownFaces, labelFaces, type KnownPeopleIndex } from '../domain/matching';
import { UNKNOWN_PERSON, type Encoding, type KnownFace } from '../domain/types';

export interface GroupingPhoto {
  id: string;
  /** The photo's face encodings, left to right. */
  encodings: Encoding[];
}

export interface GroupsResult {
  groups: FaceGroup[];
  /** Faces grouped (not named at the tolerance, not taken out). */
  faces: number;
  /** Time spent in this call. */
  ms: number;
}

/** Faces added at once from which the distance scan is split with another thread (FaceGraph.addSplit). */
export const SPLIT_SCAN_FACES = 1000;

export interface GroupingEngineOptions {
  /** Scans rows of a graph view on another thread (the scan worker); absent: every scan here. */
  scanElsewhere?: (view: ScanView, from: number, to: number) => Promise<Int32Array>;
}

export class GroupingEngine {
  private readonly graph = new FaceGraph(GROUPING_RADIUS);
  private readonly scanElsewhere: GroupingEngineOptions['scanElsewhere'];
  private readonly photos = new Map<string, Encoding[]>();
  private index: KnownPeopleIndex = indexKnownFaces([]);
  private readonly unknownCache = new Map<string, { index: KnownPeopleIndex; tolerance: number; unknown: boolean[] }>();

  constructor(options: GroupingEngineOptions = {}) {
    this.scanElsewhere = options.scanElsewhere;
  }

  /**
   * Adds (or replaces) photos' faces. Many at once (a reload's stored results) share the distance scan with
   * the scan worker, where there is one.
   */
  async putPhotos(photos: readonly GroupingPhoto[]): Promise<void> {
    const faces: ClusterFace[] = [];
    for (const photo of new Map(photos.map((p) => [p.id, p])).values()) {
      this.removePhotos([photo.id]);
      this.photos.set(photo.id, photo.encodings);
      faces.push(...photo.encodings.map((encoding, i) => ({ id: faceKey(photo.id, i), photo: photo.id, encoding })));
    }
    if (this.scanElsewhere && faces.length >= SPLIT_SCAN_FACES) await this.graph.addSplit(faces, this.scanElsewhere);
    else this.graph.add(faces);
  }

  removePhotos(ids: readonly string[]): void {
    for (const id of ids) {
      const encodings = this.photos.get(id);
      if (!encodings) continue;
      this.graph.remove(encodings.map((_, i) => faceKey(id, i)));
      this.photos.delete(id);
      this.unknownCache.delete(id);
    }
  }

  clear(): void {
    this.removePhotos([...this.photos.keys()]);
  }

  setKnown(known: readonly KnownFace[]): void {
    this.index = indexKnownFaces(known);
  }

  get size(): number {
    return this.graph.size;
  }

  group(tolerance: number, edits: GroupEdits): GroupsResult {
    const started = performance.now();
    const include = new Set<string>();
    const takenOut = new Set(edits.takenOut);
    for (const [id, encodings] of this.photos) {
      let cached = this.unknownCache.get(id);
      if (!cached || cached.index !== this.index || cached.tolerance !== tolerance) {
        const unknown = labelFaces(encodings, this.index, tolerance).map((l) => l.name === UNKNOWN_PERSON);
        cached = { index: this.index, tolerance, unknown };
        this.unknownCache.set(id, cached);
      }
      cached.unknown.forEach((u, i) => {
        const key = faceKey(id, i);
        if (u && !takenOut.has(key)) include.add(key);
      });
    }
    const { groups } = groupFaces(this.graph, GROUPING, (id) => include.has(id));
    const shown = applyGroupEdits(groups, edits);
    // "Is this …?" for the largest groups the view shows.
    let asked = 0;
    for (const group of shown) {
      if (group.label === null || group.ignored || asked >= SUGGESTED_GROUPS || this.index.people.length === 0) continue;
      asked++;
      const encodings = group.faces.slice(0, SUGGESTION_FACES).flatMap((key) => {
        const at = parseFaceKey(key);
        const e = at ? this.photos.get(at.photoId)?.[at.faceIndex] : undefined;
        return e ? [e] : [];
      });
      group.suggestion = nearMiss(encodings, this.index, tolerance);
    }
    return { groups: shown, faces: include.size, ms: performance.now() - started };
  }
}
