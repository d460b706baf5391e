/** The optimizer a run asks for, and changing its learning rate mid-run (reduce-LR-on-plateau). */
import * as tf from '@tensorflow/tfjs';
import type { TrainingOptions } from '../api/training-protocol';
import { FusedAdamOptimizer } from './fused-adam';
import { NadamOptimizer } from './nadam';

export function makeOptimizer(options: TrainingOptions): tf.Optimizer {
  const lr = options.learningRate;
  switch (options.optimizer) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, options.momentum, false);
    case 'nesterov':
      return tf.train.momentum(lr, options.momentum, true);
    case 'adam':
      // tfjs's Adam, one kernel per variable (fused-adam.ts)
      return new FusedAdamOptimizer(lr);
    case 'nadam':
      return new NadamOptimizer(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
    case 'adagrad':
      return tf.train.adagrad(lr);
  }
}

export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  // Not `instanceof SGDOptimizer`: tfjs's Optimizer[Symbol.hasInstance] duck-types, so every optimizer
  // passes it. SGD and Momentum have a setter; the others read a public `learningRate` field.
  const o = optimizer as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}
