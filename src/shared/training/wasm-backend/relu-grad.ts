/**
 * TrainingReluGrad on wasm: dy·step(y) in one SIMD pass (simd/relu-grad-kernel.ts), for the relu of
 * a fused Conv2D layer's gradient (fused-conv.ts runs it where the active backend has it); with
 * `withSum`, also its sum over every axis but the last (the bias gradient) in the same pass
 * (simd/column-sum-kernel.ts, as the leading-axes Sum computes it). Engines without wasm SIMD, and
 * the last C mod 4 columns of the sum, run JS loops.
 */
import { heapOf, type HeapBackend, type KernelArgs, type TensorInfo } from './common';
import { columnSumModule, columnSumName, MAX_VECTORS, type ReluColumnSum } from './simd/column-sum-kernel';
import { addressOf, heapModule } from './simd/heap-module';
import { reluGradModule, type ReluGrad } from './simd/relu-grad-kernel';

/** The kernel's name (no stock kernel has it; only this backend registers it). */
export const RELU_GRAD_KERNEL = 'TrainingReluGrad';

/** cpu's step: 1 where y > 0, NaN where y is NaN, else 0. */
const step = (y: number) => (y > 0 ? 1 : y !== y ? NaN : 0);

export function reluGrad(args: KernelArgs): TensorInfo | TensorInfo[] {
  const { dy, y } = args.inputs as { dy: TensorInfo; y: TensorInfo };
  if (dy.dtype !== 'float32' || y.dtype !== 'float32') throw new Error(`${RELU_GRAD_KERNEL} takes float32 tensors`);
  const backend = heapOf(args.backend);
  const out = backend.makeOutput(dy.shape, 'float32');
  const size = dy.shape.reduce((p, d) => p * d, 1);
  if ((args.attrs as { withSum?: boolean }).withSum) return [out, withSum(backend, dy, y, out, size)];
  const kernel = simdKernel(backend);
  const done = kernel ? size - (size % 4) : 0;
  if (kernel) kernel(addressOf(backend, dy), addressOf(backend, y), addressOf(backend, out), done / 4);
  if (done < size) {
    // Views after makeOutput: an allocation may grow (and detach) the heap.
    const [g, v, o] = [dy, y, out].map((t) => backend.typedArrayFromHeap(t) as Float32Array);
    for (let i = done; i < size; i++) o![i] = g![i]! * step(v![i]!);
  }
  return out;
}

/** Writes dy·step(y) into `out` and returns its column sums [C] (C: the last axis). */
function withSum(backend: HeapBackend, dy: TensorInfo, y: TensorInfo, out: TensorInfo, size: number): TensorInfo {
  const inner = dy.shape[dy.shape.length - 1] ?? 1;
  const rows = inner > 0 ? size / inner : 0;
  const sums = backend.makeOutput([inner], 'float32');
  const kernel = inner >= 4 ? reluSumKernel(backend) : null;
  let done = 0;
  if (kernel) {
    const [pg, pv, po, ps] = [dy, y, out, sums].map((t) => addressOf(backend, t));
    for (; inner - done >= 4;) {
      const vectors = Math.min(MAX_VECTORS, Math.floor((inner - done) / 4));
      kernel(vectors)(pg! + done * 4, ps! + done * 4, rows, inner * 4, pv! + done * 4, po! + done * 4);
      done += vectors * 4;
    }
  }
  if (done < inner) {
    // Views after makeOutput: an allocation may grow (and detach) the heap. Sums in double, as cpu's Sum.
    const [g, v, o, s] = [dy, y, out, sums].map((t) => backend.typedArrayFromHeap(t) as Float32Array);
    for (let c = done; c < inner; c++) {
      let total = 0;
      for (let i = c; i < size; i += inner) {
        const a = Math.fround(g![i]! * step(v![i]!));
        o![i] = a;
        total += a;
      }
      s![c] = total;
    }
  }
  return sums;
}

function simdKernel(backend: HeapBackend): ReluGrad | null {
  const exports = heapModule(backend, 'reluGrad', reluGradModule);
  return exports ? (exports.relu_grad as ReluGrad) : null;
}

function reluSumKernel(backend: HeapBackend): ((vectors: number) => ReluColumnSum) | null {
  const exports = heapModule(backend, 'columnSum', columnSumModule);
  return exports ? (vectors) => exports[columnSumName(vectors, true)] as ReluColumnSum : null;
}
