/** User messages: kept until dismissed, newest last, at most MAX_NOTICES. */
import type { Notice, NoticeTone, Store } from './store';

const MAX_NOTICES = 8;
let nextId = 1;

/** Shows a notice; returns its id. */
export type Notify = (text: string, tone?: NoticeTone, options?: { undoable?: boolean }) => number;

export function createNotify(store: Store): Notify {
  return (text, tone = 'info', options) => {
    const notice: Notice = { id: nextId++, tone, text, ...(options?.undoable ? { undoable: true } : {}) };
    store.update((state) => ({ ...state, notices: [...state.notices, notice].slice(-MAX_NOTICES) }));
    return notice.id;
  };
}

/** Takes the Undo button off a notice (its text stays). */
export function endUndo(store: Store, id: number): void {
  store.update((state) =>
    state.notices.some((n) => n.id === id && n.undoable)
      ? { ...state, notices: state.notices.map((n) => (n.id === id ? { id: n.id, tone: n.tone, text: n.text } : n)) }
      : state,
  );
}

export function dismissNotice(store: Store, id: number): void {
  store.update((state) =>
    state.notices.some((n) => n.id === id)
      ? { ...state, notices: state.notices.filter((n) => n.id !== id) }
      : state,
  );
}

/** A sentence-sized description of an unknown failure. */
export function describeError(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  return 'unknown error';
}
