/**
 * Splitting the SIMD filter-gradient kernel's column blocks over the machine's cores: one part per
 * core, the calling thread included, the others on helper threads that share tfjs's wasm heap (a
 * threaded tfjs build's memory is a SharedArrayBuffer). Environment-free: the host says how many parts
 * and how to start a helper (`setKernelThreads`: a Node worker thread or a Web Worker running
 * `serveKernelRequests`); without that, or with an unshared heap, the calling thread runs every block.
 *
 * Each helper has a small shared Int32Array: the caller writes the job and its block range, bumps the
 * generation and wakes the helper with Atomics.notify; the helper sets its done flag when finished.
 * Both sides block in Atomics.wait, which worker threads may do (the trainer always runs in one). A
 * generation of −1 stops a helper: helpers bound to a heap that is no longer used (the backend was
 * restarted) or started under an earlier setting are stopped.
 *
 * Every column block is computed by one `run` call whoever runs it, so the result does not depend on
 * the number of parts (bit for bit; kernel-threads.test.ts).
 */
import { compileFilterGradientKernel, type FilterGradientJob } from './filter-gradient-kernel';
import type { WasmMemory, WasmModule } from './wasm-api';

/** What a helper thread is started with (structured-cloneable: shared buffers and a compiled module). */
export interface KernelHelperInit {
  control: SharedArrayBuffer;
  memory: WasmMemory;
  module: WasmModule;
}

export type KernelHelperSpawner = (init: KernelHelperInit) => void;

export interface KernelThreadsSetting {
  /** Parts to split a job into at most: the host's core count (`os.availableParallelism()`, `navigator.hardwareConcurrency`). */
  parts: number;
  /** Starts one helper thread running `serveKernelRequests(init)`; may throw where threads cannot start. */
  spawn: KernelHelperSpawner;
}

// Control block layout (Int32 slots), one block per helper.
const GENERATION = 0; // bumped per job; −1 asks the helper to stop
const DONE = 1; // 1 once the helper finished the current job
const READY = 2; // 1 once the helper instantiated the kernel
const JOB = 3; // xp, rowTable, dy, out, pixels, n, kh, span, rowStride, firstBlock, endBlock
const SLOTS = JOB + 11;
const STOP = -1;

let setting: KernelThreadsSetting | null = null;
let pool: { memory: WasmMemory; controls: Int32Array[] } | null = null;

/**
 * Lets the kernel split its work into up to `parts` parts, with `parts − 1` helper threads started
 * by `spawn` on first use; null or undefined (or fewer than 2 parts) keeps it on the calling thread. Stops the
 * helpers of an earlier setting.
 */
export function setKernelThreads(next: KernelThreadsSetting | null | undefined): void {
  stopHelpers();
  setting = next && Math.floor(next.parts) > 1 ? { parts: Math.floor(next.parts), spawn: next.spawn } : null;
}

function stopHelpers(): void {
  for (const control of pool?.controls ?? []) {
    Atomics.store(control, GENERATION, STOP);
    Atomics.notify(control, GENERATION);
  }
  pool = null;
}

/** The helpers bound to `memory` that have started (spawning them on first use). */
function readyHelpers(memory: WasmMemory, module: WasmModule): Int32Array[] {
  // A new heap (the backend restarted, e.g. single-threaded after a threaded start hung): the old helpers go.
  if (pool && pool.memory !== memory) stopHelpers();
  if (!setting || typeof SharedArrayBuffer === 'undefined' || !(memory.buffer instanceof SharedArrayBuffer)) return [];
  if (!pool) {
    const controls: Int32Array[] = [];
    for (let i = 1; i < setting.parts; i++) {
      const control = new SharedArrayBuffer(SLOTS * 4);
      try {
        setting.spawn({ control, memory, module });
      } catch {
        break; // cannot start (more) threads here: use those that did start
      }
      controls.push(new Int32Array(control));
    }
    if (controls.length === 0) {
      setting = null; // no threads at all: stay single-threaded
      return [];
    }
    pool = { memory, controls };
  }
  // Until a helper has started (a fraction of a second), the others and the caller share its work.
  return pool.controls.filter((control) => Atomics.load(control, READY) === 1);
}

/**
 * Blocks [0, blocks) in `parts` contiguous ranges as even as possible (the first ones one block
 * longer where it does not divide); never an empty range.
 */
export function splitBlocks(blocks: number, parts: number): [number, number][] {
  const count = Math.max(1, Math.min(blocks, parts));
  const base = Math.floor(blocks / count);
  const longer = blocks % count;
  const ranges: [number, number][] = [];
  for (let i = 0, first = 0; i < count; i++) {
    const end = first + base + (i < longer ? 1 : 0);
    ranges.push([first, end]);
    first = end;
  }
  return ranges;
}

/**
 * Runs blocks [0, blocks) of the job: one range on each started helper and one (the first, the
 * longest) on this thread through `runLocal`. Returns the number of parts it was split into.
 */
export function runColumnBlocks(
  memory: WasmMemory,
  module: WasmModule,
  job: FilterGradientJob,
  blocks: number,
  runLocal: (first: number, end: number) => void,
): number {
  const helpers = blocks > 1 ? readyHelpers(memory, module) : [];
  const ranges = splitBlocks(blocks, helpers.length + 1);
  const working = helpers.slice(0, ranges.length - 1);
  working.forEach((control, i) => {
    const [first, end] = ranges[i + 1]!;
    control.set([job.xp, job.rowTable, job.dy, job.out, job.pixels, job.n, job.kh, job.span, job.rowStride, first, end], JOB);
    Atomics.store(control, DONE, 0);
    // Only this thread writes the generation; it stays non-negative (−1 means stop).
    Atomics.store(control, GENERATION, (Atomics.load(control, GENERATION) + 1) & 0x3fffffff);
    Atomics.notify(control, GENERATION);
  });
  runLocal(...ranges[0]!);
  for (const control of working) while (Atomics.load(control, DONE) === 0) Atomics.wait(control, DONE, 0);
  return ranges.length;
}

/** A helper thread's loop: waits for jobs and runs its range of each until asked to stop. */
export function serveKernelRequests(init: KernelHelperInit): void {
  const control = new Int32Array(init.control);
  const { kernel } = compileFilterGradientKernel(init.memory, init.module);
  // The generation is read before READY is set: a job posted right after the caller saw READY then
  // differs from `seen`, so the first wait returns at once instead of missing it.
  let seen = Atomics.load(control, GENERATION);
  Atomics.store(control, READY, 1);
  while (seen !== STOP) {
    Atomics.wait(control, GENERATION, seen);
    seen = Atomics.load(control, GENERATION);
    if (seen === STOP) break;
    const [xp, rowTable, dy, out, pixels, n, kh, span, rowStride, first, end] = control.subarray(JOB, SLOTS);
    kernel.run({ xp: xp!, rowTable: rowTable!, dy: dy!, out: out!, pixels: pixels!, n: n!, kh: kh!, span: span!, rowStride: rowStride! }, first!, end!);
    Atomics.store(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}
