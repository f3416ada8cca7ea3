/**
 * Edits to a list of known-face records as data (KnownEdit: records put, ids removed), their reversals
 * for Undo, and the checks around them (names, duplicates on import). Pure: no DOM, no storage; the
 * storage module applies an edit in one transaction, and the store mirrors it with applyKnownEdit.
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

/**
 * One change to the known faces as data: records put (added, or replacing the record with the same id)
 * and ids removed. Every edit of known people is one of these, stored in one transaction and mirrored in
 * the page with applyKnownEdit; its inverse (invertKnownEdit) is what Undo applies.
 */
export interface KnownEdit<T extends { id: string }> {
  readonly put: readonly T[];
  readonly remove: readonly string[];
}

/** Added and replaced records go before removals: a record both put and removed is removed. */
export function applyKnownEdit<T extends { id: string; addedAt: number }>(records: readonly T[], edit: KnownEdit<T>): T[] {
  const removed = new Set(edit.remove);
  const put = new Map(edit.put.map((r) => [r.id, r]));
  const out: T[] = [];
  for (const r of records) {
    if (removed.has(r.id)) continue;
    const replacement = put.get(r.id);
    out.push(replacement ?? r);
    put.delete(r.id);
  }
  const added = [...put.values()].filter((r) => !removed.has(r.id));
  if (added.length === 0) return out;
  // New records take their place by when they were added (a removal undone comes back where it was);
  // the sort is stable, so records added in the same millisecond keep the edit's order.
  return [...out, ...added].sort((x, y) => x.addedAt - y.addedAt);
}

/** The edit that takes `edit` back, made against the records as they were before it. */
export function invertKnownEdit<T extends { id: string }>(before: readonly T[], edit: KnownEdit<T>): KnownEdit<T> {
  const byId = new Map(before.map((r) => [r.id, r]));
  const touched = new Set([...edit.put.map((r) => r.id), ...edit.remove]);
  const put: T[] = [];
  const remove: string[] = [];
  for (const id of touched) {
    const old = byId.get(id);
    if (old) put.push(old);
    else if (edit.put.some((r) => r.id === id)) remove.push(id);
  }
  return { put, remove };
}

/** An edit that changes nothing. */
export function isEmptyEdit(edit: KnownEdit<{ id: string }>): boolean {
  return edit.put.length === 0 && edit.remove.length === 0;
}

/** Every face named `from` named `to` (an existing name: a merge), as an edit. */
export function renameEdit<T extends EditableFace>(records: readonly T[], from: string, to: string): KnownEdit<T> {
  return { put: from === to ? [] : records.filter((r) => r.name === from).map((r) => ({ ...r, name: to })), remove: [] };
}
