/** Known people: drop photos of them, see who is known, forget everyone (after a confirmation). */
import { useDeferredValue, useMemo, useState } from 'react';
import { BatchProgressView } from '../../components/BatchProgressView';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DropZone } from '../../components/DropZone';
import { FolderPicker } from '../../components/FolderPicker';
import type { PickedFile } from '../../components/pickFiles';
import { useAppState, useController } from '../../state/context';
import { selectKnownPeople } from '../../state/selectors';
import { isBatchRunning } from '../../state/store';
import { ExtraAccuracyToggle } from './ExtraAccuracyToggle';
import { GalleryCheckButton, GalleryCheckReport } from './GalleryCheck';
import { KnownPeopleTransfer } from './KnownPeopleTransfer';
import { KnownPersonItem } from './KnownPersonItem';

export function PeoplePanel() {
  const controller = useController();
  const people = useAppState(selectKnownPeople);
  const loaded = useAppState((s) => s.knownLoaded);
  const pending = useAppState((s) => s.enrolPending);
  const enrolBatch = useAppState((s) => s.enrolBatch);
  const names = useMemo(() => people.map((p) => p.name), [people]);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const shown = useMemo(() => {
    const q = deferredQuery.trim().toLocaleLowerCase();
    return q === '' ? people : people.filter((p) => p.name.toLocaleLowerCase().includes(q));
  }, [people, deferredQuery]);
  const [confirmingForget, setConfirmingForget] = useState(false);
  const faceCount = people.reduce((n, p) => n + p.faces.length, 0);
  const addKnown = (files: readonly PickedFile[]) =>
    controller.addKnownPhotos(
      files.map((f) => f.file),
      files.map((f) => f.path),
    );

  return (
    <section className="panel" aria-labelledby="people-heading">
      <h2 id="people-heading">Known people</h2>
      <DropZone
        inputLabel="Known people photos"
        title="Drop photos of people you know"
        hint="or click to choose. A person is named after the file (name.jpg, name_2.jpg) or the folder it is in; more photos of a person join them."
        onFiles={addKnown}
      />
      <div className="people__tools">
        <FolderPicker inputLabel="Known people folders" text="Choose a folder…" onFiles={addKnown} />
        <span className="people__tools-hint">a folder per person, named after them, or a folder of such folders</span>
      </div>
      <ExtraAccuracyToggle />
      {enrolBatch && isBatchRunning(enrolBatch) && (
        <BatchProgressView label="Known people progress" batch={enrolBatch} onCancel={() => controller.cancelKnown()} stacked />
      )}
      {!loaded ? (
        <p className="panel__empty">Loading known people…</p>
      ) : people.length === 0 ? (
        <p className="panel__empty">Nobody yet: every face will be labelled as unknown.</p>
      ) : (
        <>
          <div className="known__search">
            <label htmlFor="known-search">Find a person</label>
            <input
              id="known-search"
              type="search"
              value={query}
              placeholder={`${people.length} ${people.length === 1 ? 'person' : 'people'}`}
              onChange={(e) => setQuery(e.currentTarget.value)}
            />
            {deferredQuery.trim() !== '' && (
              <span role="status">
                {shown.length} of {people.length}
              </span>
            )}
          </div>
          <ul className="known" aria-label="Known people list">
          {shown.map((person) => (
            <KnownPersonItem key={person.name} person={person} others={names.filter((n) => n !== person.name)} />
          ))}
          </ul>
        </>
      )}
      <GalleryCheckButton />
      <GalleryCheckReport />
      <KnownPeopleTransfer count={faceCount} />
      <button
        type="button"
        className="button button--danger"
        disabled={people.length === 0 || pending > 0}
        onClick={() => setConfirmingForget(true)}
      >
        Forget all known people
      </button>
      {confirmingForget && (
        <ConfirmDialog
          title="Forget all known people?"
          testId="forget-dialog"
          actions={[
            {
              label: `Yes, forget ${people.length} ${people.length === 1 ? 'person' : 'people'}`,
              danger: true,
              onClick: () => {
                setConfirmingForget(false);
                void controller.forgetAllKnown();
              },
            },
          ]}
          onCancel={() => setConfirmingForget(false)}
        >
          <p>
            {faceCount} known {faceCount === 1 ? 'face' : 'faces'} of {people.length} {people.length === 1 ? 'person' : 'people'} are
            removed from this browser. Export them first to keep a copy.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
