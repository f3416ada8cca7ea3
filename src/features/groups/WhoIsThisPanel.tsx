/** "Who is this?": the faces nobody knows, grouped by who they are, largest group first. */
import { useId, useMemo } from 'react';
import { useAppState, useController } from '../../state/context';
import { selectKnownPeople } from '../../state/selectors';
import { GroupCard } from './GroupCard';

/** Groups shown at once (largest first); the rest are counted. */
const SHOWN_GROUPS = 40;

export function WhoIsThisPanel() {
  const controller = useController();
  const groups = useAppState((s) => s.groups);
  const byId = useAppState((s) => s.photos.byId);
  const asked = useMemo(() => groups.filter((g) => g.label !== null && !g.ignored), [groups]);
  const ignored = useMemo(() => groups.filter((g) => g.label !== null && g.ignored).length, [groups]);
  const people = useAppState(selectKnownPeople);
  const namesId = useId();
  const shown = useMemo(() => asked.slice(0, SHOWN_GROUPS), [asked]);
  if (!controller.groups || (asked.length === 0 && ignored === 0)) return null;
  return (
    <section className="panel panel--groups" aria-labelledby="groups-heading">
      <h2 id="groups-heading">Who is this?</h2>
      <p className="panel__hint">
        Faces nobody knows, grouped by who they seem to be ({asked.length} {asked.length === 1 ? 'group' : 'groups'}
        {ignored > 0 ? `, ${ignored} ignored` : ''}). Name a group and its best faces teach Facewise that person.
      </p>
      {/* One list of known names for every group's name field (not one per group: 40 × 500 people). */}
      <datalist id={namesId}>
        {people.map((p) => (
          <option key={p.name} value={p.name} />
        ))}
      </datalist>
      <ul className="groups" aria-label="Groups of unknown faces">
        {shown.map((group) => (
          // A group merges with another shown group (the largest); smaller ones are merged into it from there.
          <GroupCard key={group.key} group={group} mergeTargets={shown} namesListId={namesId} photos={byId} />
        ))}
      </ul>
      {asked.length > shown.length && <p className="panel__hint">and {asked.length - shown.length} smaller groups.</p>}
    </section>
  );
}
