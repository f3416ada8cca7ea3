import { useEffect, useState } from 'react';

/**
 * How long an object URL outlives the last component that showed its Blob. A Blob shown again meanwhile (a
 * group of "Who is this?" back in the 40 shown, re-keyed or re-ordered by a re-grouping; a card scrolled
 * back) reuses it: registering a URL with the browser was the largest script cost of a group update.
 */
const KEEP_MS = 10_000;

interface SharedUrl {
  url: string;
  users: number;
  /** When the last user went (Date.now()); meaningful while `users` is 0. */
  idleSince: number;
}

const shared = new Map<Blob, SharedUrl>();
let sweepTimer: ReturnType<typeof setTimeout> | null = null;

/** Revokes the URLs nobody has shown for KEEP_MS; runs again while some are waiting. */
function sweep(): void {
  sweepTimer = null;
  const now = Date.now();
  let waiting = false;
  for (const [blob, entry] of shared) {
    if (entry.users > 0) continue;
    if (now - entry.idleSince >= KEEP_MS) {
      shared.delete(blob);
      URL.revokeObjectURL(entry.url);
    } else {
      waiting = true;
    }
  }
  if (waiting) sweepTimer = setTimeout(sweep, KEEP_MS);
}

function acquire(blob: Blob): string {
  let entry = shared.get(blob);
  if (!entry) {
    entry = { url: URL.createObjectURL(blob), users: 0, idleSince: 0 };
    shared.set(blob, entry);
  }
  entry.users++;
  return entry.url;
}

function release(blob: Blob): void {
  const entry = shared.get(blob);
  if (!entry) return;
  entry.users--;
  if (entry.users > 0) return;
  entry.idleSince = Date.now();
  sweepTimer ??= setTimeout(sweep, KEEP_MS);
}

/**
 * An object URL for a Blob while the component shows it; components showing the same Blob share one, and
 * it is revoked KEEP_MS after the last of them unmounts or moves to another Blob.
 */
export function useObjectUrl(blob: Blob | null): string | null {
  // A URL already shared shows at the first render (no render without the image, then one with it).
  const [url, setUrl] = useState<string | null>(() => (blob ? (shared.get(blob)?.url ?? null) : null));
  useEffect(() => {
    if (!blob) {
      setUrl(null);
      return undefined;
    }
    setUrl(acquire(blob));
    return () => release(blob);
  }, [blob]);
  return url;
}
