/** Export the known people as one JSON file, or import one (merge with or replace the known people). */
import { useId, useRef } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useAppState, useController } from '../../state/context';

export function KnownPeopleTransfer({ count }: { count: number }) {
  const controller = useController();
  const pending = useAppState((s) => s.pendingImport);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  return (
    <div className="people__tools">
      <button type="button" className="button" disabled={count === 0} onClick={() => void controller.manage.exportKnown()}>
        Export known people
      </button>
      <button type="button" className="button" onClick={() => input.current?.click()}>
        Import known people
      </button>
      <input
        ref={input}
        id={id}
        type="file"
        accept="application/json,.json"
        className="visually-hidden"
        aria-label="Import known people file"
        tabIndex={-1}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) void controller.manage.chooseImportFile(file);
        }}
      />
      {pending && (
        <ConfirmDialog
          title={`Import ${pending.people} ${pending.people === 1 ? 'person' : 'people'} from ${pending.fileName}?`}
          testId="import-dialog"
          actions={[
            { label: 'Merge with known people', onClick: () => void controller.manage.confirmImport('merge') },
            { label: 'Replace known people', danger: true, onClick: () => void controller.manage.confirmImport('replace') },
          ]}
          onCancel={() => controller.manage.cancelImport()}
        >
          <p>
            {pending.faces} known {pending.faces === 1 ? 'face' : 'faces'}. Merge adds them to the {count} known now (skipping
            ones already known); replace forgets the known people first.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
