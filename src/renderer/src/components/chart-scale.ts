/**
 * The axes of a metric chart. The x axis spans the data so far (not the whole planned run, which
 * squeezed the first epoch into a line at the left edge), at least `minSpan`; the y axis spans the
 * finite values (on a log scale, the positive ones).
 */
export interface Point {
  x: number;
  y: number;
}

export interface ChartScale {
  xEnd: number;
  yLo: number;
  yHi: number;
  /** Ticks of the y axis (top, middle, bottom), in data units. */
  yTicks: [number, number, number];
}

export function chartScale(points: Point[], { log = false, minSpan = 1, xMax }: { log?: boolean; minSpan?: number; xMax?: number } = {}): ChartScale | null {
  const usable = points.filter((p) => Number.isFinite(p.y) && (!log || p.y > 0));
  if (usable.length < 2) return null;
  const f = (v: number) => (log ? Math.log10(v) : v);
  const inv = (v: number) => (log ? 10 ** v : v);
  const ys = usable.map((p) => f(p.y));
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const lastX = Math.max(...usable.map((p) => p.x));
  return { xEnd: xMax ?? Math.max(lastX, minSpan), yLo: lo, yHi: hi, yTicks: [inv(hi), inv((lo + hi) / 2), inv(lo)] };
}

/** A tick value as a short label: 3 significant digits, no trailing zeros. */
export function tickText(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(3)));
}
