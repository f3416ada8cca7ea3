import { useEffect, useState } from 'react';

/**
 * How long an image URL outlives the last component that showed its Blob. A Blob shown again meanwhile (a
 * group of "Who is this?" back in the 40 shown, re-keyed or re-ordered by a re-grouping; a card scrolled
 * back) reuses it: registering a URL with the browser was the largest script cost of a group update.
 */
const KEEP_MS = 10_000;

/**
 * Blobs up to this size (face crops ~2 KB, card previews ~30–80 KB) are shown through a `data:` URL read
 * asynchronously; larger ones (a cached result's own photo) through an object URL. `URL.createObjectURL`
 * is a synchronous round trip to the browser process: while the workers kept both cores busy it stalled the
 * React commits that showed new crops, and made them the page's long tasks (issue 13's trace).
 */
const INLINE_MAX_BYTES = 256 * 1024;

interface SharedUrl {
  /** Null until a `data:` URL has been read. */
  url: string | null;
  /** Settles with the URL (null when the Blob could not be read). */
  ready: Promise<string | null>;
  /** An object URL, to revoke when it goes. */
  revocable: boolean;
  users: number;
  /** When the last user went (Date.now()); meaningful while `users` is 0. */
  idleSince: number;
}

const shared = new Map<Blob, SharedUrl>();
let sweepTimer: ReturnType<typeof setTimeout> | null = null;

/** Drops the URLs nobody has shown for KEEP_MS; runs again while some are waiting. */
function sweep(): void {
  sweepTimer = null;
  const now = Date.now();
  let waiting = false;
  for (const [blob, entry] of shared) {
    if (entry.users > 0) continue;
    if (now - entry.idleSince >= KEEP_MS) {
      shared.delete(blob);
      if (entry.revocable && entry.url) URL.revokeObjectURL(entry.url);
    } else {
      waiting = true;
    }
  }
  if (waiting) sweepTimer = setTimeout(sweep, KEEP_MS);
}

function readAsDataUrl(blob: Blob): Promise<string | null> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : null);
    reader.onerror = () => resolve(null);
    reader.readAsDataURL(blob);
  });
}

function acquire(blob: Blob): SharedUrl {
  let entry = shared.get(blob);
  if (!entry) {
    if (blob.size <= INLINE_MAX_BYTES) {
      const pending: SharedUrl = { url: null, ready: Promise.resolve(null), revocable: false, users: 0, idleSince: 0 };
      pending.ready = readAsDataUrl(blob).then((url) => (pending.url = url));
      entry = pending;
    } else {
      const url = URL.createObjectURL(blob);
      entry = { url, ready: Promise.resolve(url), revocable: true, users: 0, idleSince: 0 };
    }
    shared.set(blob, entry);
  }
  entry.users++;
  return entry;
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
 * A URL to show a Blob while the component shows it (`data:` for small Blobs, read asynchronously, so null
 * at first; an object URL for large ones); components showing the same Blob share one, and it is dropped
 * KEEP_MS after the last of them unmounts or moves to another Blob.
 */
export function useObjectUrl(blob: Blob | null): string | null {
  // A URL already shared shows at the first render (no render without the image, then one with it).
  const [url, setUrl] = useState<string | null>(() => (blob ? (shared.get(blob)?.url ?? null) : null));
  useEffect(() => {
    if (!blob) {
      setUrl(null);
      return undefined;
    }
    const entry = acquire(blob);
    let current = true;
    if (entry.url) setUrl(entry.url);
    else {
      setUrl(null); // not the Blob shown before
      void entry.ready.then((ready) => current && setUrl(ready));
    }
    return () => {
      current = false;
      release(blob);
    };
  }, [blob]);
  return url;
}
