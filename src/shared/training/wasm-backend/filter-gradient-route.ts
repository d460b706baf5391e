/**
 * Which of four routes computes a Conv2D filter gradient, as a pure function of the shapes (tested as
 * a table in filter-gradient-route.test.ts):
 *
 * - `simd`: our wasm SIMD kernel (simd/filter-gradient.ts), where output channels come in fours and
 *   the engine has wasm SIMD; 1.6–1.9× faster than the XNNPACK routes;
 * - otherwise XNNPACK, which repacks a convolution's kernel on every call (~5–10 ns an element), so
 *   the routes differ in what they pack: `x-as-kernel` (stride 1) packs B·H·W·ci elements,
 *   `dy-as-kernel` packs B·OH·OW·co; `im2col` writes the patches out and runs one matrix product,
 *   which wins for few rows (KH·KW·ci ≤ IM2COL_MAX_ROWS).
 */
import type * as tf from '@tensorflow/tfjs';
import type { Shape4 } from './common';

export type FilterGradientRoute = 'simd' | 'x-as-kernel' | 'im2col' | 'dy-as-kernel';

/** Up to this many rows (KH·KW·ci) the filter gradient is an explicit im2col and one XNNPACK matrix product. */
export const IM2COL_MAX_ROWS = 64;

/** The shapes the choice depends on. */
export interface FilterGradientCase {
  /** [KH, KW, ci, co]. */
  filterShape: Shape4;
  strides: [number, number];
  dilations: [number, number];
  pad: { top: number; bottom: number; left: number; right: number };
  /** Elements of x (B·H·W·ci) and of dy (B·OH·OW·co). */
  xSize: number;
  dySize: number;
  /** Whether the SIMD kernel could be compiled for this backend's heap. */
  simdKernel: boolean;
}

export function chooseFilterGradientRoute(c: FilterGradientCase): FilterGradientRoute {
  const [kh, kw, ci, co] = c.filterShape;
  if (c.simdKernel && co % 4 === 0 && c.dilations[0] === 1 && c.dilations[1] === 1) return 'simd';
  const { pad } = c;
  const xAsKernel =
    c.strides[0] === 1 &&
    c.strides[1] === 1 &&
    ci >= 8 &&
    c.xSize < c.dySize &&
    pad.top <= kh - 1 &&
    pad.bottom <= kh - 1 &&
    pad.left <= kw - 1 &&
    pad.right <= kw - 1;
  if (xAsKernel) return 'x-as-kernel';
  if (kh * kw * ci <= IM2COL_MAX_ROWS) return 'im2col';
  return 'dy-as-kernel';
}

/** The case of a convolution described by tfjs's `Conv2DInfo`. */
export function filterGradientCase(info: tf.backend_util.Conv2DInfo, filterShape: Shape4, simdKernel: boolean): FilterGradientCase {
  return {
    filterShape,
    strides: [info.strideHeight, info.strideWidth],
    dilations: [info.dilationHeight, info.dilationWidth],
    pad: { top: info.padInfo.top, bottom: info.padInfo.bottom, left: info.padInfo.left, right: info.padInfo.right },
    xSize: info.batchSize * info.inHeight * info.inWidth * info.inChannels,
    dySize: info.batchSize * info.outHeight * info.outWidth * info.outChannels,
    simdKernel,
  };
}
