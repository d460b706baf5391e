// The wasm backend's replaced kernels against the cpu backend's, on the same inputs: convolution
// gradients (both routes: im2col for few rows, the forward-conv trick otherwise), depthwise
// gradients, max-pool gradient (ties included), leading-axes sums and transposed matrix products.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../../data/random';
import { createWasmKernelStats, registerWasmGradients } from '.';
import { RELU_GRAD_KERNEL } from './relu-grad';

type Input = { values: Float32Array; shape: number[] };

const rand = mulberry32(20240611);
function randomInput(shape: number[], transform: (v: number, i: number) => number = (v) => v): Input {
  const size = shape.reduce((a, b) => a * b, 1);
  return { values: Float32Array.from({ length: size }, (_, i) => transform(normal(rand), i)), shape };
}

/** Gradients of `f` w.r.t. every input, on one backend. */
async function gradsOn(backend: 'cpu' | 'wasm', f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: Input[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  expect(tf.getBackend()).toBe(backend);
  return tf.tidy(() => {
    const tensors = inputs.map((i) => tf.tensor(i.values, i.shape));
    return tf
      .grads(f)(tensors)
      .map((g) => Float32Array.from(g.dataSync()));
  });
}

/** max |a − b| / max(|a|, tiny): the error relative to the largest reference value. */
function relativeError(reference: Float32Array, actual: Float32Array): number {
  expect(actual.length).toBe(reference.length);
  let err = 0;
  let scale = 1e-12;
  for (let i = 0; i < reference.length; i++) {
    err = Math.max(err, Math.abs(reference[i]! - actual[i]!));
    scale = Math.max(scale, Math.abs(reference[i]!));
  }
  return err / scale;
}

/** Compares gradients on cpu and wasm; also checks that wasm released every intermediate. */
async function expectSameGradients(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: Input[], label: string) {
  const expected = await gradsOn('cpu', f, inputs);
  await tf.setBackend('wasm');
  const before = tf.engine().backend.numDataIds();
  const actual = await gradsOn('wasm', f, inputs);
  expect(tf.engine().backend.numDataIds(), `${label}: wasm tensors leaked`).toBe(before);
  expected.forEach((e, i) => expect(relativeError(e, actual[i]!), `${label}, gradient ${i}`).toBeLessThanOrEqual(1e-4));
}

/** dy is a fixed random tensor: Σ (op(x, w) · r). */
const weightedSum = (r: Input) => (y: tf.Tensor) => tf.sum(tf.mul(y, tf.tensor(r.values, r.shape)));

const stats = createWasmKernelStats();

beforeAll(async () => {
  registerWasmGradients({ stats });
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('Conv2DBackpropFilter / Conv2DBackpropInput on wasm match cpu', () => {
  const cases: { batch: number; h: number; w: number; ci: number; co: number; k: number; stride: number; pad: 'same' | 'valid' }[] = [];
  const channels = [1, 3, 8];
  for (const stride of [1, 2])
    for (const pad of ['same', 'valid'] as const)
      for (const k of [1, 3, 5, 7])
        for (const [i, ci] of channels.entries())
          for (const batch of [1, 4]) cases.push({ batch, h: 11 + (k > 5 ? 2 : 0), w: 9 + i, ci, co: channels[(i + k + batch) % 3]!, k, stride, pad });

  it.each(cases)('x $batch×$h×$w×$ci, kernel $k×$k→$co, stride $stride, $pad', async ({ batch, h, w, ci, co, k, stride, pad }) => {
    const x = randomInput([batch, h, w, ci]);
    const filter = randomInput([k, k, ci, co]);
    const probe = tf.tidy(() => tf.conv2d(tf.zeros([batch, h, w, ci]) as tf.Tensor4D, tf.zeros([k, k, ci, co]) as tf.Tensor4D, stride, pad).shape);
    const r = randomInput(probe);
    await expectSameGradients(
      (a, b) => weightedSum(r)(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad)),
      [x, filter],
      `conv ${JSON.stringify({ batch, h, w, ci, co, k, stride, pad })}`,
    );
  });

  it.each([
    {
      label: 'explicit pads larger than the kernel reach',
      pad: [
        [0, 0],
        [3, 1],
        [0, 4],
        [0, 0],
      ] as tf.backend_util.ExplicitPadding,
      k: 2,
      stride: 1,
    },
    { label: 'stride 3 skipping trailing rows', pad: 'valid' as const, k: 2, stride: 3 },
    { label: 'stride 3, same', pad: 'same' as const, k: 4, stride: 3 },
    { label: 'non-square strides', pad: 'same' as const, k: 3, stride: [2, 1] as [number, number] },
  ])('$label', async ({ pad, k, stride }) => {
    for (const ci of [1, 9]) {
      const x = randomInput([2, 10, 8, ci]);
      const filter = randomInput([k, k, ci, 5]);
      const probe = tf.tidy(() => tf.conv2d(tf.zeros([2, 10, 8, ci]) as tf.Tensor4D, tf.zeros([k, k, ci, 5]) as tf.Tensor4D, stride, pad).shape);
      const r = randomInput(probe);
      await expectSameGradients((a, b) => weightedSum(r)(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad)), [x, filter], `ci ${ci}`);
    }
  });

  // The SIMD kernel (co a multiple of 4): 8- and 4-wide column blocks, tiles of 4 rows plus a rest,
  // several 32-pixel passes (accumulating), padded and unpadded inputs, strides.
  it.each([
    { ci: 1, co: 4, k: 3, stride: 1, pad: 'same' as const },
    { ci: 3, co: 12, k: 5, stride: 1, pad: 'valid' as const },
    { ci: 5, co: 20, k: 3, stride: 2, pad: 'same' as const },
    { ci: 16, co: 64, k: 3, stride: 1, pad: 'same' as const },
    { ci: 2, co: 8, k: 7, stride: 3, pad: 'valid' as const },
    { ci: 7, co: 16, k: 1, stride: 1, pad: 'valid' as const },
  ])('SIMD kernel: ci $ci → co $co, kernel $k, stride $stride, $pad', async ({ ci, co, k, stride, pad }) => {
    const x = randomInput([3, 13, 11, ci]);
    const filter = randomInput([k, k, ci, co]);
    const probe = tf.tidy(() => tf.conv2d(tf.zeros([3, 13, 11, ci]) as tf.Tensor4D, tf.zeros([k, k, ci, co]) as tf.Tensor4D, stride, pad).shape);
    const r = randomInput(probe);
    const runs = stats.filterGradient.simd;
    await expectSameGradients((a, b) => weightedSum(r)(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad)), [x, filter], 'SIMD kernel');
    expect(stats.filterGradient.simd).toBe(runs + 1);
  });

  // Stride 1, ci ≥ 8 and x smaller than dy: the XNNPACK route that packs x instead of dy (co not a
  // multiple of 4, so not the SIMD kernel).
  it.each([
    { ci: 8, co: 18, k: 3, pad: 'same' as const },
    { ci: 12, co: 26, k: 5, pad: 'valid' as const },
    { ci: 8, co: 30, k: 1, pad: 'same' as const },
    { ci: 9, co: 21, k: 7, pad: 'same' as const },
  ])('x as the kernel: ci $ci → co $co, kernel $k, $pad', async ({ ci, co, k, pad }) => {
    const x = randomInput([3, 11, 9, ci]);
    const filter = randomInput([k, k, ci, co]);
    const probe = tf.tidy(() => tf.conv2d(tf.zeros([3, 11, 9, ci]) as tf.Tensor4D, tf.zeros([k, k, ci, co]) as tf.Tensor4D, 1, pad).shape);
    const r = randomInput(probe);
    await expectSameGradients((a, b) => weightedSum(r)(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, pad)), [x, filter], 'x as kernel');
  });

  // Conv2DTranspose runs Conv2DBackpropInput forward (strides, padding) and both kernels backward.
  it.each([
    { stride: 2, pad: 'same' as const, k: 3 },
    { stride: 2, pad: 'valid' as const, k: 4 },
    { stride: 3, pad: 'same' as const, k: 5 },
    { stride: 1, pad: 'valid' as const, k: 3 },
  ])('conv2dTranspose stride $stride, $pad, kernel $k', async ({ stride, pad, k }) => {
    const [h, w, ci, co] = [5, 4, 6, 3];
    const outH = pad === 'same' ? h * stride : (h - 1) * stride + k;
    const outW = pad === 'same' ? w * stride : (w - 1) * stride + k;
    const x = randomInput([2, h, w, ci]);
    const filter = randomInput([k, k, co, ci]);
    const r = randomInput([2, outH, outW, co]);
    const forward = (a: tf.Tensor, b: tf.Tensor) => tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [2, outH, outW, co], stride, pad);
    await expectSameGradients((a, b) => weightedSum(r)(forward(a, b)), [x, filter], 'conv2dTranspose');
    // Its forward pass is Conv2DBackpropInput itself.
    const values: Float32Array[] = [];
    for (const backend of ['cpu', 'wasm'] as const) {
      await tf.setBackend(backend);
      values.push(tf.tidy(() => Float32Array.from(forward(tf.tensor(x.values, x.shape), tf.tensor(filter.values, filter.shape)).dataSync())));
    }
    expect(relativeError(values[0]!, values[1]!)).toBeLessThanOrEqual(1e-4);
  });

  it('a Conv2D layer with bias and relu trains the same step on both backends', async () => {
    const x = randomInput([4, 12, 10, 3]);
    const w = randomInput([3, 3, 3, 6]);
    const b = randomInput([6]);
    const r = randomInput([4, 6, 5, 6]);
    await expectSameGradients(
      (xs, ws, bs) =>
        weightedSum(r)(
          tf.maxPool(
            tf.fused.conv2d({ x: xs as tf.Tensor4D, filter: ws as tf.Tensor4D, bias: bs, strides: 1, pad: 'same', activation: 'relu' }),
            2,
            2,
            'valid',
          ),
        ),
      [x, w, b],
      'fused conv + relu + pool',
    );
  });
});

