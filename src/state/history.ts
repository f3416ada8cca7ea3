/**
 * Known people and the user's group edits as data, with the history Undo walks back. Every change the
 * user makes to them (a rename, a merge, a removal, a move, faces learned from results or a named group,
 * an import, a group taken apart or ignored) is one action; the reducer applies it and keeps, newest
 * last, the change that takes it back, made from the state before it. Undo applies the newest of those
 * (./manage.ts stores it first) and drops it, so several steps can be taken back in turn. Erasing
 * everything empties the history with the rest (it is a field of the initial state). Pure: no storage.
 */
import { applyKnownEdit, invertKnownEdit, isEmptyEdit, type KnownEdit } from '../domain/known-edits';
import type { GroupEdits } from '../domain/groups';
import type { KnownFaceRecord } from '../storage/db';
import type { Notice } from './store';

/** How many changes Undo can take back, newest first. */
export const HISTORY_LIMIT = 30;

/** What takes a change back: a known-people edit, the group edits as they were, or both. */
export interface Reversal {
  known: KnownEdit<KnownFaceRecord>;
  groupEdits: GroupEdits | null;
}

export interface HistoryEntry {
  /** Its id, unique in the page. */
  id: number;
  /** What was done, as a phrase: "remove kit", "rename kit to kit_harington". */
  label: string;
  /** The notice that told of the change (its Undo button takes this entry back while it is the newest). */
  noticeId: number | null;
  undo: Reversal;
}

export interface HistoryState {
  known: KnownFaceRecord[];
  groupEdits: GroupEdits;
  history: HistoryEntry[];
  notices: Notice[];
}

export type HistoryAction =
  /** Known faces changed by the user (already stored): applied, and its reversal kept. */
  | { type: 'known/edited'; edit: KnownEdit<KnownFaceRecord>; label: string; entryId: number; noticeId: number | null }
  /** The group edits changed by the user (already saved, or being saved): kept, and the old ones with them. */
  | { type: 'groups/edited'; edits: GroupEdits; label: string; entryId: number; noticeId: number | null }
  /** The newest entry was taken back (its reversal already stored). */
  | { type: 'history/undone'; entryId: number }
  /**
   * Known faces as storage lists them now (another tab changed them): the history is dropped, since its
   * reversals were made against a list that is no longer the one shown.
   */
  | { type: 'known/reloaded'; known: KnownFaceRecord[] };

const NO_EDIT: KnownEdit<KnownFaceRecord> = { put: [], remove: [] };

/** Only the newest entry's notice keeps its Undo button. */
function undoOnlyOn(notices: Notice[], noticeId: number | null): Notice[] {
  if (!notices.some((n) => n.undoable && n.id !== noticeId)) return notices;
  return notices.map((n) => (n.undoable && n.id !== noticeId ? { id: n.id, tone: n.tone, text: n.text } : n));
}

function push<S extends HistoryState>(state: S, entry: HistoryEntry, changes: Partial<HistoryState>): S {
  const history = [...state.history, entry].slice(-HISTORY_LIMIT);
  return { ...state, ...changes, history, notices: undoOnlyOn(state.notices, entry.noticeId) };
}

export function historyReducer<S extends HistoryState>(state: S, action: HistoryAction): S {
  switch (action.type) {
    case 'known/edited': {
      if (isEmptyEdit(action.edit)) return state;
      const entry: HistoryEntry = {
        id: action.entryId,
        label: action.label,
        noticeId: action.noticeId,
        undo: { known: invertKnownEdit(state.known, action.edit), groupEdits: null },
      };
      return push(state, entry, { known: applyKnownEdit(state.known, action.edit) });
    }
    case 'groups/edited': {
      if (action.edits === state.groupEdits) return state;
      const entry: HistoryEntry = {
        id: action.entryId,
        label: action.label,
        noticeId: action.noticeId,
        undo: { known: NO_EDIT, groupEdits: state.groupEdits },
      };
      return push(state, entry, { groupEdits: action.edits });
    }
    case 'history/undone': {
      const entry = state.history.at(-1);
      if (!entry || entry.id !== action.entryId) return state;
      const history = state.history.slice(0, -1);
      const known = isEmptyEdit(entry.undo.known) ? state.known : applyKnownEdit(state.known, entry.undo.known);
      const groupEdits = entry.undo.groupEdits ?? state.groupEdits;
      // The entry's notice loses its Undo; the one before it does not get its button back (the history's
      // own Undo control takes it back).
      return { ...state, known, groupEdits, history, notices: undoOnlyOn(state.notices, null) };
    }
    case 'known/reloaded':
      return { ...state, known: action.known, history: [], notices: undoOnlyOn(state.notices, null) };
  }
}

/** The change Undo takes back next, or null. */
export function latestEntry(state: { history: readonly HistoryEntry[] }): HistoryEntry | null {
  return state.history.at(-1) ?? null;
}
