/** The `im2col` route of the Conv2D filter gradient (see filter-gradient-route.ts). */
import type * as tf from '@tensorflow/tfjs';
import { heapOf, type Shape4, type TensorInfo } from './common';
import type { Scope } from './scope';

/**
 * Filter gradient for few input rows (small kernels over few channels, e.g. a first layer): the
 * patches Pᵀ [KH·KW·ci, B·OH·OW] are written out in one pass, then dW = Pᵀ · dy [B·OH·OW, co] is
 * XNNPACK's fully-connected GEMM (the stock BatchMatMul fast path). The convolution route packs the
 * whole dy as a "kernel" and walks ci·KH·KW output pixels over it, which costs more at this size.
 */
export function filterGradientIm2col(scope: Scope, x: TensorInfo, dy: TensorInfo, info: tf.backend_util.Conv2DInfo, filterShape: Shape4): TensorInfo {
  const [kh, kw, ci, co] = filterShape;
  const { batchSize, inHeight: H, inWidth: W, outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const n = batchSize * OH * OW;
  const backend = heapOf(scope.backend);
  const patches = scope.track(backend.makeOutput([1, kh * kw * ci, n], 'float32'));
  const xs = backend.typedArrayFromHeap(x) as Float32Array;
  const p = backend.typedArrayFromHeap(patches) as Float32Array;
  let at = 0;
  for (let r = 0; r < kh; r++) {
    for (let q = 0; q < kw; q++) {
      for (let c = 0; c < ci; c++) {
        for (let b = 0; b < batchSize; b++) {
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh + r - padTop;
            if (ih < 0 || ih >= H) {
              p.fill(0, at, at + OW);
              at += OW;
              continue;
            }
            const row = (b * H + ih) * W;
            for (let ow = 0; ow < OW; ow++) {
              const iw = ow * sw + q - padLeft;
              p[at++] = iw >= 0 && iw < W ? xs[(row + iw) * ci + c]! : 0;
            }
          }
        }
      }
    }
  }
  const product = scope.run('BatchMatMul', { a: patches, b: scope.reshape(dy, [1, n, co]) }, { transposeA: false, transposeB: false });
  return scope.reshape(product, filterShape);
}
