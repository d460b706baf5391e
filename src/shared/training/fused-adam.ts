/**
 * Adam with one kernel per variable: tfjs's `AdamOptimizer` dispatches about 14 kernels per variable
 * each step (mul, add, square, div, sqrt, assign…), which is most of the optimizer's time on a small
 * model (88 kernels per step of the bench's model A). `AdamUpdate` does the same float32 arithmetic in
 * one pass, rounding after every operation exactly as those kernels do, so the results are the same
 * bit for bit; its state (moments, `accBeta1/2`, iterations) stays tfjs's own, so saving, restoring and
 * `setWeights` behave as before. On a backend without the kernel, tfjs's own update runs.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOf } from './wasm-backend/common';

const KERNEL = 'AdamUpdate';

interface AdamUpdateAttrs {
  beta1: number;
  beta2: number;
  /** 1 − β1^t and 1 − β2^t as tfjs computes them (float32). */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
  learningRate: number;
}

/** value, m, v ← one Adam step with gradient g, every operation rounded to float32 like the tfjs ops. */
function adamStep(value: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, out: [Float32Array, Float32Array, Float32Array], a: AdamUpdateAttrs) {
  const f = Math.fround;
  const b1 = f(a.beta1);
  const c1 = f(1 - a.beta1);
  const b2 = f(a.beta2);
  const c2 = f(1 - a.beta2);
  const o1 = f(a.oneMinusAccBeta1);
  const o2 = f(a.oneMinusAccBeta2);
  const eps = f(a.epsilon);
  const step = f(-a.learningRate);
  const [newValue, newM, newV] = out;
  for (let i = 0; i < g.length; i++) {
    const gi = g[i]!;
    const mi = f(f(m[i]! * b1) + f(gi * c1));
    const vi = f(f(v[i]! * b2) + f(f(gi * gi) * c2));
    newM[i] = mi;
    newV[i] = vi;
    const mHat = f(mi / o1);
    const vHat = f(vi / o2);
    newValue[i] = f(f(f(mHat / f(f(Math.sqrt(vHat)) + eps)) * step) + value[i]!);
  }
}

type Inputs = { value: tf.TensorInfo; gradient: tf.TensorInfo; m: tf.TensorInfo; v: tf.TensorInfo };

function wasmAdam({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs: tf.NamedAttrMap }): tf.TensorInfo[] {
  const { value, gradient, m, v } = inputs as unknown as Inputs;
  const heap = heapOf(backend);
  const outs = [heap.makeOutput(value.shape, 'float32'), heap.makeOutput(value.shape, 'float32'), heap.makeOutput(value.shape, 'float32')];
  // Views after every makeOutput: an allocation may grow (and detach) the heap.
  const view = (t: tf.TensorInfo) => heap.typedArrayFromHeap(t) as Float32Array;
  adamStep(view(value), view(gradient), view(m), view(v), outs.map(view) as [Float32Array, Float32Array, Float32Array], attrs as unknown as AdamUpdateAttrs);
  return outs;
}

function cpuAdam({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs: tf.NamedAttrMap }): tf.TensorInfo[] {
  const { value, gradient, m, v } = inputs as unknown as Inputs;
  const cpu = backend as unknown as {
    readSync(dataId: object): Float32Array;
    makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
  };
  const size = tf.util.sizeFromShape(value.shape);
  const out: [Float32Array, Float32Array, Float32Array] = [new Float32Array(size), new Float32Array(size), new Float32Array(size)];
  const read = (t: tf.TensorInfo) => cpu.readSync(t.dataId);
  adamStep(read(value), read(gradient), read(m), read(v), out, attrs as unknown as AdamUpdateAttrs);
  return out.map((values) => cpu.makeTensorInfo(value.shape, 'float32', values));
}

/** Registers `AdamUpdate` on the wasm and cpu backends (once). */
export function registerAdamKernel(): void {
  for (const [backendName, kernelFunc] of [
    ['wasm', wasmAdam],
    ['cpu', cpuAdam],
  ] as const) {
    if (!tf.getKernel(KERNEL, backendName)) tf.registerKernel({ kernelName: KERNEL, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
}

interface AdamState {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  constructor(learningRate: number) {
    super(learningRate, 0.9, 0.999);
    registerAdamKernel();
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const s = this as unknown as AdamState;
    const fused = !!tf.getKernel(KERNEL, tf.getBackend());
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const dtypesOk = names.every((name) => tf.engine().registeredVariables[name]?.dtype === 'float32');
    if (!fused || !dtypesOk) return super.applyGradients(variableGradients);
    tf.tidy(() => {
      // 1 − β^t as tfjs's sub(1, accBeta) gives it: float32.
      const [acc1, acc2] = [s.accBeta1.dataSync()[0]!, s.accBeta2.dataSync()[0]!];
      const attrs: AdamUpdateAttrs = {
        beta1: s.beta1,
        beta2: s.beta2,
        oneMinusAccBeta1: Math.fround(1 - acc1),
        oneMinusAccBeta2: Math.fround(1 - acc2),
        epsilon: s.epsilon,
        learningRate: s.learningRate,
      };
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = s.accumulatedFirstMoment[i].variable;
        const v = s.accumulatedSecondMoment[i].variable;
        const [newValue, newM, newV] = tf.engine().runKernel(KERNEL, { value, gradient, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
    });
    this.incrementIterations();
  }
}
