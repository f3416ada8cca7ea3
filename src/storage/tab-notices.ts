/**
 * Notices between tabs that use the same database, over a BroadcastChannel (a no-op where it is
 * missing): the known faces changed, or everything was erased. A tab hears the others, never itself.
 */
export interface TabNotices {
  /** Tells the other tabs the known faces changed. */
  knownFacesChanged(): void;
  /** Tells the other tabs everything was erased. */
  erased(): void;
  /** Calls `listener` when another tab changed the known faces; returns an unsubscribe function. */
  onKnownFacesChanged(listener: () => void): () => void;
  /** Calls `listener` when another tab erased everything; returns an unsubscribe function. */
  onErased(listener: () => void): () => void;
  close(): void;
}

const KNOWN_FACES_CHANGED = 'known-faces-changed';
const ERASED = 'erased';

/** The notices of the database called `name`. */
export function openTabNotices(name: string): TabNotices {
  const changedListeners = new Set<() => void>();
  const erasedListeners = new Set<() => void>();
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`facewise-db:${name}`) : null;
  if (channel) {
    channel.onmessage = (event: MessageEvent<unknown>) => {
      if (event.data === KNOWN_FACES_CHANGED) for (const listener of [...changedListeners]) listener();
      if (event.data === ERASED) for (const listener of [...erasedListeners]) listener();
    };
  }
  const add = (set: Set<() => void>, listener: () => void) => {
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };
  return {
    knownFacesChanged: () => channel?.postMessage(KNOWN_FACES_CHANGED),
    erased: () => channel?.postMessage(ERASED),
    onKnownFacesChanged: (listener) => add(changedListeners, listener),
    onErased: (listener) => add(erasedListeners, listener),
    close: () => channel?.close(),
  };
}
