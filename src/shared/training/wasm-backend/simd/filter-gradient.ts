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

/** Window tables kept per heap and geometry: a training run asks for the same few every step. */
const tables = new WeakMap<object, Map<string, { address: number; batch: number }>>();
const MAX_TABLES = 16;

/** The heap's allocator (emscripten's), for scratch that is no tensor. */
interface HeapAllocator {
  _malloc(bytes: number): number;
  _free(address: number): void;
}

/**
 * The heap address of a table of the byte offset in the padded input of every output pixel's window
 * (b, oh, ow in order), for at least `B` images: a table built for more images serves fewer (its
 * first entries are the same), so a run's smaller last batch reuses it. Kept for the backend's life
 * (a few hundred KB; the oldest geometry goes when more than MAX_TABLES are kept), as raw heap memory
 * rather than a tensor, so tfjs's tensor and memory counts do not see it.
 */
function windowTable(heap: HeapBackend, g: { B: number; OH: number; OW: number; Hp: number; Wp: number; sh: number; sw: number; ci: number }): number {
  const allocator = heap.wasm as unknown as HeapAllocator;
  let known = tables.get(heap);
  if (!known) tables.set(heap, (known = new Map()));
  const key = [g.OH, g.OW, g.Hp, g.Wp, g.sh, g.sw, g.ci].join(',');
  const cached = known.get(key);
  if (cached && cached.batch >= g.B) return cached.address;
  if (cached) allocator._free(cached.address);
  known.delete(key);
  if (known.size >= MAX_TABLES) {
    const [oldest, entry] = known.entries().next().value!;
    allocator._free(entry.address);
    known.delete(oldest);
  }
  const count = g.B * g.OH * g.OW;
  const address = allocator._malloc(count * 4);
  const memory = heap.wasm.wasmMemory ?? heap.wasm.asm?.memory;
  const rows = new Int32Array(memory!.buffer, address, count);
  let m = 0;
  for (let b = 0; b < g.B; b++)
    for (let oh = 0; oh < g.OH; oh++) for (let ow = 0; ow < g.OW; ow++) rows[m++] = ((b * g.Hp + oh * g.sh) * g.Wp + ow * g.sw) * g.ci * 4;
  known.set(key, { address, batch: g.B });
  return address;
}

/**
 * dW [kh, kw, ci, co] of a conv with input x and output gradient dy (output channels a multiple of 4,
 * no dilation), and how many parts (threads) computed it. `alloc` makes a heap tensor the caller
 * releases (the padded input is scratch; the window table is kept, see `windowTable`).
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
  const table = windowTable(heap, { B, OH, OW, Wp, Hp, sh, sw, ci });
  const out = alloc(filterShape, 'float32');
  // Views after every allocation: growing the heap detaches earlier ones.
  if (padded) {
    // Rows copied within one view of the heap (a subarray per row cost more than the copy on small images).
    const whole = new Float32Array(memory.buffer);
    const src = heap.dataIdMap.get(x.dataId)!.memoryOffset >> 2;
    const dst = heap.dataIdMap.get(xp.dataId)!.memoryOffset >> 2;
    whole.fill(0, dst, dst + B * Hp * Wp * ci);
    const rowLength = W * ci;
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        const from = src + (b * H + h) * rowLength;
        whole.copyWithin(dst + ((b * Hp + h + top) * Wp + left) * ci, from, from + rowLength);
      }
    }
  }

  const address = (t: TensorInfo) => heap.dataIdMap.get(t.dataId)!.memoryOffset;
  const job: FilterGradientJob = {
    xp: address(xp),
    rowTable: table,
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
