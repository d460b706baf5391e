// The Node host's side of the wasm backend: where the binaries are, and multithreading (which tfjs
// 4.22 turns off in Node) made to work, with a thread pool as big as the machine's cores.
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { initTrainingBackend } from '../../shared/training/backend';
import { createWasmKernelStats, setKernelThreads } from '../../shared/training/wasm-backend';
import { installWasmThreadsForNode, kernelHelperThreads, nodeWasmPaths } from './wasm-node';

const cores = os.cpus().length;
const stats = createWasmKernelStats();

/** Gradients of a 3×3 conv, 16 → 32 channels (4 column blocks for the SIMD kernel), on one backend. */
async function convGrads(backend: string) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf
      .range(0, 2 * 12 * 12 * 16)
      .reshape([2, 12, 12, 16])
      .div(1000) as tf.Tensor4D;
    const w = tf
      .range(0, 3 * 3 * 16 * 32)
      .reshape([3, 3, 16, 32])
      .div(5000)
      .sin() as tf.Tensor4D;
    return tf
      .grads((a: tf.Tensor, b: tf.Tensor) =>
        tf
          .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')
          .square()
          .sum(),
      )([x, w])
      .map((g) => Array.from(g.dataSync()));
  });
}

describe('wasm in Node', () => {
  it('nodeWasmPaths is the folder holding the three binaries, with a trailing separator', () => {
    const dir = nodeWasmPaths();
    expect(dir.endsWith('/')).toBe(true);
    for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'])
      expect(existsSync(dir + name), name).toBe(true);
  });

  it('starts multithreaded wasm, whose gradients match the cpu backend', async () => {
    expect(installWasmThreadsForNode(2)).toBe(true);
    const info = await initTrainingBackend({
      preferred: 'wasm',
      wasmPaths: nodeWasmPaths(),
      threads: true,
      kernelThreads: kernelHelperThreads(),
      kernelStats: stats,
    });
    expect(info.backend).toBe('wasm');
    expect(info.notes).toEqual([]);
    expect(info.threads).toBe(cores > 1 ? 2 : 1);
    const grads = convGrads;
    // The SIMD filter-gradient kernel splits its work with a helper thread once that has started.
    await grads('wasm');
    for (let i = 0; i < 100 && cores > 1 && stats.simdSplit === 0; i++) {
      await new Promise((done) => setTimeout(done, 50));
      await grads('wasm');
    }
    if (cores > 1) expect(stats.simdSplit).toBeGreaterThan(0);
    const [wasm, cpu] = [await grads('wasm'), await grads('cpu')];
    for (let i = 0; i < 2; i++) {
      const scale = Math.max(...cpu[i]!.map(Math.abs));
      const err = Math.max(...cpu[i]!.map((v, j) => Math.abs(v - wasm[i]![j]!)));
      expect(err / scale).toBeLessThan(1e-4);
    }
  }, 30_000);

  it('the SIMD kernel split over 4 threads gives the same bits as on one', async () => {
    // After the test above: wasm runs threaded, so its heap is shared.
    setKernelThreads(null);
    const single = await convGrads('wasm');
    setKernelThreads(kernelHelperThreads(4)!);
    stats.simdMostParts = 0;
    for (let i = 0; i < 200 && stats.simdMostParts < 4; i++) {
      await new Promise((done) => setTimeout(done, 50));
      await convGrads('wasm');
    }
    expect(stats.simdMostParts).toBe(4);
    const split = await convGrads('wasm');
    expect(stats.simdMostParts).toBe(4);
    split.forEach((g, i) => expect(Float32Array.from(g)).toEqual(Float32Array.from(single[i]!)));
    setKernelThreads(kernelHelperThreads());
  }, 30_000);

  it('on the shared heap, the max-pool gradient and leading-axes sum run their SIMD kernels and match cpu', async () => {
    // After the first test: wasm runs threaded, its heap a SharedArrayBuffer (the modules import it shared).
    // The same float32 values on both backends (made here, not by each backend's sin); ties at 0.
    const values = Float32Array.from({ length: 2 * 10 * 9 * 6 }, (_, i) => Math.max(0, Math.sin(i / 7)));
    const weights = Float32Array.from({ length: 2 * 5 * 5 * 6 }, (_, i) => Math.cos(i / 3));
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor4d(values, [2, 10, 9, 6]);
        const r = tf.tensor4d(weights, [2, 5, 5, 6]);
        const [dx] = tf.grads((a: tf.Tensor) =>
          tf
            .maxPool(a as tf.Tensor4D, 2, 2, 'same')
            .mul(r)
            .sum(),
        )([x]);
        return [dx!, tf.sum(x, [0, 1, 2])].map((t) => Array.from(t.dataSync()));
      });
    };
    const [pools, sums] = [stats.simdMaxPoolGrad, stats.simdSum];
    const wasm = await run('wasm');
    expect(stats.simdMaxPoolGrad).toBe(pools + 1);
    expect(stats.simdSum).toBe(sums + 1);
    const cpu = await run('cpu');
    expect(wasm[0]).toEqual(cpu[0]);
    wasm[1]!.forEach((v, i) => expect(v).toBeCloseTo(cpu[1]![i]!, 4));
  }, 30_000);
});
