import { useAppState } from '../../state/context';
import { selectResultsSummary } from '../../state/selectors';

/** One line counting every result, rendered or not (the card list is virtual). */
export function ResultsSummary() {
  const s = useAppState(selectResultsSummary);
  if (s.total === 0) return null;
  const parts = [`${s.done} with faces`, `${s.noFace} without`];
  if (s.unreadable > 0) parts.push(`${s.unreadable} unreadable`);
  if (s.cancelled > 0) parts.push(`${s.cancelled} cancelled`);
  if (s.pending > 0) parts.push(`${s.pending} to go`);
  if (s.cached > 0) parts.push(`${s.cached} from cache`);
  if (s.restored > 0) parts.push(`${s.restored} saved before`);
  return (
    <p
      className="summary"
      data-testid="results-summary"
      data-total={s.total}
      data-done={s.done}
      data-no-face={s.noFace}
      data-unreadable={s.unreadable}
      data-cancelled={s.cancelled}
      data-pending={s.pending}
      data-cached={s.cached}
      data-restored={s.restored}
    >
      {s.total} {s.total === 1 ? 'photo' : 'photos'}: {parts.join(', ')}.
    </p>
  );
}
