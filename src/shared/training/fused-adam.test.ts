import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../data/random';
import { registerWasmGradients } from './wasm-backend';
import { FusedAdamOptimizer } from './fused-adam';

/** Five Adam steps on Σ w·r + Σ w² from fixed weights: the weights after each step. */
function train(optimizer: tf.Optimizer, shapes: number[][]): Float32Array[] {
  const rand = mulberry32(7);
  const vars = shapes.map((shape) =>
    tf.variable(
      tf.tensor(
        Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => normal(rand)),
        shape,
      ),
    ),
  );
  const targets = shapes.map((shape) =>
    tf.tensor(
      Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => normal(rand)),
      shape,
    ),
  );
  const seen: Float32Array[] = [];
  for (let step = 0; step < 5; step++) {
    optimizer.minimize(() => tf.addN(vars.map((v, i) => tf.sum(tf.add(tf.mul(v, targets[i]!), tf.square(v))))) as tf.Scalar, false, vars);
    for (const v of vars) seen.push(Float32Array.from(v.dataSync()));
  }
  tf.dispose([...vars, ...targets]);
  optimizer.dispose();
  return seen;
}

describe('FusedAdamOptimizer', () => {
  it.each(['cpu', 'wasm'] as const)('matches tfjs Adam bit for bit on %s, in fewer kernels', async (backend) => {
    registerWasmGradients();
    await tf.setBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    const shapes = [[3, 3, 2, 4], [4], [17, 5]];
    const before = tf.memory().numTensors;
    const expected = train(tf.train.adam(0.01), shapes);
    const stock = tf.memory().numTensors - before;
    const actual = train(new FusedAdamOptimizer(0.01), shapes);
    // Leaves what tfjs's own Adam leaves.
    expect(tf.memory().numTensors - before).toBe(2 * stock);
    actual.forEach((a, i) => expect(Array.from(a)).toEqual(Array.from(expected[i]!)));
  });
});
