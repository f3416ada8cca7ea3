interface ProgressBarProps {
  label: string;
  value: number;
  max: number;
  /** Visible text, also the bar's aria-valuetext. */
  text: string;
}

export function ProgressBar({ label, value, max, text }: ProgressBarProps) {
  const percent = max > 0 ? Math.min(100, (value / max) * 100) : 0;
  return (
    <div className="progress">
      <div
        className="progress__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        aria-valuetext={text}
      >
        <div className="progress__fill" style={{ transform: `scaleX(${percent / 100})` }} />
      </div>
      <span className="progress__text">{text}</span>
    </div>
  );
}
