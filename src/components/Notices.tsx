import type { Notice } from '../state/store';

interface NoticesProps {
  notices: readonly Notice[];
  onDismiss: (id: number) => void;
  /** The notice's Undo button (shown only while `notice.undoable`). */
  onUndo?: (id: number) => void;
}

/** Messages for the user, announced politely by screen readers. */
export function Notices({ notices, onDismiss, onUndo }: NoticesProps) {
  return (
    <div className="notices" aria-live="polite" aria-relevant="additions text" data-testid="notices">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice--${notice.tone}`} data-testid="notice">
          <span className="notice__text">{notice.text}</span>
          {notice.undoable && onUndo && (
            <button type="button" className="button notice__undo" onClick={() => onUndo(notice.id)}>
              Undo
            </button>
          )}
          <button type="button" className="notice__close" aria-label="Dismiss message" onClick={() => onDismiss(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
