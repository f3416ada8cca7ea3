/**
 * An in-page confirmation (not window.confirm): a modal <dialog> with a question and buttons, so
 * keyboard, screen readers and browser tests handle it like any other part of the page.
 */
import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';

interface ConfirmDialogProps {
  title: string;
  children?: ReactNode;
  /** Buttons, first is the suggested one. */
  actions: ReadonlyArray<{ label: string; onClick: () => void; danger?: boolean }>;
  onCancel: () => void;
  testId?: string;
}

export function ConfirmDialog({ title, children, actions, onCancel, testId }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId} className="confirm__title">
        {title}
      </h2>
      {children}
      <div className="confirm__actions">
        {actions.map((action) => (
          <button
            key={action.label}
            type="button"
            className={`button${action.danger ? ' button--danger' : ' button--primary'}`}
            onClick={action.onClick}
          >
            {action.label}
          </button>
        ))}
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
