import { useId } from 'react';
import { TOLERANCE_STEP } from '../../domain/settings';
import { DEFAULT_TOLERANCE, MAX_TOLERANCE, MIN_TOLERANCE } from '../../domain/types';
import { useAppState, useController } from '../../state/context';

/**
 * The matching tolerance. Moving it re-labels every result from the encodings already found: the
 * models do not run again.
 */
export function ToleranceControl() {
  const controller = useController();
  const tolerance = useAppState((s) => s.tolerance);
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="setting setting--range">
      <label htmlFor={id} className="setting__label">
        Tolerance
      </label>
      <input
        id={id}
        type="range"
        min={MIN_TOLERANCE}
        max={MAX_TOLERANCE}
        step={TOLERANCE_STEP}
        value={tolerance}
        aria-describedby={hintId}
        onChange={(event) => controller.setTolerance(event.currentTarget.valueAsNumber)}
      />
      <output htmlFor={id} className="setting__value" data-testid="tolerance-value">
        {tolerance.toFixed(2)}
      </output>
      <span id={hintId} className="setting__hint">
        Lower is stricter: fewer wrong names, more unknown faces. Default {DEFAULT_TOLERANCE.toFixed(2)}.
      </span>
    </div>
  );
}
