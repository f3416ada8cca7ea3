import type { TradeOffPoint } from '../../domain/gallery-check';

const W = 360;
const H = 180;
const PAD = { left: 34, right: 8, top: 8, bottom: 26 };
const SERIES = [
  { key: 'right', label: 'named right', className: 'plot__line--right' },
  { key: 'wrong', label: 'named wrong', className: 'plot__line--wrong' },
  { key: 'unknown', label: 'unknown', className: 'plot__line--unknown' },
  { key: 'strangersNamed', label: 'strangers named', className: 'plot__line--strangers' },
] as const;

interface TradeOffPlotProps {
  curve: readonly TradeOffPoint[];
  tolerance: number;
  auto: number | null;
}

/**
 * Names right / wrong / unknown (leave-one-out over the known photos) and strangers named (every known
 * photo against the other people) as the tolerance moves, with the tolerance in force and Auto marked.
 */
export function TradeOffPlot({ curve, tolerance, auto }: TradeOffPlotProps) {
  const first = curve[0]?.tolerance ?? 0.3;
  const last = curve[curve.length - 1]?.tolerance ?? 0.8;
  const x = (t: number) => PAD.left + ((t - first) / (last - first || 1)) * (W - PAD.left - PAD.right);
  const y = (share: number) => PAD.top + (1 - share) * (H - PAD.top - PAD.bottom);
  const path = (key: (typeof SERIES)[number]['key']) =>
    curve.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.tolerance).toFixed(1)},${y(p[key]).toFixed(1)}`).join('');
  const ticks = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8].filter((t) => t >= first && t <= last);
  return (
    <figure className="plot">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Names right, wrong and unknown as the tolerance moves" data-testid="tradeoff-plot">
        {[0, 0.5, 1].map((s) => (
          <g key={s}>
            <line className="plot__grid" x1={PAD.left} x2={W - PAD.right} y1={y(s)} y2={y(s)} />
            <text className="plot__tick" x={PAD.left - 4} y={y(s) + 4} textAnchor="end">
              {Math.round(s * 100)}%
            </text>
          </g>
        ))}
        {ticks.map((t) => (
          <text key={t} className="plot__tick" x={x(t)} y={H - 8} textAnchor="middle">
            {t.toFixed(1)}
          </text>
        ))}
        {SERIES.map((s) => (
          <path key={s.key} className={`plot__line ${s.className}`} d={path(s.key)} />
        ))}
        <line className="plot__mark" x1={x(tolerance)} x2={x(tolerance)} y1={PAD.top} y2={H - PAD.bottom} data-testid="plot-current" />
        {auto !== null && (
          <line className="plot__mark plot__mark--auto" x1={x(auto)} x2={x(auto)} y1={PAD.top} y2={H - PAD.bottom} data-testid="plot-auto" />
        )}
      </svg>
      <figcaption className="plot__legend">
        {SERIES.map((s) => (
          <span key={s.key} className={`plot__key ${s.className}`}>
            {s.label}
          </span>
        ))}
        <span className="plot__key plot__key--mark">now {tolerance.toFixed(2)}</span>
        {auto !== null && <span className="plot__key plot__key--auto">Auto {auto.toFixed(2)}</span>}
      </figcaption>
    </figure>
  );
}
