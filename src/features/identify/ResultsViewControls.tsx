/** Which results are shown (Show) and in what order (Sort by). Changing them runs no model. */
import { useId } from 'react';
import { personFilter } from '../../domain/results-view';
import { useAppState, useController } from '../../state/context';
import { selectKnownPeople } from '../../state/selectors';

export function ResultsViewControls() {
  const controller = useController();
  const filter = useAppState((s) => s.resultsFilter);
  const sort = useAppState((s) => s.resultsSort);
  const people = useAppState(selectKnownPeople);
  const id = useId();
  const names = people.map((p) => p.name);
  const filterValue = filter.startsWith('person:') && !names.includes(filter.slice('person:'.length)) ? 'all' : filter;
  return (
    <div className="view-controls">
      <label htmlFor={`${id}-show`}>Show</label>
      <select id={`${id}-show`} value={filterValue} onChange={(e) => controller.setResultsFilter(e.currentTarget.value)}>
        <option value="all">All photos</option>
        {names.map((name) => (
          <option key={name} value={personFilter(name)}>
            {name}
          </option>
        ))}
        <option value="unknown">Unknown faces</option>
        <option value="no-face">No face</option>
        <option value="unreadable">Unreadable</option>
      </select>
      <label htmlFor={`${id}-sort`}>Sort by</label>
      <select id={`${id}-sort`} value={sort} onChange={(e) => controller.setResultsSort(e.currentTarget.value)}>
        <option value="added">Order added</option>
        <option value="file">File</option>
        <option value="name">Name</option>
      </select>
    </div>
  );
}