describe('depthwise convolution gradients on wasm match cpu', () => {
  const cases = [];
  for (const stride of [1, 2])
    for (const pad of ['same', 'valid'] as const)
      for (const k of [1, 3, 5])
        for (const multiplier of [1, 2]) cases.push({ stride, pad, k, multiplier, ci: k === 3 ? 1 : 3, batch: multiplier === 1 ? 1 : 4 });

  it.each(cases)('kernel $k, multiplier $multiplier, ci $ci, batch $batch, stride $stride, $pad', async ({ stride, pad, k, multiplier, ci, batch }) => {
    const x = randomInput([batch, 10, 7, ci]);
    const filter = randomInput([k, k, ci, multiplier]);
    const probe = tf.tidy(
      () => tf.depthwiseConv2d(tf.zeros([batch, 10, 7, ci]) as tf.Tensor4D, tf.zeros([k, k, ci, multiplier]) as tf.Tensor4D, stride, pad).shape,
    );
    const r = randomInput(probe);
    await expectSameGradients((a, b) => weightedSum(r)(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad)), [x, filter], 'depthwise');
  });

  it('separable conv (depthwise then pointwise) trains the same', async () => {
    const x = randomInput([2, 9, 9, 4]);
    const depth = randomInput([3, 3, 4, 2]);
    const point = randomInput([1, 1, 8, 5]);
    const r = randomInput([2, 9, 9, 5]);
    await expectSameGradients(
      (a, d, p) => weightedSum(r)(tf.separableConv2d(a as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 1, 'same')),
      [x, depth, point],
      'separable',
    );
  });

  it('refuses dilation > 1 with a message, as tfjs-core does on every backend', async () => {
    await tf.setBackend('wasm');
    expect(() =>
      tf.tidy(() =>
        tf.grad((a: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 1, 'same', 'NHWC', 2).sum())(
          tf.ones([1, 8, 8, 1]),
        ),
      ),
    ).toThrow(/dilation/);
  });
});

