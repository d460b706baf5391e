import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../data/random';
import { registerWasmGradients } from './wasm-backend';
import { fuseConvLayers } from './fused-conv';

const randomTensor = (shape: number[], rand: () => number) =>
  tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => normal(rand)),
    shape,
  );

/** Conv relu same → Conv relu valid stride 2 (no bias) → Conv linear → Flatten → Dense softmax, fixed weights. */
function makeModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [9, 9, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'valid', activation: 'relu', useBias: false }),
      tf.layers.conv2d({ filters: 3, kernelSize: 2, padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  const rand = mulberry32(3);
  model.setWeights(model.getWeights().map((w) => tf.tidy(() => randomTensor(w.shape, rand).mul(0.5))));
  return model;
}

/** Loss and every weight's gradient of one categorical cross-entropy step. */
function step(model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor) {
  const { value, grads } = tf.variableGrads(
    () => {
      const out = model.apply(xs, { training: true }) as tf.Tensor;
      return tf.losses.softmaxCrossEntropy(ys, out).mean() as tf.Scalar;
    },
    model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val),
  );
  const names = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val.name);
  const result = { loss: value.dataSync()[0]!, grads: names.map((n) => Array.from(grads[n]!.dataSync())) };
  tf.dispose([value, ...Object.values(grads)]);
  return result;
}

describe('fuseConvLayers', () => {
  it.each(['cpu', 'wasm'] as const)('gives the gradients of the unfused layers on %s, in fewer kernels', async (backend) => {
    registerWasmGradients();
    await tf.setBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    const rand = mulberry32(11);
    const xs = randomTensor([3, 9, 9, 2], rand);
    const ys = tf.oneHot(tf.tensor1d([0, 3, 1], 'int32'), 4);
    const stock = makeModel();
    const fused = makeModel();
    expect(fuseConvLayers(fused)).toBe(3);
    expect(fuseConvLayers(fused)).toBe(0);

    const count = (model: tf.LayersModel) => {
      const before = tf.memory().numTensors;
      const profile = tf.tidy(() => step(model, xs, ys));
      expect(tf.memory().numTensors).toBe(before);
      return profile;
    };
    const a = count(stock);
    const b = count(fused);
    expect(b.loss).toBeCloseTo(a.loss, 5);
    a.grads.forEach((g, i) => {
      const scale = Math.max(1e-3, ...g.map(Math.abs));
      b.grads[i]!.forEach((v, j) => expect(Math.abs(v - g[j]!) / scale).toBeLessThan(1e-5));
    });

    const kernelsOf = async (model: tf.LayersModel) => (await tf.profile(() => tf.tidy(() => step(model, xs, ys).loss))).kernels.length;
    expect(await kernelsOf(fused)).toBeLessThan(await kernelsOf(stock));
    // Outside a gradient (inference) the layers take tfjs's own path: the same values.
    const p = (model: tf.LayersModel) => Array.from((model.predict(xs) as tf.Tensor).dataSync());
    p(fused).forEach((v, i) => expect(v).toBeCloseTo(p(stock)[i]!, 6));
    tf.dispose([xs, ys]);
    stock.dispose();
    fused.dispose();
  });

  it('trains with trainOnBatch to the same weights (Adam, 5 steps)', async () => {
    await tf.setBackend('wasm');
    const rand = mulberry32(5);
    const xs = randomTensor([4, 9, 9, 2], rand);
    const ys = tf.oneHot(tf.tensor1d([0, 3, 1, 2], 'int32'), 4);
    const run = async (fuse: boolean) => {
      const model = makeModel();
      if (fuse) fuseConvLayers(model);
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
      for (let i = 0; i < 5; i++) await model.trainOnBatch(xs, ys);
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return weights;
    };
    const a = await run(false);
    const b = await run(true);
    a.forEach((w, i) => w.forEach((v, j) => expect(b[i]![j]!).toBeCloseTo(v, 4)));
    tf.dispose([xs, ys]);
  });
});
