/**
 * Edits to a list of known-face records: rename, merge, remove, import. Pure: no DOM, no storage; the
 * storage module applies the same edits in one transaction, and the store mirrors them with these.
 */
import { normaliseName } from './names';

/** What makes two known faces the same, whatever their ids. */
export interface FaceIdentity {
  name: string;
  sha256: string;
  encoding: ArrayLike<number>;
}

export interface EditableFace extends FaceIdentity {
  id: string;
  name: string;
  sha256: string;
  encoding: ArrayLike<number>;
}

/** A person's name as typed: NFC-normalised, trimmed, inner runs of whitespace kept. Empty means "no name". */
export function cleanPersonName(typed: string): string {
  return normaliseName(typed);
}

/** Every face named `from` is named `to` (to an existing name: a merge). Other faces are untouched. */
export function renamePerson<T extends EditableFace>(records: readonly T[], from: string, to: string): T[] {
  if (from === to) return [...records];
  return records.map((r) => (r.name === from ? { ...r, name: to } : r));
}

/** Merging `from` into `into` is renaming every face of `from` to `into`. */
export function mergePeople<T extends EditableFace>(records: readonly T[], from: string, into: string): T[] {
  return renamePerson(records, from, into);
}

/** The records left after removing `ids`, and the ones removed (for undo). */
export function removeFaces<T extends EditableFace>(
  records: readonly T[],
  ids: ReadonlySet<string>,
): { kept: T[]; removed: T[] } {
  const kept: T[] = [];
  const removed: T[] = [];
  for (const r of records) (ids.has(r.id) ? removed : kept).push(r);
  return { kept, removed };
}

/** Same person, same source file, same encoding: the same known face, whatever its id. */
export function sameFace(a: FaceIdentity, b: FaceIdentity): boolean {
  if (a.name !== b.name || a.sha256 !== b.sha256 || a.encoding.length !== b.encoding.length) return false;
  for (let i = 0; i < a.encoding.length; i++) if (a.encoding[i] !== b.encoding[i]) return false;
  return true;
}

/** The imported faces that are not already known (merge import): duplicates are skipped. */
export function newFacesOnly<T extends FaceIdentity, U extends FaceIdentity>(existing: readonly T[], imported: readonly U[]): U[] {
  const out: U[] = [];
  for (const face of imported) {
    if (existing.some((r) => sameFace(r, face)) || out.some((r) => sameFace(r, face))) continue;
    out.push(face);
  }
  return out;
}