describe('MaxPoolGrad on wasm routes each window to its first maximum, as cpu does', () => {
  // Many ties: a third of the values are 0 (relu-like), some windows all negative, some equal pairs,
  // and some values -Infinity (in `infinite` cases, every value of some windows).
  const tied = (infinite: boolean) => (v: number, i: number) =>
    infinite && i % 13 < 4 ? -Infinity : i % 3 === 0 ? 0 : i % 11 === 0 ? -1 - Math.abs(v) : i % 7 === 0 ? 0.5 : v;
  const cases: { f: number; s: number; pad: 'valid' | 'same'; h: number; w: number; c: number; batch: number; infinite?: boolean }[] = [
    { f: 3, s: 2, pad: 'same', h: 9, w: 7, c: 5, batch: 3 },
    { f: 3, s: 1, pad: 'valid', h: 6, w: 6, c: 5, batch: 3 },
    { f: 2, s: 1, pad: 'same', h: 5, w: 4, c: 5, batch: 3 },
  ];
  // 2×2 stride 2 (the SIMD kernel): channels a multiple of 4 or not (vector and single-lane steps),
  // odd H and W (partial windows in same, unread edges in valid), batch 1.
  for (const pad of ['valid', 'same'] as const)
    for (const [h, w] of [
      [8, 6],
      [7, 9],
      [6, 5],
    ] as const)
      for (const c of [1, 5, 8, 16]) cases.push({ f: 2, s: 2, pad, h, w, c, batch: c === 8 ? 1 : 3, infinite: c === 5 });
  cases.push({ f: 3, s: 2, pad: 'same', h: 9, w: 7, c: 4, batch: 2, infinite: true });

  it.each(cases)('pool $f stride $s $pad on $batch×$h×$w×$c (-Infinity: $infinite)', async ({ f, s, pad, h, w, c, batch, infinite }) => {
    const x = randomInput([batch, h, w, c], tied(!!infinite));
    const probe = tf.tidy(() => tf.maxPool(tf.zeros([batch, h, w, c]) as tf.Tensor4D, f, s, pad).shape);
    const r = randomInput(probe);
    const runs = stats.simdMaxPoolGrad;
    await expectSameGradients((a) => weightedSum(r)(tf.maxPool(a as tf.Tensor4D, f, s, pad)), [x], 'maxPool');
    expect(stats.simdMaxPoolGrad).toBe(runs + (f === 2 && s === 2 ? 1 : 0));
  });

  it('gives no gradient to a window of -Infinity and all of it to the first of tied maxima', async () => {
    await tf.setBackend('wasm');
    // One image 2×4, 5 channels: window 0 all -Infinity in every channel, window 1 all equal.
    const values = Float32Array.from({ length: 2 * 4 * 5 }, (_, i) => ((i / 5) % 4 < 2 ? -Infinity : 3));
    const dx = tf.tidy(() =>
      Array.from(
        tf
          .grad((a: tf.Tensor) =>
            tf
              .maxPool(a as tf.Tensor4D, 2, 2, 'valid')
              .mul(7)
              .sum(),
          )(tf.tensor(values, [1, 2, 4, 5]))
          .dataSync(),
      ),
    );
    const expected = Array.from({ length: 40 }, (_, i) => (i >= 10 && i < 15 ? 7 : 0));
    expect(dx).toEqual(expected);
  });
});

