import { describe, expect, it } from 'vitest';
import { chartScale, tickText } from './chart-scale';

describe('chartScale', () => {
  it('spans the data so far on x, not the planned run', () => {
    const points = [0, 1, 2, 3].map((x) => ({ x, y: 2 - x * 0.1 }));
    expect(chartScale(points)?.xEnd).toBe(3);
    expect(chartScale(points, { minSpan: 10 })?.xEnd).toBe(10);
    expect(chartScale(points, { xMax: 7 })?.xEnd).toBe(7);
  });
  it('puts the y ticks at the top, middle and bottom; log scale in decades', () => {
    const s = chartScale(
      [
        { x: 0, y: 10 },
        { x: 1, y: 0.1 },
      ],
      { log: true },
    )!;
    expect(s.yTicks.map((t) => Number(t.toPrecision(3)))).toEqual([10, 1, 0.1]);
  });
  it('needs two finite values; a flat line still gets a range', () => {
    expect(
      chartScale([
        { x: 0, y: NaN },
        { x: 1, y: 1 },
      ]),
    ).toBeNull();
    const flat = chartScale([
      { x: 0, y: 1 },
      { x: 1, y: 1 },
    ])!;
    expect(flat.yHi).toBeGreaterThan(flat.yLo);
  });
});

describe('tickText', () => {
  it('is short', () => {
    expect(tickText(0.123456)).toBe('0.123');
    expect(tickText(2.5)).toBe('2.5');
    expect(tickText(12345.6)).toBe('12,346');
    expect(tickText(0)).toBe('0');
  });
});
