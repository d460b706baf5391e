import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/random';
import { categoricalCrossentropy } from './fused-loss';

/** Probabilities (rows summing to about 1, some clipped: 0 and 1 included) and one-hot or soft targets. */
function inputs(rows: number, classes: number, seed: number) {
  const rand = mulberry32(seed);
  const p = new Float32Array(rows * classes);
  const t = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < classes; j++) s += p[r * classes + j] = rand() ** 3;
    for (let j = 0; j < classes; j++) p[r * classes + j]! /= r % 3 === 0 ? s : s * 0.9;
    if (r === 1) p.fill(0, r * classes, (r + 1) * classes).fill(1, r * classes + 2, r * classes + 3);
    if (r % 2) t[r * classes + Math.floor(rand() * classes)] = 1;
    else for (let j = 0; j < classes; j++) t[r * classes + j] = 1 / classes;
  }
  return { p: tf.tensor2d(p, [rows, classes]), t: tf.tensor2d(t, [rows, classes]) };
}

/** Mean loss and its gradient w.r.t. the predictions. */
function lossAndGrad(loss: (t: tf.Tensor, p: tf.Tensor) => tf.Tensor, t: tf.Tensor, p: tf.Tensor) {
  return tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => tf.mean(loss(t, x)))(p);
    return { value: value.dataSync()[0]!, grad: Array.from(grad.dataSync()), perSample: Array.from(loss(t, p).dataSync()) };
  });
}

describe('fused categorical cross-entropy', () => {
  it.each(['cpu', 'wasm'] as const)('gives tfjs-layers loss and gradient on %s, in 2 kernels', async (backend) => {
    await tf.setBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    const { p, t: soft } = inputs(7, 10, 4);
    const t = backend === 'cpu' ? soft : soft.toInt().toFloat();
    const expected = lossAndGrad(tf.metrics.categoricalCrossentropy, t, p);
    const before = tf.memory().numTensors;
    const actual = lossAndGrad(categoricalCrossentropy, t, p);
    expect(tf.memory().numTensors).toBe(before);
    actual.perSample.forEach((v, i) => expect(v).toBeCloseTo(expected.perSample[i]!, 5));
    expect(actual.value).toBeCloseTo(expected.value, 5);
    const scale = Math.max(...expected.grad.map(Math.abs));
    actual.grad.forEach((g, i) => expect(Math.abs(g - expected.grad[i]!) / scale).toBeLessThan(1e-5));
    const kernels = async (loss: typeof categoricalCrossentropy) =>
      (await tf.profile(() => tf.tidy(() => tf.grad((x: tf.Tensor) => loss(t, x).sum())(p)))).kernels.map((k) => k.name);
    expect((await kernels(categoricalCrossentropy)).filter((k) => k.startsWith('CategoricalCrossentropy'))).toEqual([
      'CategoricalCrossentropy',
      'CategoricalCrossentropyGrad',
    ]);
    tf.dispose([p, t]);
  });

  it('trains a model to the same weights as the loss by name (Adam, 5 steps)', async () => {
    await tf.setBackend('wasm');
    const rand = mulberry32(8);
    const xs = tf.tensor2d(
      Float32Array.from({ length: 6 * 5 }, () => rand() - 0.5),
      [6, 5],
    );
    // int32 targets, as tf.oneHot makes them.
    const ys = tf.oneHot(tf.tensor1d([0, 2, 1, 2, 0, 1], 'int32'), 3);
    const run = async (loss: string | typeof categoricalCrossentropy) => {
      const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [5], units: 3, activation: 'softmax', kernelInitializer: 'ones' })] });
      model.compile({ optimizer: tf.train.adam(0.05), loss, metrics: ['accuracy'] });
      // [loss, accuracy] per step.
      const losses: number[] = [];
      for (let i = 0; i < 5; i++) losses.push(...((await model.trainOnBatch(xs, ys)) as number[]));
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return { losses, weights };
    };
    const a = await run('categoricalCrossentropy');
    const b = await run(categoricalCrossentropy);
    expect(b.losses.length).toBe(10);
    a.losses.forEach((l, i) => expect(b.losses[i]).toBeCloseTo(l, 5));
    a.weights.forEach((w, i) => w.forEach((v, j) => expect(b.weights[i]![j]!).toBeCloseTo(v, 5)));
    tf.dispose([xs, ys]);
  });
});