describe('TrainingReluGrad on wasm is dy·step(y) as cpu computes it', () => {
  // Sizes below, at and past a multiple of 4 (the SIMD kernel's vectors, the rest in JS); y with
  // zeros, negatives and NaN (step(NaN) is NaN on cpu).
  it.each([3, 4, 1001, 64 * 7 * 7])('%i values', async (size) => {
    await tf.setBackend('wasm');
    const dy = randomInput([size]);
    const y = randomInput([size], (v, i) => (i % 9 === 0 ? NaN : i % 4 === 0 ? 0 : v));
    const expected = tf.tidy(() => Array.from(tf.mul(tf.tensor(dy.values), tf.step(tf.tensor(y.values))).dataSync()));
    const before = tf.engine().backend.numDataIds();
    const actual = tf.tidy(() =>
      Array.from((tf.engine().runKernel(RELU_GRAD_KERNEL, { dy: tf.tensor(dy.values), y: tf.tensor(y.values) }, {}) as tf.Tensor).dataSync()),
    );
    expect(tf.engine().backend.numDataIds()).toBe(before);
    expect(actual).toEqual(expected);
  });
});

describe('TrainingReluGrad withSum on wasm also gives the bias gradient', () => {
  // Channels below 4 (JS only), a multiple of 4, strips plus a JS rest, more than one 16-column strip.
  it.each([3, 8, 10, 20, 37])('%i channels', async (c) => {
    await tf.setBackend('wasm');
    const shape = [3, 7, 5, c];
    const dy = randomInput(shape);
    const y = randomInput(shape, (v, i) => (i % 4 === 0 ? 0 : v));
    const expected = tf.tidy(() => {
      const dyAct = tf.mul(tf.tensor(dy.values, shape), tf.step(tf.tensor(y.values, shape)));
      return [dyAct, tf.sum(dyAct, [0, 1, 2])].map((t) => Float32Array.from(t.dataSync()));
    });
    const before = tf.engine().backend.numDataIds();
    const actual = tf.tidy(() => {
      const out = tf.engine().runKernel(RELU_GRAD_KERNEL, { dy: tf.tensor(dy.values, shape), y: tf.tensor(y.values, shape) }, { withSum: true }) as tf.Tensor[];
      expect(out.map((t) => t.shape)).toEqual([shape, [c]]);
      return out.map((t) => Float32Array.from(t.dataSync()));
    });
    expect(tf.engine().backend.numDataIds()).toBe(before);
    expect(actual[0]).toEqual(expected[0]);
    expect(relativeError(expected[1]!, actual[1]!)).toBeLessThanOrEqual(1e-5);
  });
});

