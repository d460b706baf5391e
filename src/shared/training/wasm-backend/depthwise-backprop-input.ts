/**
 * DepthwiseConv2dNativeBackpropInput on wasm (the stock backend has none): each of the ci·m output
 * channels correlated with its own flipped kernel by one XNNPACK depthwise convolution.
 */
import * as tf from '@tensorflow/tfjs';
import { assertNoDilation, type KernelArgs, type KernelContext, type Shape4, type TensorInfo } from './common';
import { fullCorrelation } from './full-correlation';
import { inScope } from './scope';

export function depthwiseBackpropInput(args: KernelArgs, { originals }: KernelContext): TensorInfo {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  assertNoDilation(attrs.dilations, 'DepthwiseConv2dNativeBackpropInput');
  const inputShape = attrs.inputShape as Shape4;
  const filterShape = filter.shape as Shape4;
  const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, true);
  const [kh, kw, ci, m] = filterShape;
  return inScope(args.backend, originals, (scope) => {
    // Each of the ci·m output channels correlated with its own flipped kernel, then the m of each input summed.
    const flipped = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
    const kernel = scope.reshape(flipped, [kh, kw, ci * m, 1]);
    const { input, pad } = fullCorrelation(
      scope,
      dy,
      [info.strideHeight, info.strideWidth],
      [kh, kw],
      [info.padInfo.top, info.padInfo.left],
      [info.inHeight, info.inWidth],
    );
    let dx = scope.run('DepthwiseConv2dNative', { x: input, filter: kernel }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
    if (m > 1) {
      const [b, h, w] = dx.shape as number[];
      dx = scope.reshape(dx, [b!, h!, w!, ci, m]);
      dx = scope.run('Sum', { x: dx }, { axis: [4], keepDims: false });
    }
    return scope.crop(dx, [0, 0, 0, 0], inputShape);
  });
}
