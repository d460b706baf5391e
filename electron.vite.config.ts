import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { rendererConfig } from './config/renderer.config.mts';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The trainer (and its SIMD kernel's helper thread) are stable-named entries so the main process can start `out/main/trainer.js`;
        // `out/main/cli.js` is the teacher CLI that `bin/cnn-studio.cjs` runs under plain Node.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          trainer: resolve(__dirname, 'src/main/worker/trainer.ts'),
          'kernel-helper': resolve(__dirname, 'src/main/worker/kernel-helper.ts'),
          replica: resolve(__dirname, 'src/main/worker/replica.ts'),
          cli: resolve(__dirname, 'src/main/cli/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // The sandboxed preload can require only `electron`: zod (the IPC table's schemas) is bundled in.
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: rendererConfig(__dirname),
});
