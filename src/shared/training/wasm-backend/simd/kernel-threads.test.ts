// Splitting the SIMD filter-gradient kernel into parts: the block ranges, the result bit for bit the
// same for 1, 2 and 4 parts, and the thread hand-off's fallbacks to the calling thread (the real
// helper threads run in src/main/worker/wasm-node.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../../../data/random';
import { columnBlocks, compileFilterGradientKernel, type FilterGradientJob } from './filter-gradient-kernel';
import { runColumnBlocks, setKernelThreads, splitBlocks, type KernelHelperInit } from './kernel-threads';
import { wasmApi as WebAssembly, type WasmMemory } from './wasm-api';

afterEach(() => setKernelThreads(null));

describe('splitBlocks', () => {
  it.each([
    [1, 1, [[0, 1]]],
    [1, 4, [[0, 1]]],
    [8, 1, [[0, 8]]],
    [
      8,
      2,
      [
        [0, 4],
        [4, 8],
      ],
    ],
    [
      5,
      2,
      [
        [0, 3],
        [3, 5],
      ],
    ],
    [
      8,
      3,
      [
        [0, 3],
        [3, 6],
        [6, 8],
      ],
    ],
    [
      3,
      4,
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
    ],
    [
      10,
      4,
      [
        [0, 3],
        [3, 6],
        [6, 8],
        [8, 10],
      ],
    ],
  ])('%i blocks in %i parts', (blocks, parts, ranges) => {
    expect(splitBlocks(blocks, parts)).toEqual(ranges);
  });
});

/** A job laid out on a fresh memory: 2 images, a 9×8 padded input of 5 channels, a 3×3 kernel, stride 1. */
function layOutJob(memory: WasmMemory, n: number) {
  const [B, Hp, Wp, ci, kh, kw] = [2, 9, 8, 5, 3, 3];
  const [OH, OW] = [Hp - kh + 1, Wp - kw + 1];
  const pixels = B * OH * OW; // 84: three passes of 32 pixels
  const span = kw * ci; // 15: three tiles of 4 rows and a rest of 3
  const rand = mulberry32(7);
  const f32 = new Float32Array(memory.buffer);
  const i32 = new Int32Array(memory.buffer);
  const xp = 0;
  const rowTable = xp + B * Hp * Wp * ci * 4;
  const dy = rowTable + pixels * 4;
  const out = dy + pixels * n * 4;
  for (let i = 0; i < B * Hp * Wp * ci; i++) f32[xp / 4 + i] = normal(rand);
  let m = 0;
  for (let b = 0; b < B; b++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) i32[rowTable / 4 + m++] = ((b * Hp + oh) * Wp + ow) * ci * 4;
  for (let i = 0; i < pixels * n; i++) f32[dy / 4 + i] = normal(rand);
  const job: FilterGradientJob = { xp, rowTable, dy, out, pixels, n, kh, span, rowStride: Wp * ci * 4 };
  /** dW in double precision, straight from the definition. */
  const reference = () => {
    const dW = new Float64Array(kh * span * n);
    for (let p = 0; p < pixels; p++)
      for (let r = 0; r < kh; r++)
        for (let j = 0; j < span; j++) {
          const xv = f32[(i32[rowTable / 4 + p]! + r * job.rowStride) / 4 + j]!;
          for (let o = 0, at = (r * span + j) * n; o < n; o++) dW[at + o] = dW[at + o]! + xv * f32[dy / 4 + p * n + o]!;
        }
    return dW;
  };
  const result = () => new Uint32Array(memory.buffer, out, kh * span * n).slice();
  return { job, reference, result };
}

describe('the SIMD kernel in parts', () => {
  it.each([36, 64])('gives the same bits for 1, 2 and 4 parts (n = %i)', (n) => {
    const memory = new WebAssembly.Memory({ initial: 2 });
    const { kernel } = compileFilterGradientKernel(memory);
    const { job, reference, result } = layOutJob(memory, n);
    const blocks = columnBlocks(n);
    const results = [1, 2, 4].map((parts) => {
      new Float32Array(memory.buffer, job.out, job.kh * job.span * n).fill(Number.NaN);
      const ranges = splitBlocks(blocks, parts);
      expect(ranges).toHaveLength(parts);
      // Later parts first: the order the parts finish in must not matter either.
      for (const [first, end] of [...ranges].reverse()) kernel.run(job, first, end);
      return result();
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    const dW = new Float32Array(results[0]!.buffer);
    const expected = reference();
    const scale = Math.max(...expected.map(Math.abs));
    expect(Math.max(...dW.map((v, i) => Math.abs(v - expected[i]!))) / scale).toBeLessThan(1e-5);
  });
});

describe('runColumnBlocks without helpers runs every block on the calling thread', () => {
  const job = { xp: 0, rowTable: 0, dy: 0, out: 0, pixels: 0, n: 32, kh: 1, span: 1, rowStride: 0 };
  const module = compileFilterGradientKernel(new WebAssembly.Memory({ initial: 1 })).module;
  const run = (memory: WasmMemory) => {
    const calls: [number, number][] = [];
    const parts = runColumnBlocks(memory, module, job, 4, (first, end) => calls.push([first, end]));
    return { parts, calls };
  };
  const shared = () => new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });

  it('with no setting', () => {
    expect(run(shared())).toEqual({ parts: 1, calls: [[0, 4]] });
  });

  it('on an unshared heap, starting no helper', () => {
    const started: KernelHelperInit[] = [];
    setKernelThreads({ parts: 4, spawn: (init) => started.push(init) });
    expect(run(new WebAssembly.Memory({ initial: 1 }))).toEqual({ parts: 1, calls: [[0, 4]] });
    expect(started).toHaveLength(0);
  });

  it('until the helpers have started (one per part after the first), and once each', () => {
    const started: KernelHelperInit[] = [];
    setKernelThreads({ parts: 4, spawn: (init) => started.push(init) });
    const memory = shared();
    expect(run(memory)).toEqual({ parts: 1, calls: [[0, 4]] });
    expect(run(memory)).toEqual({ parts: 1, calls: [[0, 4]] });
    expect(started).toHaveLength(3);
    expect(started.every((init) => init.memory === memory && init.module === module)).toBe(true);
    // A new setting stops them (generation −1).
    setKernelThreads(null);
    expect(started.map((init) => new Int32Array(init.control)[0])).toEqual([-1, -1, -1]);
  });

  it('stopping the helpers of a heap no longer used', () => {
    const started: KernelHelperInit[] = [];
    setKernelThreads({ parts: 3, spawn: (init) => started.push(init) });
    run(shared());
    expect(started.map((init) => new Int32Array(init.control)[0])).toEqual([0, 0]);
    run(new WebAssembly.Memory({ initial: 1 }));
    expect(started.map((init) => new Int32Array(init.control)[0])).toEqual([-1, -1]);
  });

  it('where threads cannot start', () => {
    setKernelThreads({
      parts: 2,
      spawn: () => {
        throw new Error('no Worker here');
      },
    });
    expect(run(shared())).toEqual({ parts: 1, calls: [[0, 4]] });
  });
});
