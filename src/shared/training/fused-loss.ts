/**
 * Categorical cross-entropy in one kernel forward and one backward. tfjs-layers computes it as
 * −Σ t·log(clip(p / Σp, ε, 1−ε)) with 7 kernels forward and about 25 backward on a [batch, classes]
 * tensor of a few hundred values, where each dispatch costs more than its arithmetic.
 * `CategoricalCrossentropy` does the same arithmetic in float32 per sample, and its gradient
 * (`CategoricalCrossentropyGrad`, w.r.t. the predictions only; the targets' is never asked for)
 * follows tfjs's chain: the log's, the clip's (no gradient where p/Σp is outside [ε, 1−ε]) and the
 * division's. The values agree with tfjs's within float32 rounding (the sums are taken in another
 * order). Targets may be float32 or int32 (tf.oneHot). On a backend without the kernels (or another
 * dtype), tfjs's own loss runs.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOf } from './wasm-backend/common';

const KERNEL = 'CategoricalCrossentropy';
const GRAD = 'CategoricalCrossentropyGrad';

interface Attrs {
  epsilon: number;
}

/** loss[i] = −Σ_j t·log(clip(p_j / Σp, ε, 1−ε)) per row. */
function forward(t: ArrayLike<number>, p: Float32Array, loss: Float32Array, classes: number, { epsilon }: Attrs) {
  const f = Math.fround;
  const lo = f(epsilon);
  const hi = f(1 - epsilon);
  for (let r = 0, base = 0; r < loss.length; r++, base += classes) {
    let s = 0;
    for (let j = 0; j < classes; j++) s += p[base + j]!;
    s = f(s);
    let total = 0;
    for (let j = 0; j < classes; j++) {
      const q = f(p[base + j]! / s);
      const c = q < lo ? lo : q > hi ? hi : q;
      total += f(t[base + j]! * f(Math.log(c)));
    }
    loss[r] = -f(total);
  }
}

/** dp for upstream dy[i] per row: dq_j = (ε ≤ q_j ≤ 1−ε) · (−dy·t_j / c_j); dp_k = dq_k/s − Σ_j dq_j·p_j/s². */
function backward(dy: Float32Array, t: ArrayLike<number>, p: Float32Array, dp: Float32Array, classes: number, { epsilon }: Attrs) {
  const f = Math.fround;
  const lo = f(epsilon);
  const hi = f(1 - epsilon);
  const dq = new Float32Array(classes);
  for (let r = 0, base = 0; r < dy.length; r++, base += classes) {
    let s = 0;
    for (let j = 0; j < classes; j++) s += p[base + j]!;
    s = f(s);
    const s2 = f(s * s);
    const g = dy[r]!;
    let cross = 0;
    for (let j = 0; j < classes; j++) {
      const q = f(p[base + j]! / s);
      const inside = q >= lo && q <= hi;
      const c = q < lo ? lo : q > hi ? hi : q;
      const d = inside ? f(f(-g * t[base + j]!) / c) : 0;
      dq[j] = d;
      cross += f(f(d * p[base + j]!) / s2);
    }
    const sum = f(cross);
    for (let j = 0; j < classes; j++) dp[base + j] = f(f(dq[j]! / s) - sum);
  }
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs: tf.NamedAttrMap };
type CpuBackend = {
  readSync(dataId: object): Float32Array | Int32Array;
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
};

function wasmForward({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { target, output } = inputs as { target: tf.TensorInfo; output: tf.TensorInfo };
  const heap = heapOf(backend);
  const out = heap.makeOutput(output.shape.slice(0, -1), 'float32');
  const view = (x: tf.TensorInfo) => heap.typedArrayFromHeap(x) as Float32Array;
  forward(heap.typedArrayFromHeap(target), view(output), view(out), output.shape[output.shape.length - 1]!, attrs as unknown as Attrs);
  return out;
}

function wasmBackward({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { dy, target, output } = inputs as { dy: tf.TensorInfo; target: tf.TensorInfo; output: tf.TensorInfo };
  const heap = heapOf(backend);
  const out = heap.makeOutput(output.shape, 'float32');
  const view = (x: tf.TensorInfo) => heap.typedArrayFromHeap(x) as Float32Array;
  backward(view(dy), heap.typedArrayFromHeap(target), view(output), view(out), output.shape[output.shape.length - 1]!, attrs as unknown as Attrs);
  return out;
}

function cpuForward({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { target, output } = inputs as { target: tf.TensorInfo; output: tf.TensorInfo };
  const cpu = backend as unknown as CpuBackend;
  const shape = output.shape.slice(0, -1);
  const loss = new Float32Array(tf.util.sizeFromShape(shape));
  forward(cpu.readSync(target.dataId), cpu.readSync(output.dataId) as Float32Array, loss, output.shape[output.shape.length - 1]!, attrs as unknown as Attrs);
  return cpu.makeTensorInfo(shape, 'float32', loss);
}

function cpuBackward({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { dy, target, output } = inputs as { dy: tf.TensorInfo; target: tf.TensorInfo; output: tf.TensorInfo };
  const cpu = backend as unknown as CpuBackend;
  const dp = new Float32Array(tf.util.sizeFromShape(output.shape));
  const read = (x: tf.TensorInfo) => cpu.readSync(x.dataId) as Float32Array;
  backward(read(dy), cpu.readSync(target.dataId), read(output), dp, output.shape[output.shape.length - 1]!, attrs as unknown as Attrs);
  return cpu.makeTensorInfo(output.shape, 'float32', dp);
}

let registered = false;
function register() {
  if (registered) return;
  registered = true;
  for (const [backendName, fwd, bwd] of [
    ['wasm', wasmForward, wasmBackward],
    ['cpu', cpuForward, cpuBackward],
  ] as const) {
    if (!tf.getKernel(KERNEL, backendName)) tf.registerKernel({ kernelName: KERNEL, backendName, kernelFunc: fwd as unknown as tf.KernelFunc });
    if (!tf.getKernel(GRAD, backendName)) tf.registerKernel({ kernelName: GRAD, backendName, kernelFunc: bwd as unknown as tf.KernelFunc });
  }
  tf.registerGradient({
    kernelName: KERNEL,
    inputsToSave: ['target', 'output'],
    gradFunc: (dy, saved, attrs) => {
      const [target, output] = saved as tf.Tensor[];
      return {
        target: () => tf.zerosLike(target!),
        output: () => tf.engine().runKernel(GRAD, { dy: dy as tf.Tensor, target: target!, output: output! }, attrs) as tf.Tensor,
      };
    },
  });
}

/** tfjs-layers' categorical cross-entropy (per sample), one kernel each way where the backend has it. */
export function categoricalCrossentropy(target: tf.Tensor, output: tf.Tensor): tf.Tensor {
  register();
  const fused =
    tf.getKernel(KERNEL, tf.getBackend()) &&
    output.dtype === 'float32' &&
    output.rank >= 2 &&
    (target.dtype === 'float32' || target.dtype === 'int32') &&
    tf.util.arraysEqual(target.shape, output.shape);
  if (!fused) return tf.metrics.categoricalCrossentropy(target, output);
  return tf.engine().runKernel(KERNEL, { target, output }, { epsilon: tf.backend().epsilon() } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** What `model.compile` gets as `loss`: the fused categorical cross-entropy, else the loss's tfjs name. */
export function trainingLoss<L extends string>(name: L): L | ((target: tf.Tensor, output: tf.Tensor) => tf.Tensor) {
  return name === 'categoricalCrossentropy' ? categoricalCrossentropy : name;
}
