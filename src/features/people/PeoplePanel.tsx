/** Known people: drop photos of them, see who is known, forget everyone. */
import { DropZone } from '../../components/DropZone';
import { useAppState, useController } from '../../state/context';
import { selectKnownPeople } from '../../state/selectors';
import { KnownPersonItem } from './KnownPersonItem';

export function PeoplePanel() {
  const controller = useController();
  const people = useAppState(selectKnownPeople);
  const loaded = useAppState((s) => s.knownLoaded);
  const pending = useAppState((s) => s.enrolPending);

  return (
    <section className="panel" aria-labelledby="people-heading">
      <h2 id="people-heading">Known people</h2>
      <DropZone
        inputLabel="Known people photos"
        title="Drop photos of people you know"
        hint="or click to choose. A person is named after the file (name.jpg) or the folder it is in."
        onFiles={(files) =>
          controller.addKnownPhotos(
            files.map((f) => f.file),
            files.map((f) => f.path),
          )
        }
      />
      {pending > 0 && (
        <p className="panel__status" role="status">
          Adding {pending} {pending === 1 ? 'photo' : 'photos'}…
        </p>
      )}
      {!loaded ? (
        <p className="panel__empty">Loading known people…</p>
      ) : people.length === 0 ? (
        <p className="panel__empty">Nobody yet: every face will be labelled as unknown.</p>
      ) : (
        <ul className="known" aria-label="Known people list">
          {people.map((person) => (
            <KnownPersonItem key={person.name} person={person} />
          ))}
        </ul>
      )}
      <button
        type="button"
        className="button button--danger"
        disabled={people.length === 0 || pending > 0}
        onClick={() => void controller.forgetAllKnown()}
      >
        Forget all known people
      </button>
    </section>
  );
}
