import { describe, expect, it } from 'vitest';
import { edgeImage, learnEdgeKernel } from './learn-edge';

describe('learning the [1, −1] edge kernel by gradient descent (lr 0.03, 10 steps)', () => {
  it('the loss falls every step and the kernel ends near [1, −1]', () => {
    expect(edgeImage()[0]).toEqual([1, 1, 0, 0, 0, 0, 1, 1]);
    const { losses, kernel } = learnEdgeKernel();
    expect(losses).toHaveLength(10);
    losses.slice(1).forEach((l, i) => expect(l).toBeLessThan(losses[i]!));
    expect(losses.at(-1)!).toBeLessThan(0.1);
    expect(kernel[0]).toBeCloseTo(1, 0);
    expect(kernel[1]).toBeCloseTo(-1, 0);
  });
});
