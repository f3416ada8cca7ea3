/** Rename, merge into another person, or remove one known person. */
import { useId, useState } from 'react';
import { useController } from '../../state/context';

export function PersonActions({ name, others }: { name: string; others: readonly string[] }) {
  const controller = useController();
  const [renaming, setRenaming] = useState(false);
  // The merge choice opens on demand, so the list's text holds only each person's own name.
  const [merging, setMerging] = useState(false);
  const [newName, setNewName] = useState(name);
  const [into, setInto] = useState('');
  const id = useId();
  const target = others.includes(into) ? into : (others[0] ?? '');

  if (renaming) {
    return (
      <form
        className="person-actions"
        onSubmit={(event) => {
          event.preventDefault();
          setRenaming(false);
          void controller.manage.rename(name, newName);
        }}
      >
        <label htmlFor={`${id}-name`} className="visually-hidden">
          New name for {name}
        </label>
        <input id={`${id}-name`} className="person-actions__input" value={newName} onChange={(e) => setNewName(e.currentTarget.value)} autoFocus />
        <button type="submit" className="button" disabled={newName.trim() === ''}>
          Save
        </button>
        <button type="button" className="button" onClick={() => setRenaming(false)}>
          Cancel
        </button>
      </form>
    );
  }
  return (
    <div className="person-actions">
      <button
        type="button"
        className="button"
        aria-label={`Rename ${name}`}
        onClick={() => {
          setNewName(name);
          setRenaming(true);
        }}
      >
        Rename
      </button>
      {others.length > 0 && !merging && (
        <button type="button" className="button" aria-label={`Merge ${name} into…`} onClick={() => setMerging(true)}>
          Merge…
        </button>
      )}
      {others.length > 0 && merging && (
        <>
          <label htmlFor={`${id}-into`} className="visually-hidden">
            Merge {name} into
          </label>
          <select id={`${id}-into`} value={target} onChange={(e) => setInto(e.currentTarget.value)}>
            {others.map((other) => (
              <option key={other} value={other}>
                {other}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button"
            aria-label={`Merge ${name} into the chosen person`}
            onClick={() => {
              setMerging(false);
              void controller.manage.merge(name, target);
            }}
          >
            Merge
          </button>
          <button type="button" className="button" onClick={() => setMerging(false)}>
            Cancel
          </button>
        </>
      )}
      <button type="button" className="button button--danger" aria-label={`Remove ${name}`} onClick={() => void controller.manage.removePerson(name)}>
        Remove
      </button>
    </div>
  );
}
