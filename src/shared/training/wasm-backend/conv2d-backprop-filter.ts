/**
 * Conv2DBackpropFilter on wasm (the stock backend has none): the route chosen by
 * `chooseFilterGradientRoute` (filter-gradient-route.ts), either our SIMD kernel or one of three ways
 * of writing the gradient as XNNPACK work:
 *
 * - dy as the kernel: dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b, oh·s+kh−pT, ow·s+kw−pL, ci] · dy[b,oh,ow,co],
 *   i.e. a convolution whose batch is ci, whose input channels are the batch b, whose "kernel" is dy
 *   (OH×OW) and whose dilation is the forward stride s;
 * - x as the kernel (stride 1), the same sum read the other way round;
 * - im2col (filter-gradient-im2col.ts) for few rows.
 */
import * as tf from '@tensorflow/tfjs';
import { assertChannelsLast, heapOf, windowPadAfter, type KernelArgs, type KernelContext, type Pad4, type Shape4, type TensorInfo } from './common';
import { filterGradientIm2col } from './filter-gradient-im2col';
import { chooseFilterGradientRoute, filterGradientCase } from './filter-gradient-route';
import { inScope, type Scope } from './scope';
import { simdFilterGradient, simdKernelAvailable } from './simd/filter-gradient';

export function conv2DBackpropFilter(args: KernelArgs, { originals, stats }: KernelContext): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  assertChannelsLast(attrs.dataFormat, 'Conv2DBackpropFilter');
  const filterShape = attrs.filterShape as Shape4;
  const info = tf.backend_util.computeConv2DInfo(x.shape as Shape4, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const heap = heapOf(args.backend);
  const route = chooseFilterGradientRoute(filterGradientCase(info, filterShape, simdKernelAvailable(heap)));
  if (stats) stats.filterGradient[route]++;
  return inScope(args.backend, originals, (scope) => {
    switch (route) {
      case 'simd': {
        const { dW, parts } = simdFilterGradient(heap, (shape, dtype) => scope.track(heap.makeOutput(shape, dtype)), x, dy, info, filterShape);
        if (stats && parts > 1) stats.simdSplit++;
        if (stats) stats.simdMostParts = Math.max(stats.simdMostParts, parts);
        return dW;
      }
      case 'x-as-kernel':
        return xAsKernel(scope, x, dy, info, filterShape);
      case 'im2col':
        return filterGradientIm2col(scope, x, dy, info, filterShape);
      case 'dy-as-kernel':
        return dyAsKernel(scope, x, dy, info, filterShape);
    }
  });
}

/**
 * dW[kh,kw,c,o] = Σ x[b,ih,iw,c]·dy[b, ih−kh+pT, iw−kw+pL, o]: a convolution of dy [co,OH,OW,B]
 * (batch co, channels b) with x [H,W,B,ci] as the kernel; output row p is kh = KH−1−p.
 */
function xAsKernel(scope: Scope, x: TensorInfo, dy: TensorInfo, { padInfo }: tf.backend_util.Conv2DInfo, [kh, kw]: Shape4): TensorInfo {
  const input = scope.transpose(dy, [3, 1, 2, 0]);
  const kernel = scope.transpose(x, [1, 2, 0, 3]);
  const pad: Pad4 = [
    [0, 0],
    [kh - 1 - padInfo.top, kh - 1 - padInfo.bottom],
    [kw - 1 - padInfo.left, kw - 1 - padInfo.right],
    [0, 0],
  ];
  const out = scope.run('Conv2D', { x: input, filter: kernel }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
  const flipped = scope.run('Reverse', { x: out }, { dims: [1, 2] });
  return scope.transpose(flipped, [1, 2, 3, 0]);
}

/** Batch ci, input channels b: x [B,H,W,ci] → [ci,H,W,B]; the "kernel" dy [B,OH,OW,co] → [OH,OW,B,co]. */
function dyAsKernel(scope: Scope, x: TensorInfo, dy: TensorInfo, info: tf.backend_util.Conv2DInfo, [kh, kw, ci, co]: Shape4): TensorInfo {
  const input = scope.transpose(x, [3, 1, 2, 0]);
  const kernel = scope.transpose(dy, [1, 2, 0, 3]);
  // Bottom/right pads that make the output exactly KH×KW; where the forward conv never read trailing
  // input rows, the pad is 0 and the (tiny) output is cropped.
  const [bottom, right] = windowPadAfter(info, kh, kw);
  const pad: Pad4 = [
    [0, 0],
    [info.padInfo.top, bottom],
    [info.padInfo.left, right],
    [0, 0],
  ];
  const out = scope.run('Conv2D', { x: input, filter: kernel }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth] });
  const cropped = scope.crop(out, [0, 0, 0, 0], [ci, kh, kw, co]);
  return scope.transpose(cropped, [1, 2, 0, 3]);
}
