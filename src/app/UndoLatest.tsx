/**
 * The history's Undo: a button naming the newest change to known people or groups that can be taken back
 * ("Undo: remove kit"), and the Ctrl+Z / ⌘Z shortcut for it while no text field has the focus. Pressed
 * again, it takes back the change before (./state/history.ts keeps them).
 */
import { useEffect } from 'react';
import { useAppState, useController } from '../state/context';
import { latestEntry } from '../state/history';

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type !== 'checkbox' && target.type !== 'range');
}

export function UndoLatest() {
  const controller = useController();
  const entry = useAppState(latestEntry);
  const steps = useAppState((s) => s.history.length);
  const hasEntry = entry !== null;

  useEffect(() => {
    if (!hasEntry) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'z' || !(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return;
      if (isTextField(event.target)) return; // the field's own undo
      event.preventDefault();
      void controller.manage.undoLatest();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller, hasEntry]);

  if (!entry) return null;
  return (
    <div className="undo-latest">
      <button
        type="button"
        className="button undo-latest__button"
        onClick={() => void controller.manage.undoLatest()}
        aria-keyshortcuts="Control+Z Meta+Z"
        title={steps > 1 ? `${steps} changes can be undone, newest first` : undefined}
      >
        Undo: {entry.label}
      </button>
    </div>
  );
}
