import { describe, expect, it } from 'vitest';
import { boundsOf, estimatedHandles, inView, openingViewport, sameViewport } from './view-fit';

const options = { padding: 0.1, minZoom: 0.05, maxZoom: 1.2, readableZoom: 0.6, marginPx: 24 };

describe('openingViewport', () => {
  it('centres a network that fits readably, at most at the largest zoom', () => {
    const v = openingViewport({ x: 0, y: 0, width: 220, height: 400 }, 1000, 800, options);
    expect(v.zoom).toBe(1.2); // 800 / 440 fits it by height, capped at 1.2
    expect(v.x + 110 * v.zoom).toBeCloseTo(500);
    expect(v.y + 200 * v.zoom).toBeCloseTo(400);
  });
  it('opens a long network at the readable zoom from its top, centred across when narrow', () => {
    const v = openingViewport({ x: 40, y: 40, width: 220, height: 100_000 }, 1000, 800, options);
    expect(v.zoom).toBe(0.6);
    expect(v.y + 40 * 0.6).toBeCloseTo(24);
    expect(v.x + (40 + 110) * 0.6).toBeCloseTo(500);
  });
  it('starts a long, wide network at its left edge', () => {
    const v = openingViewport({ x: 40, y: 40, width: 5_000, height: 100_000 }, 1000, 800, options);
    expect(v.x + 40 * 0.6).toBeCloseTo(24);
  });
});

describe('boundsOf / sameViewport / estimatedHandles', () => {
  it('unions boxes; none is null', () => {
    expect(
      boundsOf([
        { x: 0, y: 10, width: 5, height: 5 },
        { x: -5, y: 0, width: 5, height: 5 },
      ]),
    ).toEqual({ x: -5, y: 0, width: 10, height: 15 });
    expect(boundsOf([])).toBeNull();
  });
  it('says whether any of a box is on the canvas', () => {
    const box = { x: 100, y: 100, width: 50, height: 50 };
    expect(inView(box, 400, 300, { x: 0, y: 0, zoom: 1 })).toBe(true);
    expect(inView(box, 400, 300, { x: -150, y: 0, zoom: 1 })).toBe(false);
    expect(inView(box, 400, 300, { x: -149, y: 0, zoom: 1 })).toBe(true);
    expect(inView(box, 400, 300, { x: 0, y: 0, zoom: 2 })).toBe(true);
    expect(inView(box, 400, 300, { x: 0, y: 0, zoom: 3 })).toBe(false);
  });
  it('ignores sub-pixel differences only', () => {
    expect(sameViewport({ x: 1, y: 1, zoom: 1 }, { x: 1.2, y: 0.9, zoom: 1 })).toBe(true);
    expect(sameViewport({ x: 1, y: 1, zoom: 1 }, { x: 2, y: 1, zoom: 1 })).toBe(false);
  });
  it('puts the input handle at the top centre and the output at the bottom centre; an Input has no input', () => {
    const [target, source] = estimatedHandles(220, 80, true);
    expect(target!.x + target!.width / 2).toBe(110);
    expect(target!.y + target!.height / 2).toBe(0);
    expect(source!.y + source!.height / 2).toBe(80);
    expect(estimatedHandles(220, 80, false).map((h) => h.type)).toEqual(['source']);
  });
});
