/** A small SVG line chart with labelled axes: per-batch values (smoothed) and optional per-epoch points. */
import { chartScale, tickText } from './chart-scale';

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

export interface MetricChartProps {
  title: string;
  series: Series[];
  testId: string;
  /** The x axis ends here; by default it ends at the last value (the chart fills as the run grows). */
  xMax?: number;
  log?: boolean;
  /** What x counts, e.g. "batch" or "epoch". */
  xLabel: string;
  /** How an x position reads (e.g. epochs are counted from 1). */
  xText?: (x: number) => string;
  /** Dotted vertical lines, e.g. where epochs end. */
  marks?: number[];
}

const WIDTH = 320;
const HEIGHT = 120;

export function MetricChart({ title, series, testId, xMax, log = false, xLabel, xText = (x) => tickText(x), marks = [] }: MetricChartProps) {
  const points = series.flatMap((s) => s.values.map((y, i) => ({ x: s.xs?.[i] ?? i, y })));
  const scale = chartScale(points, { log, xMax });
  if (!scale) {
    return (
      <div className="metric-chart metric-chart--empty" data-testid={testId}>
        {title}: no data yet
      </div>
    );
  }
  const f = (v: number) => (log ? Math.log10(v) : v);
  const x = (i: number) => (i / Math.max(scale.xEnd, 1)) * WIDTH;
  const y = (v: number) => HEIGHT - ((f(v) - scale.yLo) / (scale.yHi - scale.yLo)) * (HEIGHT - 8) - 4;
  const drawable = (v: number) => Number.isFinite(v) && (!log || v > 0);
  return (
    <figure className="metric-chart" data-testid={testId}>
      <figcaption>
        {title}
        {log && <span className="muted"> (log scale)</span>}
        <span className="metric-chart__keys">
          {series.map((s) => (
            <span key={s.label} className={`metric-chart__key ${s.className}`} style={s.color ? { color: s.color } : undefined}>
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      <div className="metric-chart__body">
        <div className="metric-chart__y" data-testid={`${testId}-y-axis`} aria-label={`${title} axis`}>
          {scale.yTicks.map((t, i) => (
            <span key={i}>{tickText(t)}</span>
          ))}
        </div>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`${title} by ${xLabel}`}>
          {marks
            .filter((m) => m > 0 && m < scale.xEnd)
            .map((m) => (
              <line key={m} className="metric-chart__mark" x1={x(m)} x2={x(m)} y1={0} y2={HEIGHT} vectorEffect="non-scaling-stroke" />
            ))}
          {series.map((s) => (
            <polyline
              key={s.label}
              className={s.className}
              style={s.color ? { stroke: s.color } : undefined}
              fill="none"
              strokeWidth={1.5}
              vectorEffect="non-scaling-stroke"
              points={s.values
                .map((v, i) => [s.xs?.[i] ?? i, v] as const)
                .filter(([, v]) => drawable(v))
                .map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`)
                .join(' ')}
            />
          ))}
        </svg>
        <div className="metric-chart__x" data-testid={`${testId}-x-axis`}>
          <span>{xText(0)}</span>
          <span className="metric-chart__x-title">{xLabel}</span>
          <span data-testid={`${testId}-x-end`}>{xText(scale.xEnd)}</span>
        </div>
      </div>
    </figure>
  );
}
