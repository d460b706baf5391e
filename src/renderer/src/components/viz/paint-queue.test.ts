import { describe, expect, it } from 'vitest';
import { createPaintQueue } from './paint-queue';

/** A queue on a fake clock (each paint takes `cost` ms) and hand-run frames. */
function setUp(budgetMs: number, cost: number) {
  let clock = 0;
  const frames: (() => void)[] = [];
  const queue = createPaintQueue({ budgetMs, now: () => clock, frame: (run) => void frames.push(run) });
  const painted: string[] = [];
  const paint = (name: string) => () => {
    clock += cost;
    painted.push(name);
  };
  const nextFrame = () => frames.shift()!();
  return { queue, painted, paint, nextFrame, frames };
}

describe('paint queue', () => {
  it('paints nothing at once, everything waiting within the budget in the next frame, in order', () => {
    const { queue, painted, paint, nextFrame, frames } = setUp(8, 1);
    const [a, b, c] = [{}, {}, {}];
    queue.schedule(a, paint('a'));
    queue.schedule(b, paint('b'));
    queue.schedule(c, paint('c'));
    expect(painted).toEqual([]);
    expect(frames).toHaveLength(1);
    nextFrame();
    expect(painted).toEqual(['a', 'b', 'c']);
    expect(frames).toHaveLength(0);
  });
  it('spreads paints over frames when they exceed the budget', () => {
    const { queue, painted, paint, nextFrame } = setUp(8, 3);
    const keys = Array.from({ length: 7 }, () => ({}));
    keys.forEach((k, i) => queue.schedule(k, paint(String(i))));
    nextFrame();
    expect(painted).toEqual(['0', '1', '2']);
    nextFrame();
    expect(painted).toEqual(['0', '1', '2', '3', '4', '5']);
    nextFrame();
    expect(painted).toHaveLength(7);
    expect(queue.size).toBe(0);
  });
  it('keeps only the latest paint of a canvas, and drops a cancelled one', () => {
    const { queue, painted, paint, nextFrame } = setUp(8, 1);
    const [a, b] = [{}, {}];
    queue.schedule(a, paint('a1'));
    queue.schedule(b, paint('b'));
    queue.schedule(a, paint('a2'));
    queue.cancel(b);
    nextFrame();
    expect(painted).toEqual(['a2']);
  });
});
