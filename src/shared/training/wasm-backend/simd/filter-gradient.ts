/**
 * Conv2DBackpropFilter on tfjs's wasm backend through the SIMD kernel of filter-gradient-kernel.ts:
 * lays out the zero-padded input and the per-pixel window table on the heap, then runs the kernel
 * (its column blocks split over the calling thread and the helper threads of `kernel-threads.ts`,
 * one part per core, when the heap is shared and the host has given helpers).
 */
import type * as tf from '@tensorflow/tfjs';
import { windowPadAfter, type HeapBackend, type Shape4, type TensorInfo } from '../common';
import { columnBlocks, compileFilterGradientKernel, type FilterGradientJob, type FilterGradientKernel } from './filter-gradient-kernel';
import { runColumnBlocks } from './kernel-threads';
import type { WasmMemory, WasmModule } from './wasm-api';

interface Compiled {
  kernel: FilterGradientKernel;
  module: WasmModule;
  memory: WasmMemory;
}

const compiled = new WeakMap<object, Compiled | null>();

/** The kernel for this backend's heap, compiled once; null where it cannot be (no memory found, no SIMD). */
function kernelFor(backend: HeapBackend): Compiled | null {
  const known = compiled.get(backend);
  if (known !== undefined) return known;
  let result: Compiled | null = null;
  try {
    const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
    if (memory) result = { ...compileFilterGradientKernel(memory), memory };
  } catch {
    result = null; // the engine lacks wasm SIMD: the XNNPACK routes stay
  }
  compiled.set(backend, result);
  return result;
}

/** Whether the SIMD kernel exists for this backend's heap (compiled on first ask; not where the engine lacks wasm SIMD). */
export function simdKernelAvailable(backend: HeapBackend): boolean {
  return kernelFor(backend) !== null;
}

/**
 * dW [kh, kw, ci, co] of a conv with input x and output gradient dy (output channels a multiple of 4,
 * no dilation), and how many parts (threads) computed it. `alloc` makes a heap tensor the caller
 * releases (the padded input and the table are scratch).
 */
export function simdFilterGradient(
  heap: HeapBackend,
  alloc: (shape: number[], dtype: 'float32' | 'int32') => TensorInfo,
  x: TensorInfo,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  filterShape: Shape4,
): { dW: TensorInfo; parts: number } {
  const { kernel, module, memory } = kernelFor(heap)!;
  const [kh, kw, ci, co] = filterShape;
  const { batchSize: B, inHeight: H, inWidth: W, outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Padded extent covering every window (trailing rows the forward conv never read are left out).
  const [bottom, right] = windowPadAfter(info, kh, kw);
  const Hp = top + H + bottom;
  const Wp = left + W + right;
  const padded = top !== 0 || left !== 0 || Hp !== H || Wp !== W;
  const xp = padded ? alloc([B, Hp, Wp, ci], 'float32') : x;
  const table = alloc([B * OH * OW], 'int32');
  const out = alloc(filterShape, 'float32');
  // Views after every allocation: growing the heap detaches earlier ones.
  if (padded) {
    const src = heap.typedArrayFromHeap(x) as Float32Array;
    const dst = heap.typedArrayFromHeap(xp) as Float32Array;
    dst.fill(0);
    const rowLength = W * ci;
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        const from = (b * H + h) * rowLength;
        dst.set(src.subarray(from, from + rowLength), ((b * Hp + h + top) * Wp + left) * ci);
      }
    }
  }
  const rows = heap.typedArrayFromHeap(table) as Int32Array;
  let m = 0;
  for (let b = 0; b < B; b++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) rows[m++] = ((b * Hp + oh * sh) * Wp + ow * sw) * ci * 4;

  const address = (t: TensorInfo) => heap.dataIdMap.get(t.dataId)!.memoryOffset;
  const job: FilterGradientJob = {
    xp: address(xp),
    rowTable: address(table),
    dy: address(dy),
    out: address(out),
    pixels: B * OH * OW,
    n: co,
    kh,
    span: kw * ci,
    rowStride: Wp * ci * 4,
  };
  const parts = runColumnBlocks(memory, module, job, columnBlocks(co), (first, end) => kernel.run(job, first, end));
  return { dW: out, parts };
}
