import { BatchProgressView } from '../../components/BatchProgressView';
import { useAppState, useController } from '../../state/context';

/** Progress of the current batch: count, speed and time left; stays (full) after it completes. */
export function BatchProgress() {
  const controller = useController();
  const batch = useAppState((s) => s.batch);
  if (!batch) return null;
  return <BatchProgressView label="Recognition progress" batch={batch} onCancel={() => controller.cancel()} />;
}