describe('Sum and BatchMatMul on wasm match cpu', () => {
  it('sums over leading axes (bias gradients) and any other axes', async () => {
    const x = randomInput([6, 5, 4, 3]);
    for (const axes of [[0], [0, 1], [0, 1, 2], [3], [1, 2], [0, 2]]) {
      const out: Float32Array[] = [];
      for (const backend of ['cpu', 'wasm'] as const) {
        await tf.setBackend(backend);
        out.push(tf.tidy(() => Float32Array.from(tf.sum(tf.tensor(x.values, x.shape), axes, axes.length === 2).dataSync())));
      }
      expect(relativeError(out[0]!, out[1]!), `axes ${axes}`).toBeLessThanOrEqual(1e-5);
    }
  });

  // The SIMD column sums: strips of 4–16 columns, a rest of C mod 4 in JS, several row blocks and a
  // partial last one; values of mixed sign and size so that float32 blocks would show their rounding.
  it.each([
    [4, 300],
    [8, 1000],
    [10, 200],
    [16, 333],
    [17, 100],
    [36, 70],
    [3, 500],
  ])('sums %i columns over %i rows as cpu does (leading axes)', async (columns, rows) => {
    const x = randomInput([rows, columns], (v, i) => v * (i % 5 === 0 ? 100 : 1) + (i % 2 ? 3 : -3));
    const out: Float32Array[] = [];
    const runs = stats.simdSum;
    for (const backend of ['cpu', 'wasm'] as const) {
      await tf.setBackend(backend);
      const before = tf.engine().backend.numDataIds();
      out.push(tf.tidy(() => Float32Array.from(tf.sum(tf.tensor(x.values, [rows, columns]), 0).dataSync())));
      expect(tf.engine().backend.numDataIds()).toBe(before);
    }
    expect(relativeError(out[0]!, out[1]!)).toBeLessThanOrEqual(1e-5);
    expect(stats.simdSum).toBe(runs + (columns >= 4 ? 1 : 0));
  });

  it('sums a conv bias gradient [N, H, W, C] over its first three axes with the SIMD kernel', async () => {
    const x = randomInput([4, 9, 7, 12]);
    const out: Float32Array[] = [];
    const runs = stats.simdSum;
    for (const backend of ['cpu', 'wasm'] as const) {
      await tf.setBackend(backend);
      out.push(tf.tidy(() => Float32Array.from(tf.sum(tf.tensor(x.values, x.shape), [0, 1, 2]).dataSync())));
    }
    expect(relativeError(out[0]!, out[1]!)).toBeLessThanOrEqual(1e-5);
    expect(stats.simdSum).toBe(runs + 1);
  });

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('matMul transposeA=%s transposeB=%s, with gradients', async (ta, tb) => {
    const a = randomInput(ta ? [7, 5] : [5, 7]);
    const b = randomInput(tb ? [6, 7] : [7, 6]);
    const r = randomInput([5, 6]);
    await expectSameGradients((p, q) => weightedSum(r)(tf.matMul(p, q, ta, tb)), [a, b], 'matMul');
  });
});

