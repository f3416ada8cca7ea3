import { useId } from 'react';
import { DEFAULT_KNOWN_JITTER } from '../../domain/types';
import { useAppState, useController } from '../../state/context';

/** More jittered encodings per known photo: slower to add, a steadier encoding. */
export function ExtraAccuracyToggle() {
  const controller = useController();
  const jitter = useAppState((s) => s.knownJitter);
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="setting setting--check">
      <input
        id={id}
        type="checkbox"
        checked={jitter > DEFAULT_KNOWN_JITTER}
        aria-describedby={hintId}
        onChange={(event) => controller.setExtraAccuracy(event.currentTarget.checked)}
      />
      <label htmlFor={id}>Extra accuracy for known photos (slower)</label>
      <span id={hintId} className="setting__hint">
        Each photo added from now on is encoded several times from slightly shifted crops, and the results averaged.
      </span>
    </div>
  );
}
