/** One group of faces nobody knows: its strip of faces and what can be done with it. */
import { memo, useId, useMemo, useState } from 'react';
import { parseFaceKey, sameGroup, type FaceGroup } from '../../domain/groups';
import { useAppState, useController } from '../../state/context';
import type { PhotoItem } from '../../state/store';
import { FaceCrop } from './FaceCrop';

/** Faces shown per group strip; the rest are counted. */
const STRIP_FACES = 12;

interface GroupCardProps {
  group: FaceGroup;
  /** The groups it can be merged with (this one is skipped). */
  mergeTargets: readonly FaceGroup[];
  /** The id of the panel's <datalist> of known people's names. */
  namesListId: string;
  photos: ReadonlyMap<string, PhotoItem>;
}

/**
 * Whether a card would render the same: its group, the merge list's labels and sizes, and the photos of
 * the faces in its strip. While a batch runs every finished photo makes a new photo map, and the worker
 * sends new group objects; without this every card re-rendered (and the page re-laid out) each time.
 */
function sameCard(a: GroupCardProps, b: GroupCardProps): boolean {
  if (a.namesListId !== b.namesListId || !sameGroup(a.group, b.group)) return false;
  if (a.mergeTargets !== b.mergeTargets) {
    if (a.mergeTargets.length !== b.mergeTargets.length) return false;
    const sameTarget = (g: FaceGroup, i: number) => {
      const h = b.mergeTargets[i] as FaceGroup;
      return g.key === h.key && g.label === h.label && g.faces.length === h.faces.length;
    };
    if (!a.mergeTargets.every(sameTarget)) return false;
  }
  if (a.photos === b.photos) return true;
  return a.group.faces.slice(0, STRIP_FACES).every((key) => {
    const id = parseFaceKey(key)?.photoId;
    return id === undefined || a.photos.get(id) === b.photos.get(id);
  });
}

export const GroupCard = memo(function GroupCard({ group, mergeTargets, namesListId, photos }: GroupCardProps) {
  const controller = useController();
  const groups = controller.groups;
  const declined = useAppState((s) => s.groupEdits.declined);
  const [name, setName] = useState('');
  const [mergeWith, setMergeWith] = useState('');
  // The other groups are listed once the "Merge with…" list is reached (focus, pointer): 40 lists of 39
  // options each, kept up to date as groups grow and re-read by Chrome's autofill whenever a form changes,
  // cost the page more than anything else in "Who is this?" during a batch.
  const [mergeOpened, setMergeOpened] = useState(false);
  const id = useId();
  // The worker's suggestion for this group, unless answered no.
  const suggestion = useMemo(() => groups?.suggestionFor(group.key) ?? null, [groups, group, declined]);
  if (!groups) return null;
  const label = group.label ?? 'group';
  const faces = group.faces.slice(0, STRIP_FACES);
  const others = mergeTargets.filter((o) => o.key !== group.key);
  return (
    <li className="group" data-testid="face-group" data-label={group.label ?? ''} data-faces={group.faces.length}>
      <div className="group__head">
        <span className="group__title">{label.replace('_', ' ')}</span>
        <span className="group__count">
          {group.faces.length} faces in {group.photos} {group.photos === 1 ? 'photo' : 'photos'}
        </span>
      </div>
      <ul className="group__strip" aria-label={`Faces of ${label}`}>
        {faces.map((key, i) => {
          const at = parseFaceKey(key);
          const photo = at ? photos.get(at.photoId) : undefined;
          const face = at ? photo?.faces[at.faceIndex] : undefined;
          if (!photo || !face) return null;
          return (
            <li key={key} className="group__face" data-testid="group-face" data-photo={photo.name}>
              <FaceCrop photo={photo} face={face} />
              <button
                type="button"
                className="group__take-out"
                aria-label={`Not this person: face ${i + 1} of ${label} (${photo.name})`}
                title="Not this person"
                onClick={() => groups.takeOut(key)}
              >
                ×
              </button>
            </li>
          );
        })}
        {group.faces.length > faces.length && <li className="group__more">+{group.faces.length - faces.length}</li>}
      </ul>
      {suggestion && (
        <p className="group__suggest">
          Is this <strong>{suggestion.name}</strong>?{' '}
          <button type="button" className="button button--primary" onClick={() => void groups.nameGroup(group.key, suggestion.name)}>
            Yes
          </button>{' '}
          <button type="button" className="button" onClick={() => groups.declineSuggestion(group.key, suggestion.name)}>
            No
          </button>
        </p>
      )}
      <form
        className="group__name"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim() === '') return;
          const typed = name;
          setName('');
          void groups.nameGroup(group.key, typed);
        }}
      >
        <label htmlFor={`${id}-name`}>Who is this?</label>
        <input
          id={`${id}-name`}
          className="correct__input"
          list={namesListId}
          placeholder="a new name or a known person"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <button type="submit" className="button button--primary" disabled={name.trim() === ''}>
          Name {label.replace('_', ' ')}
        </button>
      </form>
      <div className="group__tools">
        {others.length > 0 && (
          <>
            <label htmlFor={`${id}-merge`} className="visually-hidden">
              Merge {label} with
            </label>
            <select
              id={`${id}-merge`}
              value={mergeWith}
              onChange={(e) => setMergeWith(e.currentTarget.value)}
              onFocus={() => setMergeOpened(true)}
              onPointerDown={() => setMergeOpened(true)}
            >
              <option value="">Merge with…</option>
              {mergeOpened &&
                others.map((o) => (
                  <option key={o.key} value={o.key}>
                    {(o.label ?? 'group').replace('_', ' ')} ({o.faces.length} faces)
                  </option>
                ))}
            </select>
            <button
              type="button"
              className="button"
              disabled={mergeWith === ''}
              onClick={() => {
                groups.merge(group.key, mergeWith);
                setMergeWith('');
              }}
            >
              Merge
            </button>
          </>
        )}
        <button type="button" className="button" onClick={() => groups.ignore(group.key)}>
          Ignore {label.replace('_', ' ')}
        </button>
      </div>
    </li>
  );
}, sameCard);
