// Starting the training backend: wasm with the fast gradient kernels, cpu on request, once only.
// (Node finds the .wasm files next to tfjs-backend-wasm's own script, so no wasmPaths here; the Node
// host's paths, threads and the start watchdog are tested in src/main/worker/wasm-node.test.ts.)
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerEnvBackend, initTrainingBackend, resetTrainingBackendForTests } from './backend';

afterEach(() => resetTrainingBackendForTests());

describe('initTrainingBackend', () => {
  it('starts wasm, single-threaded by default, and trains a conv step there', async () => {
    const info = await initTrainingBackend({ preferred: 'wasm' });
    expect(info).toEqual({ backend: 'wasm', threads: 1, notes: [] });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.env().getBool('PROD')).toBe(true);
    const grad = tf.tidy(() =>
      tf
        .grad((w: tf.Tensor) => tf.conv2d(tf.ones([2, 6, 6, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'same').sum())(tf.ones([3, 3, 1, 4]))
        .dataSync(),
    );
    // Each tap of a 3×3 'same' kernel over a 6×6 image of ones sees 25 (corners), 30 (edges) or 36 pixels, twice (batch 2).
    expect(Array.from(grad.slice(0, 4))).toEqual([50, 50, 50, 50]);
    expect(grad[4 * 4]).toBe(72);
  });

  it('is idempotent: later calls share the first start, whatever their options', async () => {
    const first = initTrainingBackend({ preferred: 'wasm' });
    expect(initTrainingBackend({ preferred: 'cpu' })).toBe(first);
    const env = createWorkerEnvBackend({ preferred: 'cpu' });
    expect(await env.initBackend()).toBe(await first);
  });

  it('starts cpu when asked', async () => {
    const info = await initTrainingBackend({ preferred: 'cpu' });
    expect(info).toEqual({ backend: 'cpu', threads: 1, notes: [] });
    expect(tf.getBackend()).toBe('cpu');
  });
});
