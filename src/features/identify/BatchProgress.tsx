import { useEffect, useState } from 'react';
import { ProgressBar } from '../../components/ProgressBar';
import { estimateRate, formatDuration, formatRate } from '../../domain/rate';
import { useAppState, useController } from '../../state/context';
import { isBatchRunning } from '../../state/store';

/** Re-renders every second while `on`, so the time left keeps moving between results. */
function useTick(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

/** Progress of the current batch: count, speed and time left; stays (full) after it completes. */
export function BatchProgress() {
  const controller = useController();
  const batch = useAppState((s) => s.batch);
  const running = isBatchRunning(batch);
  useTick(running);
  if (!batch) return null;
  let text = `${batch.finished} of ${batch.total} photos`;
  if (batch.cancelled > 0) text += ` (${batch.cancelled} cancelled)`;
  const { perSecond, secondsLeft } = estimateRate({
    startedAt: batch.startedAt,
    now: Date.now(),
    processed: batch.finished - batch.cancelled,
    remaining: batch.total - batch.finished,
  });
  if (perSecond !== null) text += ` · ${formatRate(perSecond)}`;
  if (running && secondsLeft !== null) text += ` · about ${formatDuration(secondsLeft)} left`;
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
