/** Per-batch loss as an SVG line (log scale when it spans more than a decade). */
export function LossChart({ losses }: { losses: number[] }) {
  const width = 320;
  const height = 140;
  if (losses.length < 2) {
    return <div className="loss-chart loss-chart--empty" data-testid="loss-chart">No loss values yet</div>;
  }
  const positive = losses.every((l) => l > 0);
  const max = Math.max(...losses);
  const min = Math.min(...losses);
  const useLog = positive && max / min > 10;
  const f = (v: number) => (useLog ? Math.log10(v) : v);
  const lo = f(min);
  const hi = f(max) === lo ? lo + 1 : f(max);
  const points = losses
    .map((l, i) => `${((i / (losses.length - 1)) * width).toFixed(1)},${(height - ((f(l) - lo) / (hi - lo)) * height).toFixed(1)}`)
    .join(' ');
  return (
    <svg className="loss-chart" data-testid="loss-chart" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label="Loss per batch">
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
      <text x={4} y={12} className="loss-chart__label">{max.toPrecision(3)}</text>
      <text x={4} y={height - 4} className="loss-chart__label">{min.toPrecision(3)}{useLog ? ' (log)' : ''}</text>
    </svg>
  );
}
