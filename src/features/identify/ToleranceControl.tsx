import { useId } from 'react';
import { STRANGER_RATE } from '../../domain/auto-tolerance';
import { TOLERANCE_STEP } from '../../domain/settings';
import { MAX_TOLERANCE, MIN_TOLERANCE } from '../../domain/types';
import { useAppState, useController } from '../../state/context';
import { selectAutoTolerance, selectTolerance } from '../../state/selectors';

const peopleCount = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

/**
 * The matching tolerance: Auto (fitted to the known people) unless the user moves the slider. Either way
 * results are re-labelled from the encodings already found: the models do not run again.
 */
export function ToleranceControl() {
  const controller = useController();
  const tolerance = useAppState(selectTolerance);
  const isAuto = useAppState((s) => s.toleranceChoice === 'auto');
  const auto = useAppState(selectAutoTolerance);
  const id = useId();
  const hintId = `${id}-hint`;
  const autoText = auto
    ? `Auto · ${auto.tolerance.toFixed(2)} for ${peopleCount(auto.people)}`
    : 'Auto · fitted once someone is known';
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
      <label className="setting__auto">
        <input
          type="checkbox"
          checked={isAuto}
          onChange={(event) => controller.setTolerance(event.currentTarget.checked ? 'auto' : tolerance)}
        />
        Auto
      </label>
      <span id={hintId} className="setting__hint" data-testid="tolerance-auto">
        {isAuto ? autoText : `Set by you. ${autoText}.`} Auto keeps the strangers who get a name to about{' '}
        {Math.round(STRANGER_RATE * 100)}% for this many known people. Lower is stricter: fewer wrong names, more unknown faces.
      </span>
    </div>
  );
}
