/** A small SVG line chart: per-batch values (smoothed) and optional per-epoch points for train and validation. */
export interface Series {
  label: string;
  values: number[];
  /** x positions in the same units as the batch axis (e.g. epoch ends), when not one per batch. */
  xs?: number[];
  className: string;
  /** Overrides the class's colour (one colour per compared run). */
  color?: string;
}

/** Exponential moving average, as TensorBoard smooths (weight 0.9 by default). */
export function smooth(values: number[], weight = 0.9): number[] {
  let last = values[0] ?? 0;
  return values.map((v) => (last = last * weight + (1 - weight) * v));
}

export function MetricChart({ title, series, testId, xMax, log = false }: { title: string; series: Series[]; testId: string; xMax: number; log?: boolean }) {
  const width = 320;
  const height = 120;
  const all = series.flatMap((s) => s.values).filter((v) => Number.isFinite(v) && (!log || v > 0));
  if (all.length < 2) {
    return (
      <div className="metric-chart metric-chart--empty" data-testid={testId}>
        {title}: no data yet
      </div>
    );
  }
  const f = (v: number) => (log ? Math.log10(v) : v);
  const lo = Math.min(...all.map(f));
  const hi = Math.max(...all.map(f));
  const span = hi - lo || 1;
  const x = (i: number) => (i / Math.max(xMax, 1)) * width;
  const y = (v: number) => height - ((f(v) - lo) / span) * (height - 8) - 4;
  return (
    <figure className="metric-chart" data-testid={testId}>
      <figcaption>
        {title}
        {series.map((s) => (
          <span key={s.label} className={`metric-chart__key ${s.className}`} style={s.color ? { color: s.color } : undefined}>
            {s.label}
          </span>
        ))}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={title}>
        {series.map((s) => (
          <polyline
            key={s.label}
            className={s.className}
            style={s.color ? { stroke: s.color } : undefined}
            fill="none"
            strokeWidth={1.5}
            vectorEffect="non-scaling-stroke"
            points={s.values.map((v, i) => `${x(s.xs?.[i] ?? i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
          />
        ))}
        <text x={4} y={12} className="metric-chart__label">{(log ? 10 ** hi : hi).toPrecision(3)}</text>
        <text x={4} y={height - 4} className="metric-chart__label">{(log ? 10 ** lo : lo).toPrecision(3)}</text>
      </svg>
    </figure>
  );
}
