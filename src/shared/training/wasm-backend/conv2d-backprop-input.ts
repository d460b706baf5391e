/**
 * Conv2DBackpropInput on wasm: dx = the 'full' correlation of dy (zeros inserted between its
 * rows/columns when s > 1) with the kernel flipped in space and with ci/co swapped, as one XNNPACK
 * forward convolution (the stock kernel is a naive loop). Conv2DTranspose runs it forward too.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOf, type KernelArgs, type KernelContext, type Shape4, type TensorInfo } from './common';
import { fullCorrelation } from './full-correlation';
import { inScope, type Scope } from './scope';

/**
 * [KH, KW, ci, co] → flipped in space with in/out swapped, [KH, KW, co, ci], in one pass over the heap
 * (the stock Reverse then Transpose took ~25 ms for a 3×3×256×256 kernel, this well under 1 ms).
 */
function flippedSwapped(scope: Scope, filter: TensorInfo): TensorInfo {
  const [kh, kw, ci, co] = filter.shape as Shape4;
  const backend = heapOf(scope.backend);
  const out = scope.track(backend.makeOutput([kh, kw, co, ci], 'float32'));
  const src = backend.typedArrayFromHeap(filter) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const taps = kh * kw;
  const block = ci * co;
  for (let t = 0; t < taps; t++) {
    const from = (taps - 1 - t) * block;
    const to = t * block;
    for (let i = 0; i < ci; i++) for (let o = 0, at = from + i * co; o < co; o++) dst[to + o * ci + i] = src[at + o]!;
  }
  return out;
}

export function conv2DBackpropInput(args: KernelArgs, { originals }: KernelContext): TensorInfo {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  // NCHW (never produced by tfjs-layers): the stock kernel handles it.
  if (attrs.dataFormat === 'NCHW') return originals.get('Conv2DBackpropInput')!(args) as TensorInfo;
  const inputShape = attrs.inputShape as Shape4;
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  return inScope(args.backend, originals, (scope) => {
    const kernel = flippedSwapped(scope, filter);
    const { input, pad } = fullCorrelation(
      scope,
      dy,
      [info.strideHeight, info.strideWidth],
      [info.filterHeight, info.filterWidth],
      [info.padInfo.top, info.padInfo.left],
      [info.inHeight, info.inWidth],
    );
    const dx = scope.run('Conv2D', { x: input, filter: kernel }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
    return scope.crop(dx, [0, 0, 0, 0], inputShape);
  });
}
