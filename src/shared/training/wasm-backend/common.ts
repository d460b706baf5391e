/**
 * What every kernel of the wasm backend module shares: the argument type tfjs calls a kernel with,
 * the slice of `BackendWasm` that reads and writes its heap, the attribute checks, and the padding
 * formula of a filter gradient's window.
 */
import type * as tf from '@tensorflow/tfjs';
import type { WasmMemory } from './simd/wasm-api';
import type { WasmKernelStats } from './stats';

export type TensorInfo = tf.TensorInfo;
export type Backend = tf.KernelBackend;
export type Pad4 = [[number, number], [number, number], [number, number], [number, number]];
export type Shape4 = [number, number, number, number];

/** The backend these kernels are registered on. */
export const BACKEND = 'wasm';

/** The arguments tfjs calls a kernel function with. */
export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: Backend;
  attrs: tf.NamedAttrMap;
}

/** What a replacement kernel gets besides its arguments. */
export interface KernelContext {
  /** The stock kernels, captured before any was replaced (some kernels fall back to them or call them). */
  originals: Map<string, tf.KernelFunc>;
  /** Where the filter gradient counts its routes; absent: nothing is counted. */
  stats?: WasmKernelStats;
}

/** A kernel: one output, or several (TrainingReluGrad with its sum). */
export type KernelImplementation = (args: KernelArgs, context: KernelContext) => TensorInfo | TensorInfo[];

/** The parts of tfjs-backend-wasm's `BackendWasm` that work on its heap directly. */
export interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  wasm: { wasmMemory?: WasmMemory; asm?: { memory?: WasmMemory } };
}

export const heapOf = (backend: Backend) => backend as unknown as HeapBackend;

const pair = (v: number | [number, number] | number[]): [number, number] => (typeof v === 'number' ? [v, v] : [v[0]!, v[1]!]);

export function assertChannelsLast(dataFormat: string | undefined, kernel: string) {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast')
    throw new Error(`${kernel} on wasm supports NHWC (channelsLast) only, got ${dataFormat}.`);
}

export function assertNoDilation(dilations: number | [number, number] | undefined, kernel: string) {
  if (dilations !== undefined && pair(dilations).some((d) => d !== 1))
    throw new Error(`${kernel}: dilation rates greater than 1 are not supported in gradients.`);
}

/**
 * Bottom and right padding that lets every window of the forward conv fit: (out−1)·stride + k − in − padBefore,
 * never negative (a negative value means trailing input rows/columns the forward conv never read).
 */
export function windowPadAfter(info: tf.backend_util.Conv2DInfo, kh: number, kw: number): [number, number] {
  return [
    Math.max(0, (info.outHeight - 1) * info.strideHeight + kh - info.inHeight - info.padInfo.top),
    Math.max(0, (info.outWidth - 1) * info.strideWidth + kw - info.inWidth - info.padInfo.left),
  ];
}
