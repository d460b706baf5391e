/**
 * Registers our gradient kernels on tfjs's `wasm` backend (tfjs 4.22), replacing the stock ones
 * where they exist.
 *
 * The stock wasm backend cannot train a Conv2D at all (no `Conv2DBackpropFilter`), its
 * `Conv2DBackpropInput` is a naive loop, depthwise gradients are missing, `BatchMatMul` with a
 * transposed operand (every Dense layer's backward pass) falls off XNNPACK onto a scalar loop, its
 * `MaxPoolGrad` is slow and routes ties differently from cpu, and its `Sum` over leading axes
 * transposes first; its `Identity` copies (the gradient tape clones every saved tensor), and so does its `Cast` to the same dtype; `TrainingReluGrad` (a relu's dy·step(y) in one pass, for fused-conv.ts) is ours alone. Each kernel has its own file in this folder; most rewrite the gradient as
 * XNNPACK forward work, the filter gradient runs our SIMD kernel where it can (simd/).
 *
 * Environment-free: only tfjs APIs.
 */
import * as tf from '@tensorflow/tfjs';
import { batchMatMul } from './batch-mat-mul';
import { cast } from './cast';
import { BACKEND, type KernelArgs, type KernelContext, type KernelImplementation } from './common';
import { conv2DBackpropFilter } from './conv2d-backprop-filter';
import { conv2DBackpropInput } from './conv2d-backprop-input';
import { depthwiseBackpropFilter } from './depthwise-backprop-filter';
import { depthwiseBackpropInput } from './depthwise-backprop-input';
import { identity } from './identity';
import { maxPoolGrad } from './max-pool-grad';
import { RELU_GRAD_KERNEL, reluGrad } from './relu-grad';
import type { WasmKernelStats } from './stats';
import { sum } from './sum';

const implementations = {
  Conv2DBackpropFilter: conv2DBackpropFilter,
  Conv2DBackpropInput: conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  BatchMatMul: batchMatMul,
  MaxPoolGrad: maxPoolGrad,
  Sum: sum,
  Identity: identity,
  Cast: cast,
  [RELU_GRAD_KERNEL]: reluGrad,
} satisfies Record<string, KernelImplementation>;

/** Kernel names this module registers (or replaces) on the wasm backend. */
const WASM_GRADIENT_KERNELS = Object.keys(implementations) as (keyof typeof implementations)[];

/** The stock kernels (with their setup functions), captured before the first registration replaced any. */
let stock: Map<string, tf.KernelConfig> | null = null;

export interface RegisterOptions {
  /** Counts the filter gradient's routes here (tests, benchmarks). */
  stats?: WasmKernelStats;
}

/**
 * Registers the kernels on the wasm backend, replacing the stock ones where they exist. Call it
 * after `@tensorflow/tfjs-backend-wasm` has been imported (which registers the stock kernels) and
 * before training; it does not need the backend to be initialized. A later call registers them again
 * with its own options (the stock kernels they fall back to stay the ones first found).
 */
export function registerWasmGradients(options: RegisterOptions = {}): void {
  if (!stock) {
    stock = new Map();
    for (const name of WASM_GRADIENT_KERNELS) {
      const found = tf.getKernel(name, BACKEND);
      if (found) stock.set(name, found);
    }
  }
  const context: KernelContext = { originals: new Map([...stock].map(([name, config]) => [name, config.kernelFunc])), stats: options.stats };
  for (const name of WASM_GRADIENT_KERNELS) {
    if (tf.getKernel(name, BACKEND)) tf.unregisterKernel(name, BACKEND);
    const impl: KernelImplementation = implementations[name];
    tf.registerKernel({
      kernelName: name,
      backendName: BACKEND,
      // setupFunc of the stock kernel (cwrap of its C function) stays needed by `originals`.
      setupFunc: stock.get(name)?.setupFunc,
      kernelFunc: ((args: KernelArgs) => impl(args, context)) as tf.KernelFunc,
    });
  }
}
