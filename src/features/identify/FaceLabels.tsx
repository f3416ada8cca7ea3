import { MEAN_K_NEAREST, type FaceMatch } from '../../domain/matching';
import { NO_PERSONS_FOUND, UNKNOWN_PERSON } from '../../domain/types';
import { CorrectFace } from './CorrectFace';
import { formatConfidence, formatDistance } from './format';

function distanceTitle(match: FaceMatch): string {
  if (match.distance === null) return 'Nobody is known yet';
  const parts = [`Distance to this person (mean of their ${MEAN_K_NEAREST} nearest known faces): ${match.distance.toFixed(3)} (lower is closer)`];
  if (match.second !== null) parts.push(`next person: ${match.second.toFixed(3)}`);
  return parts.join('; ');
}

function confidenceTitle(match: FaceMatch): string {
  return match.name === UNKNOWN_PERSON
    ? 'How sure it is that this face is nobody known, at this tolerance'
    : 'How sure it is that this face is this person, at this tolerance';
}

/** The labels under a photo, left to right: name, distance, confidence, and "unsure" when two people are close. */
export function FaceLabels({
  labels,
  onCorrect,
}: {
  labels: readonly FaceMatch[];
  /** Names face `index` (left to right); offers "This is..." on every face when given. */
  onCorrect?: (index: number, name: string) => void;
}) {
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
      {labels.map((match, i) => {
        const unknown = match.name === UNKNOWN_PERSON;
        const modifier = unknown ? ' labels__item--unknown' : match.unsure ? ' labels__item--unsure' : '';
        return (
          <li key={i} className={`labels__item${modifier}`} data-testid="face-item" data-unsure={match.unsure ? 'true' : 'false'}>
            <span className="labels__name" data-testid="face-label">
              {match.name}
            </span>
            <span className="labels__distance" data-testid="face-distance" title={distanceTitle(match)}>
              {match.distance === null ? '—' : formatDistance(match.distance)}
            </span>
            {match.confidence !== null && (
              <span className="labels__confidence" data-testid="face-confidence" title={confidenceTitle(match)}>
                {formatConfidence(match.confidence)}
              </span>
            )}
            {match.unsure && (
              <span className="labels__unsure" data-testid="face-unsure" title="Another known person is almost as close">
                unsure
              </span>
            )}
            {onCorrect && <CorrectFace position={i + 1} onCorrect={(name) => onCorrect(i, name)} />}
          </li>
        );
      })}
    </ol>
  );
}
