// When the wasm binaries cannot be loaded the trainer still gets a backend: cpu, with a note saying why.
// (Its own file: tfjs-backend-wasm keeps a failed start for the rest of the module's life.)
import * as tf from '@tensorflow/tfjs';
import { expect, it, vi } from 'vitest';
import { initTrainingBackend } from './backend';

it('falls back to cpu with a note when wasm cannot start', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const info = await initTrainingBackend({ preferred: 'wasm', wasmPaths: '/nonexistent/wasm/' });
  warn.mockRestore();
  expect(info.backend).toBe('cpu');
  expect(tf.getBackend()).toBe('cpu');
  expect(info.notes).toHaveLength(1);
  expect(info.notes[0]).toMatch(/^wasm backend failed to start .*training on the cpu backend/);
});
