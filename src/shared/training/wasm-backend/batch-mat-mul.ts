/** BatchMatMul on wasm with transposed operands (every Dense layer's backward pass) kept on XNNPACK. */
import type * as tf from '@tensorflow/tfjs';
import type { KernelArgs, KernelContext, TensorInfo } from './common';
import { inScope } from './scope';

/**
 * The stock kernel handles only untransposed single-batch products with XNNPACK; anything transposed
 * (a Dense layer's gradients) runs a scalar loop. Transpose the operand explicitly, then call it.
 */
export function batchMatMul(args: KernelArgs, { originals }: KernelContext): TensorInfo {
  const original = originals.get('BatchMatMul')!;
  const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  const batch = (t: TensorInfo) => t.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  if ((!transposeA && !transposeB) || batch(a) !== 1 || batch(b) !== 1 || a.dtype !== 'float32' || b.dtype !== 'float32') return original(args) as TensorInfo;
  return inScope(args.backend, new Map(), (scope) => {
    const flip = (t: TensorInfo) => {
      const [r, c] = t.shape.slice(-2) as [number, number];
      return scope.reshape(scope.transpose(scope.reshape(t, [r, c]), [1, 0]), [1, c, r]);
    };
    const a2 = transposeA ? flip(a) : a;
    const b2 = transposeB ? flip(b) : b;
    const out = original({ inputs: { a: a2, b: b2 }, backend: args.backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
    // The product of two single matrices, with the outer (all-one) dims of the higher-rank operand.
    const outer = (a.shape.length >= b.shape.length ? a : b).shape.slice(0, -2);
    out.shape = [...outer, a2.shape[a2.shape.length - 2]!, b2.shape[b2.shape.length - 1]!];
    return out;
  });
}
