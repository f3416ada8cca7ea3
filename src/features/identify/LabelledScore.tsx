/** Labelled photos (dropped in folders named after people) score themselves: counts and who was taken for whom. */
import { UNKNOWN_PERSON } from '../../domain/types';
import { useAppState, useController } from '../../state/context';
import { selectLabelledScore } from '../../state/selectors';

const shown = (name: string) => (name === UNKNOWN_PERSON ? 'nobody (unknown)' : name);

export function LabelledScore() {
  const controller = useController();
  const score = useAppState(selectLabelledScore);
  if (!score) return null;
  const mistakes = score.confusion.filter((c) => c.expected !== c.namedAs);
  return (
    <section className="score" aria-labelledby="score-heading" data-testid="labelled-score">
      <h3 id="score-heading">Labelled photos</h3>
      <p data-testid="labelled-counts">
        Of {score.total} photos in folders named after people: <strong>{score.right} right</strong>, {score.wrong} wrong,{' '}
        {score.unknown} unknown.
      </p>
      {mistakes.length > 0 && (
        <table className="check__table" data-testid="confusion">
          <caption>Who was taken for whom</caption>
          <thead>
            <tr>
              <th scope="col">in the photo</th>
              <th scope="col">named as</th>
              <th scope="col">photos</th>
            </tr>
          </thead>
          <tbody>
            {mistakes.map((c) => (
              <tr key={`${c.expected}|${c.namedAs}`}>
                <td>{shown(c.expected)}</td>
                <td>{shown(c.namedAs)}</td>
                <td>{c.photos}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="button" onClick={() => controller.downloadConfusionCsv()}>
        Download the score (CSV)
      </button>
    </section>
  );
}
