import { useEffect, useState } from 'react';
import { estimateRate, formatDuration, formatRate } from '../domain/rate';
import { ProgressBar } from './ProgressBar';

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

/** A batch's counts (the store's BatchProgress). */
interface BatchCounts {
  startedAt: number;
  total: number;
  finished: number;
  cancelled: number;
}

interface BatchProgressViewProps {
  /** The progress bar's accessible name. */
  label: string;
  batch: BatchCounts;
  onCancel: () => void;
  /** Bar above its text and Cancel, for a narrow column. */
  stacked?: boolean;
}

/** A batch's progress bar: count, speed and time left, and Cancel while it runs. */
export function BatchProgressView({ label, batch, onCancel, stacked = false }: BatchProgressViewProps) {
  const running = batch.finished < batch.total;
  useTick(running);
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
    <div className={stacked ? 'batch batch--stacked' : 'batch'}>
      <ProgressBar label={label} value={batch.finished} max={batch.total} text={text} />
      {running && (
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
