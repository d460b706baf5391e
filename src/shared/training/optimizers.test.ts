import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS, trainingOptionsSchema } from '../api/schemas';
import { makeOptimizer, setLearningRate } from './optimizers';

/** One step on f(v) = v (gradient 1) from v = 0: the step's length. */
function firstStep(optimizer: tf.Optimizer): number {
  const v = tf.variable(tf.scalar(0));
  optimizer.minimize(() => v.sum() as tf.Scalar, false, [v]);
  const moved = Math.abs(v.dataSync()[0]!);
  v.dispose();
  return moved;
}

describe('changing the learning rate mid-run (reduce-LR-on-plateau)', () => {
  // Regression: tfjs's Optimizer[Symbol.hasInstance] duck-types, so `instanceof SGDOptimizer` was true for
  // Adam and setLearningRate threw "optimizer.setLearningRate is not a function".
  it.each(OPTIMIZERS)('%s takes the new rate', (name) => {
    const options = trainingOptionsSchema.parse({ epochs: 1, batchSize: 1, learningRate: 0.1, seed: 1, optimizer: name });
    const before = firstStep(makeOptimizer(options));
    const optimizer = makeOptimizer(options);
    expect(() => setLearningRate(optimizer, 0.01)).not.toThrow();
    const after = firstStep(optimizer);
    expect(after).toBeLessThan(before / 5);
    optimizer.dispose();
  });
});
