/**
 * Bookkeeping for a batch that outlives the page: which stored photos are finished, which must be dropped
 * again (the browser can't keep the files), and which dropped file takes the place of which stored one.
 * Pure: no DOM, no IndexedDB.
 */
import type { PhotoStatus } from './types';

/** A file as the browser describes it, without its bytes. */
export interface FileIdentity {
  name: string;
  size: number;
  lastModified: number;
}

/** Statuses that are an outcome: kept and shown after a reload. Anything else is unfinished. */
const FINISHED: ReadonlySet<PhotoStatus> = new Set<PhotoStatus>(['done', 'no-face', 'unreadable']);

export function isFinishedStatus(status: PhotoStatus): boolean {
  return FINISHED.has(status);
}

/** One key per file identity: the same name, size and modification time is taken as the same file. */
export function fileKey({ name, size, lastModified }: FileIdentity): string {
  return `${size}:${lastModified}:${name}`;
}

/**
 * Pairs dropped files with stored entries that have no file (restored after a reload): for each dropped
 * file, the id of the first unclaimed entry with the same identity, else null (a new photo). Each entry is
 * claimed at most once, so a file dropped twice in one go takes two entries only if two were stored.
 */
export function claimRestored<F extends FileIdentity>(
  files: readonly F[],
  restored: ReadonlyArray<FileIdentity & { id: string }>,
): Array<string | null> {
  const byKey = new Map<string, string[]>();
  for (const entry of restored) {
    const key = fileKey(entry);
    const ids = byKey.get(key);
    if (ids) ids.push(entry.id);
    else byKey.set(key, [entry.id]);
  }
  return files.map((file) => byKey.get(fileKey(file))?.shift() ?? null);
}
