/** Sum on wasm over leading axes (every conv bias gradient): the stock one transposes the whole tensor first. */
import * as tf from '@tensorflow/tfjs';
import { heapOf, type KernelArgs, type KernelContext, type TensorInfo } from './common';

/** Sum over leading axes (a bias gradient: [N…, C] → [C]) in one pass, in double precision like cpu; else the stock kernel. */
export function sum(args: KernelArgs, { originals }: KernelContext): TensorInfo {
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
  const values = backend.typedArrayFromHeap(x) as Float32Array;
  const acc = new Float64Array(inner);
  if (inner <= 32) {
    // Few columns: one strided pass per column with the sum in a register (twice as fast here).
    const end = outer * inner;
    for (let c = 0; c < inner; c++) {
      let total = 0;
      for (let i = c; i < end; i += inner) total += values[i]!;
      acc[c] = total;
    }
  } else {
    for (let n = 0, base = 0; n < outer; n++, base += inner) for (let c = 0; c < inner; c++) acc[c] = acc[c]! + values[base + c]!;
  }
  (backend.typedArrayFromHeap(out) as Float32Array).set(acc);
  return out;
}
