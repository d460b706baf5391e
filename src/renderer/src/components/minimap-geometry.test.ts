import { describe, expect, it } from 'vitest';
import { centredOn, fitFrame, toFlow, toMap, union, visibleBox, wheelZoom } from './minimap-geometry';

describe('minimap geometry', () => {
  it('the visible part of the flow follows the transform', () => {
    expect(visibleBox({ x: -100, y: 50, zoom: 2 }, 800, 600)).toEqual({ x: 50, y: -25, width: 400, height: 300 });
  });

  it('union spans both boxes', () => {
    expect(union({ x: 0, y: 0, width: 10, height: 10 }, { x: -5, y: 20, width: 10, height: 5 })).toEqual({ x: -5, y: 0, width: 15, height: 25 });
  });

  it('a tall network fits the map by its height and is centred across', () => {
    const content = { x: 0, y: 0, width: 100, height: 1000 };
    const frame = fitFrame(content, 200, 150, 5);
    expect(frame.scale).toBeCloseTo(140 / 1000);
    const box = toMap(frame, content);
    expect(box.y).toBeCloseTo(5);
    expect(box.y + box.height).toBeCloseTo(145);
    expect(box.x + box.width / 2).toBeCloseTo(100);
  });

  it('map pixels and flow coordinates convert both ways', () => {
    const frame = fitFrame({ x: -300, y: 40, width: 900, height: 500 }, 200, 150);
    const flow = toFlow(frame, 37, 91);
    const back = toMap(frame, { ...flow, width: 0, height: 0 });
    expect(back.x).toBeCloseTo(37);
    expect(back.y).toBeCloseTo(91);
  });

  it('centring on a point puts it in the middle of the canvas', () => {
    const view = centredOn(500, 2000, 0.5, 800, 600);
    expect(500 * view.zoom + view.x).toBeCloseTo(400);
    expect(2000 * view.zoom + view.y).toBeCloseTo(300);
  });

  it('an empty or degenerate content box still gives a finite frame', () => {
    const frame = fitFrame({ x: 10, y: 10, width: 0, height: 0 }, 200, 150);
    expect(Number.isFinite(frame.scale) && Number.isFinite(frame.originX) && Number.isFinite(frame.originY)).toBe(true);
  });

  it('the wheel zooms out on a positive delta, in and out within the limits', () => {
    expect(wheelZoom(1, 100, 0.05, 2)).toBeLessThan(1);
    expect(wheelZoom(1, -100, 0.05, 2)).toBeGreaterThan(1);
    expect(wheelZoom(0.06, 4000, 0.05, 2)).toBe(0.05);
    expect(wheelZoom(1.9, -4000, 0.05, 2)).toBe(2);
  });
});
