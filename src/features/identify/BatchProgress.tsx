import { ProgressBar } from '../../components/ProgressBar';
import { useAppState, useController } from '../../state/context';
import { isBatchRunning } from '../../state/store';

/** Progress of the current batch; stays (full) after it completes, until the next batch starts. */
export function BatchProgress() {
  const controller = useController();
  const batch = useAppState((s) => s.batch);
  if (!batch) return null;
  const running = isBatchRunning(batch);
  let text = `${batch.finished} of ${batch.total} photos`;
  if (batch.cancelled > 0) text += ` (${batch.cancelled} cancelled)`;
  return (
    <div className="batch">
      <ProgressBar label="Recognition progress" value={batch.finished} max={batch.total} text={text} />
      {running && (
        <button type="button" className="button" onClick={() => controller.cancel()}>
          Cancel
        </button>
      )}
    </div>
  );
}
