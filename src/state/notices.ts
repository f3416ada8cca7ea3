/** User messages: kept until dismissed, newest last, at most MAX_NOTICES. */
import type { NoticeTone, Store } from './store';

const MAX_NOTICES = 8;
let nextId = 1;

export type Notify = (text: string, tone?: NoticeTone) => void;

export function createNotify(store: Store): Notify {
  return (text, tone = 'info') => {
    const notice = { id: nextId++, tone, text };
    store.update((state) => ({ ...state, notices: [...state.notices, notice].slice(-MAX_NOTICES) }));
  };
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
