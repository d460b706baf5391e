/**
 * What the tfjs wasm backend needs from Node (the trainer's worker thread, tests, benchmarks): where its
 * `.wasm` files are, and — for multithreading — its pthread scripts on disk. Pass the results to
 * `initTrainingBackend` / `createWorkerEnvBackend` (src/shared/training/backend.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { KernelThreadsSetting } from '../../shared/training/wasm-backend';

/**
 * The folder holding `tfjs-backend-wasm*.wasm`, with a trailing separator, as `setWasmPaths` wants a
 * prefix. The package's `main` (`dist/tf-backend-wasm.node.js`) sits in that folder; Node reads the
 * binaries with `fs`, so a plain path (inside an asar archive too) works.
 */
export function nodeWasmPaths(): string {
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/';
}

let installed: boolean | undefined;

/**
 * Makes tfjs-backend-wasm's threaded build start under Node. tfjs 4.22 hands Emscripten its pthread
 * worker script and its module factory as Blobs behind object URLs, which only browsers can load as
 * scripts; Node's `worker_threads` need files. This records the text of each Blob tfjs creates, writes
 * the two scripts to a temporary folder and gives Emscripten their paths. The worker script gets a
 * preamble that defines the bundle-level names the factory's source refers to (`commonjsGlobal`,
 * `require$$N`) and resolves the factory's object URL to its file.
 *
 * The pool size: tfjs's C++ caps it at half of `emscripten_num_logical_cores()` (it assumes two
 * hyper-threads per core), which Emscripten takes from `os.cpus().length` in Node — 1 thread on a
 * 2-vCPU machine. So `os.cpus()` is made to list `2 × threads` entries in this thread (nothing else in
 * the trainer's worker thread asks it). `threads` defaults to the number of logical cores.
 *
 * Returns whether it could install itself (it cannot where `Blob`/`URL.createObjectURL` are missing).
 * Call before `initTrainingBackend({ threads: true })`, in the thread that runs tfjs; idempotent.
 */
export function installWasmThreadsForNode(threads = os.cpus().length): boolean {
  if (installed !== undefined) return installed;
  const NativeBlob = globalThis.Blob;
  if (typeof NativeBlob !== 'function' || typeof URL.createObjectURL !== 'function') return (installed = false);
  const texts = new WeakMap<Blob, string>();
  let folder: string | undefined;
  let factoryPath: string | undefined;
  const write = (name: string, text: string) => {
    folder ??= mkdtempSync(join(tmpdir(), 'cnn-studio-wasm-'));
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };
  class RecordingBlob extends NativeBlob {
    constructor(...args: ConstructorParameters<typeof Blob>) {
      super(...args);
      const parts = args[0];
      if (parts && parts.every((p) => typeof p === 'string')) {
        const text = parts.join('');
        texts.set(this, text);
        // The module factory travels to each pthread as this Blob; the preamble below loads its file.
        if (text.startsWith('var WasmBackendModuleThreadedSimd')) factoryPath = write('tfjs-backend-wasm-threaded-simd.js', text);
      }
    }
  }
  const createObjectURL = URL.createObjectURL.bind(URL);
  const workerPaths = new Map<string, string>();
  URL.createObjectURL = (blob: Blob) => {
    const text = texts.get(blob);
    if (text === undefined || !factoryPath || !text.includes('WasmBackendModuleThreadedSimd(Module)')) return createObjectURL(blob);
    let path = workerPaths.get(text);
    if (!path) {
      const preamble = [
        '"use strict";',
        'global.commonjsGlobal = global;',
        "global.require$$0 = require('fs'); global.require$$1 = require('path'); global.require$$3 = require('perf_hooks'); global.require$$4 = require('os');",
        `URL.createObjectURL = () => ${JSON.stringify(factoryPath)}; URL.revokeObjectURL = () => {};`,
      ].join('\n');
      path = write(`tfjs-backend-wasm-threaded-simd.worker.${workerPaths.size}.js`, `${preamble}\n${text.replace(/^"use strict";/, '')}`);
      workerPaths.set(text, path);
    }
    return path;
  };
  globalThis.Blob = RecordingBlob as typeof Blob;
  const cpus = os.cpus.bind(os);
  os.cpus = () => {
    const list = cpus();
    while (list.length > 0 && list.length < 2 * threads) list.push(list[0]!);
    return list;
  };
  return (installed = true);
}

/**
 * How the SIMD filter-gradient kernel splits its work here: into `parts` parts (default: the cores
 * Node may use), the calling thread and `parts − 1` helper threads (src/main/worker/kernel-helper.ts)
 * started when the kernel first runs on a shared heap. Pass it as `kernelThreads` to
 * `initTrainingBackend`. Under tsx (tests, benchmarks) a helper runs from its source, in the app from
 * `out/main/kernel-helper.js`. Undefined on a single core. `entryDir`: the folder of the worker entries;
 * the built trainer passes its own (`out/main`), because this module is bundled into `out/main/chunks/`.
 */
export function kernelHelperThreads(parts = os.availableParallelism(), entryDir = __dirname): KernelThreadsSetting | undefined {
  if (parts < 2) return undefined;
  const fromSource = __filename.endsWith('.ts');
  return {
    parts,
    spawn: (init) => {
      const helper = new Worker(join(entryDir, fromSource ? 'kernel-helper.ts' : 'kernel-helper.js'), {
        workerData: init,
        execArgv: fromSource ? ['--require', 'tsx/cjs'] : [],
      });
      // It blocks in Atomics.wait between jobs; it must not keep the process alive.
      helper.unref();
    },
  };
}
