import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NadamOptimizer } from './nadam';

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

describe('Nadam', () => {
  it("matches Keras 3's update, step by step", () => {
    // By hand, g = 1 from w = 0, lr 0.1: u1 = 0.9·(1 − 0.48) = 0.468, u2 = 0.9·(1 − 0.4608) = 0.48528,
    // m = 0.1, v = 0.001, m̂ = 0.48528·0.1/(1 − 0.468·0.48528) + (1 − 0.468)·1/(1 − 0.468) = 1.062788…,
    // v̂ = 0.001/(1 − 0.999) = 1, w = −0.1·1.062788/(1 + 1e−7).
    const w = tf.variable(tf.scalar(0), true, 'nadam_w');
    const optimizer = new NadamOptimizer(0.1);
    optimizer.applyGradients({ nadam_w: tf.scalar(1) });
    const mHat = (0.48528 * 0.1) / (1 - 0.468 * 0.48528) + 1;
    expect(w.dataSync()[0]).toBeCloseTo((-0.1 * mHat) / (1 + 1e-7), 6);
    w.dispose();
    optimizer.dispose();
  });

  it('minimizes a quadratic and keeps no tensors behind', () => {
    const before = tf.memory().numTensors;
    const x = tf.tidy(() => tf.variable(tf.tensor1d([3, -2]), true, 'nadam_x'));
    const optimizer = new NadamOptimizer(0.1);
    for (let i = 0; i < 300; i++) optimizer.minimize(() => x.square().sum() as tf.Scalar);
    expect(Math.max(...Array.from(x.dataSync()).map(Math.abs))).toBeLessThan(0.05);
    optimizer.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
