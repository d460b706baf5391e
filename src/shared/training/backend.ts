/**
 * Chooses and starts the tfjs backend the trainer runs on: the wasm backend (XNNPACK) with the fast
 * gradient kernels of `wasm-backend/`, or tfjs's pure-JS `cpu` backend where wasm cannot start.
 *
 * Environment-free: what differs between hosts comes in through the options (where the `.wasm` files
 * are; whether threads may be used). The Node worker passes the package's `dist/` folder
 * (`nodeWasmPaths()` in src/main/worker/wasm-node.ts), the browser's Web Worker a map of bundled URLs.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradients, setKernelThreads, type KernelThreadsSetting, type WasmKernelStats } from './wasm-backend';

export type WasmBinaryName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

export interface TrainingBackendOptions {
  /** `wasm` (falls back to `cpu` with a note when it cannot start) or `cpu`. */
  preferred: 'wasm' | 'cpu';
  /**
   * Where the `.wasm` binaries are: a folder prefix ending in a separator (Node: a file path such as
   * `…/node_modules/@tensorflow/tfjs-backend-wasm/dist/`) or one URL per binary (browser bundles).
   * Omitted: tfjs looks next to its own script.
   */
  wasmPaths?: string | Record<WasmBinaryName, string>;
  /**
   * Let XNNPACK use a thread pool. Browsers: only takes effect where the page is cross-origin isolated
   * (SharedArrayBuffer); elsewhere tfjs picks the single-threaded binary by itself. Node: tfjs turns
   * threads off; `true` turns them on, which needs `installWasmThreadsForNode()` to have run first. A
   * threaded start that hangs (seen about 1 in 60 in Node) is abandoned after `startTimeoutMs` and wasm
   * starts again single-threaded. Default false.
   */
  threads?: boolean;
  /** Size of the thread pool (default: tfjs's, the number of logical cores). */
  threadCount?: number;
  /** How long a wasm start may take before it is given up (ms, default 15 000; a threaded start takes 1–3 s). */
  startTimeoutMs?: number;
  /** Counts which route each filter gradient took (tests, benchmarks): from `createWasmKernelStats()`. */
  kernelStats?: WasmKernelStats;
  /**
   * How the SIMD filter gradient may split its work over the machine's cores: the host's core count
   * and how it starts a helper thread (`kernelHelperThreads()` in src/main/worker/wasm-node.ts, the
   * Web Worker's own). Used only where the heap is shared (threaded wasm). Omitted: one thread.
   */
  kernelThreads?: KernelThreadsSetting;
}

export interface TrainingBackendInfo {
  /** The active tfjs backend: `wasm` or `cpu`. */
  backend: string;
  /** Threads XNNPACK uses (1 = single-threaded; always 1 on cpu). */
  threads: number;
  /** Human-readable lines on what was chosen and why (fallbacks, timeouts). */
  notes: string[];
}

// timers.d.ts declares setTimeout for src/shared/training; both hosts have clearTimeout too.
declare function clearTimeout(timer: unknown): void;

const WASM_PRIORITY = 2; // what tfjs-backend-wasm registers itself with
const DEFAULT_START_TIMEOUT_MS = 15_000;

let started: Promise<TrainingBackendInfo> | null = null;

/**
 * Starts the training backend once; later calls return the first call's result (whatever their
 * options). Also turns on tfjs's prod mode (no debug checks, no "install tfjs-node" banner).
 */
export function initTrainingBackend(options: TrainingBackendOptions): Promise<TrainingBackendInfo> {
  return (started ??= start(options));
}

/**
 * What a worker entry adds to the trainer's environment: `initBackend`, which starts the backend on
 * first use (not at worker start) and always resolves, on `cpu` at worst.
 *
 *   createTrainer({ post, ...createWorkerEnvBackend({ preferred: 'wasm', wasmPaths }) })
 */
export function createWorkerEnvBackend(options: TrainingBackendOptions): { initBackend: () => Promise<TrainingBackendInfo> } {
  return { initBackend: () => initTrainingBackend(options) };
}

/** For tests: forget the started backend so the next `initTrainingBackend` starts one again. */
export function resetTrainingBackendForTests(): void {
  started = null;
}

class StartTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StartTimeout(`no answer in ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function useCpu(notes: string[]): Promise<TrainingBackendInfo> {
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: tf.getBackend(), threads: 1, notes };
}

/**
 * One training step of a tiny conv net on the active backend: proves the gradient kernels are there
 * and run (an error here means training would fail, so wasm is not used).
 */
function smokeTest(): void {
  tf.tidy(() => {
    const x = tf.ones([1, 5, 4, 2]) as tf.Tensor4D;
    const w = tf.variable(tf.fill([3, 3, 2, 2], 0.5) as tf.Tensor4D);
    const grads = tf.variableGrads(() => tf.maxPool(tf.relu(tf.conv2d(x, w as tf.Tensor4D, 1, 'same')), 2, 2, 'valid').sum() as tf.Scalar, [w]);
    const g = grads.grads[w.name]!.dataSync();
    w.dispose();
    if (!g.every(Number.isFinite)) throw new Error('the convolution gradient is not finite');
  });
}

async function startWasm(timeoutMs: number): Promise<void> {
  const ok = await withTimeout(tf.setBackend('wasm'), timeoutMs);
  if (!ok || tf.getBackend() !== 'wasm') throw new Error('tfjs could not initialize the wasm backend');
  await tf.ready();
  smokeTest();
}

async function start(options: TrainingBackendOptions): Promise<TrainingBackendInfo> {
  tf.enableProdMode();
  const notes: string[] = [];
  if (options.preferred === 'cpu') return useCpu(notes);

  const env = tf.env();
  const factory = tf.findBackendFactory('wasm');
  if (!factory) {
    notes.push('The wasm backend is not registered; training on the cpu backend (much slower).');
    return useCpu(notes);
  }
  try {
    registerWasmGradients({ stats: options.kernelStats });
    if (options.kernelThreads) setKernelThreads(options.kernelThreads);
    if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
  } catch (e) {
    notes.push(`wasm backend unavailable (${message(e)}); training on the cpu backend (much slower).`);
    return useCpu(notes);
  }

  const isNode = env.getBool('IS_NODE');
  const wantThreads = options.threads === true;
  // Node: tfjs reports no thread support; the host has made it work (installWasmThreadsForNode).
  // Browsers: detection decides (cross-origin isolation), unless threads are not wanted.
  if (isNode || !wantThreads) env.set('WASM_HAS_MULTITHREAD_SUPPORT', wantThreads);
  if (wantThreads && options.threadCount) setThreadsCount(options.threadCount);
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;

  let restartedSingleThreaded = false;
  try {
    await startWasm(timeoutMs);
  } catch (e) {
    const threaded = await env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    if (!threaded) {
      notes.push(`wasm backend failed to start (${message(e)}); training on the cpu backend (much slower).`);
      return useCpu(notes);
    }
    // Abandon the threaded start (tfjs ignores an initialization that finishes after the backend was
    // removed) and start the single-threaded binary under the same name; registered kernels stay.
    notes.push(`multithreaded wasm failed to start (${message(e)}); restarted single-threaded.`);
    try {
      tf.removeBackend('wasm');
    } catch {
      // not registered any more: nothing to remove
    }
    tf.registerBackend('wasm', factory, WASM_PRIORITY);
    env.set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    restartedSingleThreaded = true;
    try {
      await startWasm(Math.max(timeoutMs, DEFAULT_START_TIMEOUT_MS));
    } catch (e2) {
      notes.push(`single-threaded wasm failed too (${message(e2)}); training on the cpu backend (much slower).`);
      return useCpu(notes);
    }
  }
  let threads = 1;
  if (!restartedSingleThreaded) {
    try {
      threads = Math.max(1, getThreadsCount());
    } catch {
      // tfjs keeps the count only once initialized; 1 is right for the single-threaded binary
    }
  }
  if (wantThreads && threads <= 1 && !isNode && !notes.length)
    notes.push('wasm runs single-threaded: the page is not cross-origin isolated (no SharedArrayBuffer).');
  return { backend: 'wasm', threads, notes };
}
