/**
 * Splitting the SIMD filter-gradient kernel's column blocks across helper threads that share tfjs's
 * wasm heap (a threaded tfjs build's memory is a SharedArrayBuffer). Environment-free: the host says
 * how to start a helper (`setKernelHelperSpawner`: a Node worker thread running `serveKernelRequests`);
 * without a spawner, or with an unshared heap, the calling thread runs every block.
 *
 * Hand-off is through a small shared Int32Array: the caller writes the job, bumps the generation
 * and wakes the helper with Atomics.notify; each finished helper adds to the done count. Both sides
 * block in Atomics.wait, which worker threads may do (the trainer always runs in one).
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

// Control block layout (Int32 slots).
const GENERATION = 0; // bumped per job; −1 asks the helper to stop
const DONE = 1; // helpers finished with the current job
const READY = 2; // helper instantiated the kernel
const JOB = 3; // xp, rowTable, dy, out, pixels, n, kh, span, rowStride, firstBlock, endBlock
const SLOTS = JOB + 11;

let spawner: KernelHelperSpawner | null = null;
let helper: { memory: WasmMemory; control: Int32Array } | null = null;

/**
 * Lets the kernel use one helper thread, started by `spawn` on first use (hosts with at least two
 * cores; the Node trainer worker).
 */
export function setKernelHelperSpawner(spawn: KernelHelperSpawner | null): void {
  spawner = spawn;
}

function helperFor(memory: WasmMemory, module: WasmModule): Int32Array | null {
  if (!spawner || typeof SharedArrayBuffer === 'undefined' || !(memory.buffer instanceof SharedArrayBuffer)) return null;
  if (!helper || helper.memory !== memory) {
    const control = new SharedArrayBuffer(SLOTS * 4);
    helper = { memory, control: new Int32Array(control) };
    try {
      spawner({ control, memory, module });
    } catch {
      spawner = null; // cannot start threads here: stay single-threaded
      return null;
    }
  }
  // Until the helper has started (a fraction of a second), the caller works alone.
  return Atomics.load(helper.control, READY) === 1 ? helper.control : null;
}

/**
 * Runs blocks [0, blocks): about half on the helper when there is one, the rest (or all) on this
 * thread. Returns whether the helper took part.
 */
export function runOnHelpers(memory: WasmMemory, module: WasmModule, job: FilterGradientJob, blocks: number, runLocal: (first: number, end: number) => void): boolean {
  const control = blocks > 1 ? helperFor(memory, module) : null;
  if (!control) {
    runLocal(0, blocks);
    return false;
  }
  const split = blocks >> 1;
  control.set([job.xp, job.rowTable, job.dy, job.out, job.pixels, job.n, job.kh, job.span, job.rowStride, 0, split], JOB);
  Atomics.store(control, DONE, 0);
  Atomics.add(control, GENERATION, 1);
  Atomics.notify(control, GENERATION);
  runLocal(split, blocks);
  while (Atomics.load(control, DONE) === 0) Atomics.wait(control, DONE, 0);
  return true;
}

/** The helper thread's loop: waits for jobs and runs its share until asked to stop. */
export function serveKernelRequests(init: KernelHelperInit): void {
  const control = new Int32Array(init.control);
  const { kernel } = compileFilterGradientKernel(init.memory, init.module);
  Atomics.store(control, READY, 1);
  let seen = Atomics.load(control, GENERATION);
  for (;;) {
    Atomics.wait(control, GENERATION, seen);
    seen = Atomics.load(control, GENERATION);
    if (seen < 0) return;
    const [xp, rowTable, dy, out, pixels, n, kh, span, rowStride, first, end] = control.subarray(JOB, SLOTS);
    kernel.run({ xp: xp!, rowTable: rowTable!, dy: dy!, out: out!, pixels: pixels!, n: n!, kh: kh!, span: span!, rowStride: rowStride! }, first!, end!);
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}
