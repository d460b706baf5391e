/**
 * The wasm training backend's kernels, as the trainer's backend (backend.ts) and the hosts use them:
 * register them on tfjs's wasm backend, count their routes, and let the SIMD filter gradient use the
 * machine's cores. A helper thread's entry imports `simd/kernel-threads` directly (no tfjs there).
 *
 * Folder map: register.ts (the kernel table) · one file per kernel (conv2d-backprop-filter.ts with
 * its route choice in filter-gradient-route.ts and the im2col route in filter-gradient-im2col.ts,
 * conv2d-backprop-input.ts, depthwise-backprop-filter.ts, depthwise-backprop-input.ts,
 * batch-mat-mul.ts, max-pool-grad.ts, sum.ts, relu-grad.ts) · shared pieces (common.ts, scope.ts,
 * full-correlation.ts, stats.ts) · simd/ (the generated SIMD kernels: filter gradient with its threads,
 * max-pool gradient, column sums, relu gradient; heap-module.ts instantiates the single-thread ones).
 */
export { registerWasmGradients } from './register';
export { createWasmKernelStats, type WasmKernelStats } from './stats';
export { setKernelThreads, type KernelHelperInit, type KernelHelperSpawner, type KernelThreadsSetting } from './simd/kernel-threads';
