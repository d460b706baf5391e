/**
 * Runs the wasm backend's own kernels from inside a replacement kernel and releases what they make:
 * kernels are called directly (`getKernel(...).kernelFunc`), the way backends compose kernels, so
 * nothing is recorded on the gradient tape and every intermediate is released with `disposeData`.
 */
import * as tf from '@tensorflow/tfjs';
import { BACKEND, type Backend, type TensorInfo } from './common';

/** Runs one of the wasm backend's kernels directly and records its output for release. */
export class Scope {
  private readonly temps: TensorInfo[] = [];
  constructor(
    readonly backend: Backend,
    private readonly originals: Map<string, tf.KernelFunc>,
  ) {}

  run(kernel: string, inputs: Record<string, TensorInfo>, attrs: object = {}): TensorInfo {
    const func = this.originals.get(kernel) ?? tf.getKernel(kernel, BACKEND)?.kernelFunc;
    if (!func) throw new Error(`wasm kernel ${kernel} is not registered`);
    const out = func({ inputs: inputs as tf.NamedTensorInfoMap, backend: this.backend, attrs: attrs as tf.NamedAttrMap }) as TensorInfo;
    this.temps.push(out);
    return out;
  }

  /** Records a tensor made directly with `makeOutput` for release. */
  track(t: TensorInfo): TensorInfo {
    this.temps.push(t);
    return t;
  }

  reshape(x: TensorInfo, shape: number[]) {
    return this.run('Reshape', { x }, { shape });
  }
  transpose(x: TensorInfo, perm: number[]) {
    return this.run('Transpose', { x }, { perm });
  }
  /** Rows/columns [begin, begin+size) of an NHWC tensor (a no-op when nothing is cut). */
  crop(x: TensorInfo, begin: number[], size: number[]) {
    if (begin.every((b) => b === 0) && size.every((s, i) => s === x.shape[i])) return x;
    return this.run('Slice', { x }, { begin, size });
  }

  /** Hands `result` to the caller (it is not released) and releases every other intermediate. */
  finish(result: TensorInfo): TensorInfo {
    for (const t of this.temps) if (t !== result) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
    return result;
  }

  /** Releases everything (after an error). */
  abandon() {
    for (const t of this.temps) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
  }
}

/** Runs `body` in a fresh scope: its result is kept, every intermediate is released, on a throw too. */
export function inScope(backend: Backend, originals: Map<string, tf.KernelFunc>, body: (scope: Scope) => TensorInfo): TensorInfo {
  const scope = new Scope(backend, originals);
  try {
    return scope.finish(body(scope));
  } catch (e) {
    scope.abandon();
    throw e;
  }
}
