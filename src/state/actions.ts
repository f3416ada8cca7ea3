/**
 * The store's actions and its root reducer: the photos to recognise (./photos.ts) and known people with
 * their undo history (./history.ts). Fields that are one value each (settings, the view's controls) are
 * set with `store.update`; anything with rules of its own is an action and a reducer here.
 */
import { historyReducer, type HistoryAction } from './history';
import { recognitionReducer, type PhotoAction } from './photos';
import type { AppState } from './store';

export type AppAction = PhotoAction | HistoryAction;

function isPhotoAction(action: AppAction): action is PhotoAction {
  return action.type.startsWith('photos/');
}

export function reduce(state: AppState, action: AppAction): AppState {
  return isPhotoAction(action) ? recognitionReducer(state, action) : historyReducer(state, action);
}
