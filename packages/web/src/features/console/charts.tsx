import type { Formatters } from '../../i18n/format';

/**
 * Small charts drawn as inline SVG (no chart library): bars per day, stacked by series, and
 * horizontal bars per item. Each is an image with a text alternative; the numbers are also
 * in the tables beside them, for those who would rather read.
 */
export interface Series {
  key: string;
  label: string;
  className: string;
  values: number[];
}

const W = 320;
const H = 140;
const PAD_LEFT = 36;
const PAD_BOTTOM = 18;

/** A round axis maximum (1, 2, 5 × 10ⁿ) at or above `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max) ?? 10 * p;
}

export function DailyBars({ days, series, label, format, testId }: { days: string[]; series: Series[]; label: string; format: Formatters; testId: string }) {
  const totals = days.map((_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
  const top = niceMax(Math.max(0, ...totals));
  const plotW = W - PAD_LEFT;
  const plotH = H - PAD_BOTTOM;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(1, slot * 0.7);
  const y = (v: number) => plotH - (v / top) * (plotH - 4);
  return (
    <figure className="chart" data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="chart-svg">
        <line x1={PAD_LEFT} y1={plotH} x2={W} y2={plotH} className="chart-axis" />
        {(Number.isInteger(top / 2) ? [0, top / 2, top] : [0, top]).map((v) => (
          <g key={v}>
            <line x1={PAD_LEFT} y1={y(v)} x2={W} y2={y(v)} className="chart-grid" />
            <text x={PAD_LEFT - 4} y={y(v) + 3} className="chart-tick" textAnchor="end">
              {format.number(v)}
            </text>
          </g>
        ))}
        {days.map((day, i) => {
          let base = 0;
          return (
            <g key={day} data-day={day} data-total={totals[i]}>
              <title>{`${format.calendarDate(day)}: ${series.map((s) => `${s.label} ${format.number(s.values[i] ?? 0)}`).join(', ')}`}</title>
              {series.map((s) => {
                const v = s.values[i] ?? 0;
                const top0 = y(base + v);
                const height = y(base) - top0;
                base += v;
                return v > 0 ? (
                  <rect key={s.key} x={PAD_LEFT + i * slot + (slot - barW) / 2} y={top0} width={barW} height={height} className={s.className} />
                ) : null;
              })}
            </g>
          );
        })}
        {days.length > 0 && (
          <>
            <text x={PAD_LEFT} y={H - 4} className="chart-tick">
              {format.calendarDate(days[0]!)}
            </text>
            <text x={W} y={H - 4} className="chart-tick" textAnchor="end">
              {format.calendarDate(days[days.length - 1]!)}
            </text>
          </>
        )}
      </svg>
      {series.length > 1 && (
        <figcaption className="chart-legend">
          {series.map((s) => (
            <span key={s.key} className="chart-key">
              <svg width="10" height="10" aria-hidden="true">
                <rect width="10" height="10" className={s.className} />
              </svg>
              {s.label}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}

export function ItemBars({
  items,
  label,
  format,
  testId,
}: {
  items: { key: string; label: string; value: number }[];
  label: string;
  format: Formatters;
  testId: string;
}) {
  const top = niceMax(Math.max(0, ...items.map((i) => i.value)));
  const row = 22;
  const height = Math.max(row, items.length * row);
  return (
    <figure className="chart" data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label} className="chart-svg">
        {items.map((item, i) => (
          <g key={item.key} data-key={item.key} data-value={item.value}>
            <title>{`${item.label}: ${format.number(item.value)}`}</title>
            <text x={0} y={i * row + 14} className="chart-tick">
              {item.label.length > 22 ? `${item.label.slice(0, 21)}…` : item.label}
            </text>
            <rect x={130} y={i * row + 4} width={Math.max(item.value > 0 ? 1 : 0, ((W - 190) * item.value) / top)} height={row - 8} className="chart-bar-a" />
            <text x={W} y={i * row + 14} className="chart-tick" textAnchor="end">
              {format.number(item.value)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
