import type { FaceMatch } from '../../domain/matching';
import { NO_PERSONS_FOUND, UNKNOWN_PERSON } from '../../domain/types';

function distanceTitle(match: FaceMatch): string {
  if (match.distance === null) return 'Nobody is known yet';
  const parts = [`Distance to the nearest known face: ${match.distance.toFixed(3)} (lower is closer)`];
  if (match.second !== null) parts.push(`next person: ${match.second.toFixed(3)}`);
  if (match.confidence !== null) parts.push(`confidence ${Math.round(match.confidence * 100)}%`);
  return parts.join('; ');
}

/** The labels under a photo, left to right. */
export function FaceLabels({ labels }: { labels: readonly FaceMatch[] }) {
  if (labels.length === 0) {
    return (
      <ol className="labels">
        <li className="labels__item labels__item--none">
          <span data-testid="face-label">{NO_PERSONS_FOUND}</span>
        </li>
      </ol>
    );
  }
  return (
    <ol className="labels">
      {labels.map((match, i) => (
        <li key={i} className={`labels__item${match.name === UNKNOWN_PERSON ? ' labels__item--unknown' : ''}`}>
          <span className="labels__name" data-testid="face-label">
            {match.name}
          </span>
          <span className="labels__distance" data-testid="face-distance" title={distanceTitle(match)}>
            {match.distance === null ? '—' : match.distance.toFixed(3)}
          </span>
          {match.unsure && (
            <span className="labels__unsure" title="Another known person is almost as close">
              unsure
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
