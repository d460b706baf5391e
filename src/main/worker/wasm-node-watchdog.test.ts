// A multithreaded wasm start that does not answer in time (it hangs about once in 60 launches in Node)
// is abandoned and wasm starts again single-threaded. Simulated with a start timeout shorter than any start.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { initTrainingBackend } from '../../shared/training/backend';
import { installWasmThreadsForNode, nodeWasmPaths } from './wasm-node';

it('falls back to single-threaded wasm when the threaded start times out', async () => {
  installWasmThreadsForNode(2);
  const info = await initTrainingBackend({ preferred: 'wasm', wasmPaths: nodeWasmPaths(), threads: true, startTimeoutMs: 1 });
  expect(info).toEqual({ backend: 'wasm', threads: 1, notes: ['multithreaded wasm failed to start (no answer in 1 ms); restarted single-threaded.'] });
  expect(tf.getBackend()).toBe('wasm');
  // and it trains
  const g = tf.tidy(() =>
    tf
      .grad((w: tf.Tensor) => tf.conv2d(tf.ones([1, 4, 4, 2]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid').sum())(tf.ones([3, 3, 2, 1]))
      .dataSync(),
  );
  expect(Array.from(g)).toEqual(new Array(18).fill(4));
}, 30_000);