describe('a whole training run', () => {
  it('five Adam steps of a conv net give the same losses and weights on wasm as on cpu', async () => {
    // Everything is seeded, the initial weights included: Adam's first steps move a weight by about
    // lr·sign(g), so an unseeded start that happens to give some weight a gradient of about 0 lets
    // rounding flip that sign (40 unseeded trials: 39 within 5e-4, one at 0.12).
    const seeded = mulberry32(7);
    const x = { values: Float32Array.from({ length: 16 * 12 * 10 }, () => Math.abs(normal(seeded))), shape: [16, 12, 10, 1] };
    const labels = Array.from({ length: 16 }, (_, i) => i % 4);
    let initial: Float32Array[] | null = null;
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [12, 10, 1], filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.separableConv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', depthMultiplier: 2 }),
          tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 4, activation: 'softmax' }),
        ],
      });
      if (initial) model.setWeights(initial.map((v, i) => tf.tensor(v, model.getWeights()[i]!.shape)));
      else {
        initial = model.getWeights().map((w) => Float32Array.from({ length: w.size }, () => 0.2 * normal(seeded)));
        model.setWeights(initial.map((v, i) => tf.tensor(v, model.getWeights()[i]!.shape)));
      }
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
      const xs = tf.tensor(x.values, x.shape);
      const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 4);
      const losses: number[] = [];
      for (let i = 0; i < 5; i++) losses.push((await model.trainOnBatch(xs, ys)) as number);
      const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
      tf.dispose([xs, ys]);
      model.dispose();
      return { losses, weights };
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    wasm.losses.forEach((loss, i) => expect(loss).toBeCloseTo(cpu.losses[i]!, 4));
    cpu.weights.forEach((w, i) => expect(relativeError(w, wasm.weights[i]!), `weight ${i}`).toBeLessThan(1e-4));
  });
});

describe('Identity on wasm shares the buffer', () => {
  it('clones without a copy and keeps the values after the original is gone', async () => {
    await tf.setBackend('wasm');
    const before = tf.engine().backend.numDataIds();
    const a = tf.tensor([1, 2, 3, 4], [2, 2]);
    const b = tf.clone(a);
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3, 4]);
    b.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });
});

describe('Cast on wasm to the same dtype shares the buffer', () => {
  it('casts float32 to float32 without a copy, and converts other dtypes as before', async () => {
    await tf.setBackend('wasm');
    const before = tf.engine().backend.numDataIds();
    const a = tf.tensor([1.5, -2, 3, 4.25], [2, 2]);
    const b = tf.cast(a, 'float32');
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1.5, -2, 3, 4.25]);
    const c = tf.cast(b, 'int32');
    expect(c.dtype).toBe('int32');
    expect(Array.from(c.dataSync())).toEqual([1, -2, 3, 4]);
    tf.dispose([b, c]);
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });
});
