/** Sum on wasm over leading axes (every conv bias gradient): the stock one transposes the whole tensor first. */
import * as tf from '@tensorflow/tfjs';
import { heapOf, type HeapBackend, type KernelArgs, type KernelContext, type TensorInfo } from './common';
import { columnSumModule, columnSumName, MAX_VECTORS, type ColumnSum } from './simd/column-sum-kernel';
import { addressOf, heapModule } from './simd/heap-module';

/**
 * Sum over leading axes (a bias gradient: [N…, C] → [C]) in one pass: the SIMD kernel for column
 * strips of 4…16 (float32 blocks of rows added in double: see simd/column-sum-kernel.ts), a JS loop in
 * double precision like cpu for the last C mod 4 columns and engines without wasm SIMD;
 * any other Sum: the stock kernel.
 */
export function sum(args: KernelArgs, { originals, stats }: KernelContext): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
  if (!leading || x.dtype !== 'float32') return originals.get('Sum')!(args) as TensorInfo;
  const outer = x.shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
  const inner = x.shape.slice(axes.length).reduce((p, d) => p * d, 1);
  const shape = keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : x.shape.slice(axes.length);
  const backend = heapOf(args.backend);
  const out = backend.makeOutput(shape, 'float32');
  const kernel = inner >= 4 ? simdKernel(backend) : null;
  let done = 0;
  if (kernel) {
    const [px, po] = [addressOf(backend, x), addressOf(backend, out)];
    for (; inner - done >= 4;) {
      const vectors = Math.min(MAX_VECTORS, Math.floor((inner - done) / 4));
      kernel(vectors)(px + done * 4, po + done * 4, outer, inner * 4);
      done += vectors * 4;
    }
    if (stats) stats.simdSum++;
  }
  if (done < inner) {
    // Views after makeOutput: an allocation may grow (and detach) the heap.
    const values = backend.typedArrayFromHeap(x) as Float32Array;
    const result = backend.typedArrayFromHeap(out) as Float32Array;
    const acc = new Float64Array(inner);
    if (inner - done <= 32) {
      // Few columns: one strided pass per column with the sum in a register (twice as fast here).
      const end = outer * inner;
      for (let c = done; c < inner; c++) {
        let total = 0;
        for (let i = c; i < end; i += inner) total += values[i]!;
        acc[c] = total;
      }
    } else {
      for (let n = 0, base = 0; n < outer; n++, base += inner) for (let c = done; c < inner; c++) acc[c] = acc[c]! + values[base + c]!;
    }
    for (let c = done; c < inner; c++) result[c] = acc[c]!;
  }
  return out;
}

function simdKernel(backend: HeapBackend): ((vectors: number) => ColumnSum) | null {
  const exports = heapModule(backend, 'columnSum', columnSumModule);
  return exports ? (vectors) => exports[columnSumName(vectors)] as ColumnSum : null;
}
