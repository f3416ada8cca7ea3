import { useAppState } from '../../state/context';

const SHOWN_NAMES = 12;

/**
 * After a reload mid-batch: the finished photos are back as cards; this names the files that weren't
 * finished, which must be dropped again (a page can't keep files across a reload).
 */
export function ResumeOffer() {
  const resume = useAppState((s) => s.resume);
  if (resume.length === 0) return null;
  const names = resume.map((r) => r.name);
  const n = names.length;
  return (
    <div className="resume" role="status" data-testid="resume-offer" data-count={n}>
      <p className="resume__text">
        {n} {n === 1 ? 'photo' : 'photos'} of the last batch {n === 1 ? "wasn't" : "weren't"} finished. Drop{' '}
        {n === 1 ? 'it' : 'them'} again to finish (photos already done come from the cache):{' '}
        {names.slice(0, SHOWN_NAMES).join(', ')}
        {n > SHOWN_NAMES && `, and ${n - SHOWN_NAMES} more`}.
      </p>
      {n > SHOWN_NAMES && (
        <details className="resume__all">
          <summary>All {n} file names</summary>
          <pre className="resume__names" data-testid="resume-names">
            {names.join('\n')}
          </pre>
        </details>
      )}
    </div>
  );
}
