/**
 * Says what a screen reader user can't see happening, politely (aria-live): a batch starting, a batch
 * finishing with its outcome, and changes to the number of known people. Brief on purpose: one
 * sentence per change, not one per photo.
 */
import { useAppState } from '../state/context';
import { selectPhotos } from '../state/selectors';
import { isBatchRunning } from '../state/store';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function Announcer() {
  const batch = useAppState((s) => s.batch);
  const running = useAppState((s) => isBatchRunning(s.batch));
  const withFaces = useAppState((s) => (running ? 0 : selectPhotos(s).filter((p) => p.status === 'done').length));
  const unreadable = useAppState((s) => (running ? 0 : selectPhotos(s).filter((p) => p.status === 'unreadable').length));
  const knownLoaded = useAppState((s) => s.knownLoaded);
  const knownCount = useAppState((s) => new Set(s.known.map((k) => k.name)).size);

  let photos = '';
  if (batch && running) {
    photos = `Recognizing ${plural(batch.total, 'photo', 'photos')}…`;
  } else if (batch) {
    photos = `Finished: ${plural(batch.finished - batch.cancelled, 'photo', 'photos')} analysed, ${withFaces} with faces`;
    if (unreadable > 0) photos += `, ${unreadable} unreadable`;
    if (batch.cancelled > 0) photos += `, ${batch.cancelled} cancelled`;
    photos += '.';
  }
  const people = knownLoaded ? `${plural(knownCount, 'known person', 'known people')}.` : '';

  return (
    <div className="visually-hidden" aria-live="polite" data-testid="announcer">
      <p>{people}</p>
      <p>{photos}</p>
    </div>
  );
}
