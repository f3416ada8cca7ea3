/** "This is...": name a face in a result; its encoding joins that person and every result re-matches. */
import { useId, useState } from 'react';
import { useAppState } from '../../state/context';
import { selectKnownPeople } from '../../state/selectors';

function KnownNamesList({ id }: { id: string }) {
  const people = useAppState(selectKnownPeople);
  return (
    <datalist id={id}>
      {people.map((p) => (
        <option key={p.name} value={p.name} />
      ))}
    </datalist>
  );
}

export function CorrectFace({ position, onCorrect }: { position: number; onCorrect: (name: string) => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const id = useId();
  if (!open) {
    return (
      <button type="button" className="labels__correct" aria-label={`This is… (face ${position})`} onClick={() => setOpen(true)}>
        This is…
      </button>
    );
  }
  return (
    <form
      className="correct"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim() === '') return;
        setOpen(false);
        setName('');
        onCorrect(name);
      }}
    >
      <label htmlFor={`${id}-name`} className="visually-hidden">
        Who is face {position}?
      </label>
      <input
        id={`${id}-name`}
        className="correct__input"
        list={`${id}-names`}
        placeholder="a known person or a new name"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        autoFocus
      />
      <KnownNamesList id={`${id}-names`} />
      <button type="submit" className="button" disabled={name.trim() === ''}>
        Save
      </button>
      <button type="button" className="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
