/**
 * TrainingReluGrad on wasm: dy·step(y) in one SIMD pass (simd/relu-grad-kernel.ts), for the relu of
 * a fused Conv2D layer's gradient (fused-conv.ts runs it where the active backend has it); engines
 * without wasm SIMD run a JS loop.
 */
import { heapOf, type HeapBackend, type KernelArgs, type TensorInfo } from './common';
import { addressOf, heapModule } from './simd/heap-module';
import { reluGradModule, type ReluGrad } from './simd/relu-grad-kernel';

/** The kernel's name (no stock kernel has it; only this backend registers it). */
export const RELU_GRAD_KERNEL = 'TrainingReluGrad';

/** cpu's step: 1 where y > 0, NaN where y is NaN, else 0. */
const step = (y: number) => (y > 0 ? 1 : y !== y ? NaN : 0);

export function reluGrad(args: KernelArgs): TensorInfo {
  const { dy, y } = args.inputs as { dy: TensorInfo; y: TensorInfo };
  if (dy.dtype !== 'float32' || y.dtype !== 'float32') throw new Error(`${RELU_GRAD_KERNEL} takes float32 tensors`);
  const backend = heapOf(args.backend);
  const out = backend.makeOutput(dy.shape, 'float32');
  const size = dy.shape.reduce((p, d) => p * d, 1);
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

function simdKernel(backend: HeapBackend): ReluGrad | null {
  const exports = heapModule(backend, 'reluGrad', reluGradModule);
  return exports ? (exports.relu_grad as ReluGrad) : null;
}
