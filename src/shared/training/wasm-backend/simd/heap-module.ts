/**
 * A generated module instantiated on tfjs's wasm heap, once per backend and module: the single-thread
 * kernels (max-pool gradient, column sums) read and write tensors in place through it.
 */
import type { HeapBackend } from '../common';
import { wasmApi } from './wasm-api';

const instances = new WeakMap<object, Map<string, Record<string, unknown> | null>>();

/**
 * The exports of the module `build(shared)` makes, on this backend's heap (`shared`: the heap is a
 * SharedArrayBuffer, a threaded tfjs build); null where it cannot be (no memory found, no wasm SIMD).
 */
export function heapModule(backend: HeapBackend, key: string, build: (shared: boolean) => Uint8Array): Record<string, unknown> | null {
  let known = instances.get(backend);
  if (!known) instances.set(backend, (known = new Map()));
  const found = known.get(key);
  if (found !== undefined) return found;
  let result: Record<string, unknown> | null = null;
  try {
    const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
    if (memory) {
      const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
      result = new wasmApi.Instance(new wasmApi.Module(build(shared)), { env: { memory } }).exports;
    }
  } catch {
    result = null; // the engine lacks wasm SIMD: the JS loops stay
  }
  known.set(key, result);
  return result;
}

/** A tensor's byte address in the heap. */
export const addressOf = (backend: HeapBackend, t: { dataId: object }) => backend.dataIdMap.get(t.dataId)!.memoryOffset;
