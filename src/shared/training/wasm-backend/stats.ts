/**
 * Counts of which route the filter gradient (and MaxPoolGrad, Sum) took, for tests and benchmarks. Not global: the caller
 * makes one with `createWasmKernelStats()` and passes it to `registerWasmGradients` (or
 * `initTrainingBackend`), and reads it afterwards.
 */
import type { FilterGradientRoute } from './filter-gradient-route';

export interface WasmKernelStats {
  /** Conv2DBackpropFilter calls, by the route that computed them. */
  filterGradient: Record<FilterGradientRoute, number>;
  /** SIMD filter-gradient runs whose work was split over more than one thread. */
  simdSplit: number;
  /** The most parts (threads, the calling one included) one SIMD run was split into. */
  simdMostParts: number;
  /** MaxPoolGrad and leading-axes Sum calls that ran their SIMD kernel. */
  simdMaxPoolGrad: number;
  simdSum: number;
}

export function createWasmKernelStats(): WasmKernelStats {
  return { filterGradient: { simd: 0, 'x-as-kernel': 0, im2col: 0, 'dy-as-kernel': 0 }, simdSplit: 0, simdMostParts: 0, simdMaxPoolGrad: 0, simdSum: 0 };
}
