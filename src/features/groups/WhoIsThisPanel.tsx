/**
 * "Who is this?": the faces nobody knows, grouped by who they are, the 40 largest groups (src/state/selectors.ts,
 * selectAskedGroups): largest first, in the order they appeared while a batch runs.
 */
import { useDeferredValue, useId, useMemo } from 'react';
import { useAppState, useController } from '../../state/context';
import { selectAskedGroups, selectKnownPeople } from '../../state/selectors';
import { GroupCard } from './GroupCard';

export function WhoIsThisPanel() {
  const controller = useController();
  // Rendered at a lower priority than the cards and the progress (a transition React can pause): a
  // re-grouping during a batch re-renders up to 40 strips of faces, which held the page 20–35 ms at once.
  const groups = useDeferredValue(useAppState((s) => s.groups));
  const { asked, shown, shownKeyOf } = useDeferredValue(useAppState(selectAskedGroups));
  const byId = useDeferredValue(useAppState((s) => s.photos.byId));
  const ignored = useMemo(() => groups.filter((g) => g.label !== null && g.ignored).length, [groups]);
  const people = useAppState(selectKnownPeople);
  const namesId = useId();
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
          // Keyed by the key it is shown by: its own key changes as faces join it, which re-created the card.
          <GroupCard key={shownKeyOf(group)} group={group} mergeTargets={shown} namesListId={namesId} photos={byId} />
        ))}
      </ul>
      {asked.length > shown.length && <p className="panel__hint">and {asked.length - shown.length} smaller groups.</p>}
    </section>
  );
}
