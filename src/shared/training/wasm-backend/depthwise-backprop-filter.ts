/**
 * DepthwiseConv2dNativeBackpropFilter on wasm (the stock backend has none): one XNNPACK depthwise
 * convolution whose channels are the (image, channel) pairs and whose kernel is dy, then a sum over images.
 */
import * as tf from '@tensorflow/tfjs';
import { assertNoDilation, windowPadAfter, type KernelArgs, type KernelContext, type Pad4, type Shape4, type TensorInfo } from './common';
import { inScope } from './scope';

export function depthwiseBackpropFilter(args: KernelArgs, { originals }: KernelContext): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  assertNoDilation(attrs.dilations, 'DepthwiseConv2dNativeBackpropFilter');
  const filterShape = attrs.filterShape as Shape4;
  const info = tf.backend_util.computeConv2DInfo(x.shape as Shape4, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, true);
  const [kh, kw, ci, m] = filterShape;
  const [b, h, w] = x.shape as number[];
  return inScope(args.backend, originals, (scope) => {
    // One depthwise conv over a single image whose channels are the (b, c) pairs: x → [1,H,W,B·ci],
    // its kernel dy → [OH,OW,B·ci,m] (dilation = forward stride); then Σ over b.
    const input = scope.reshape(scope.transpose(x, [1, 2, 0, 3]), [1, h!, w!, b! * ci]);
    const kernel = scope.reshape(scope.transpose(dy, [1, 2, 0, 3]), [info.outHeight, info.outWidth, b! * ci, m]);
    const [bottom, right] = windowPadAfter(info, kh, kw);
    const pad: Pad4 = [
      [0, 0],
      [info.padInfo.top, bottom],
      [info.padInfo.left, right],
      [0, 0],
    ];
    const out = scope.run(
      'DepthwiseConv2dNative',
      { x: input, filter: kernel },
      { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth] },
    );
    const cropped = scope.crop(out, [0, 0, 0, 0], [1, kh, kw, b! * ci * m]);
    const perImage = scope.reshape(cropped, [kh, kw, b!, ci * m]);
    const summed = scope.run('Sum', { x: perImage }, { axis: [2], keepDims: false });
    return scope.reshape(summed, filterShape);
  });
}
