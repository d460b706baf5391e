/**
 * Renderer build settings shared by electron-vite (the desktop app) and the plain-vite web host,
 * so both serve the identical page from `out/renderer`.
 */
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import type { UserConfig } from 'vite';
import { cspPlugin } from './csp.mts';
import { datasetsPlugin } from './datasets-plugin.mts';

/** `repoRoot` comes from the caller: electron-vite and plain vite load configs differently (CJS vs ESM). */
export function rendererConfig(repoRoot: string): UserConfig {
  const rendererRoot = resolve(repoRoot, 'src/renderer');
  return {
    root: rendererRoot,
    base: './',
    // datasetsPlugin serves /datasets/<id>/… (MNIST, Fashion-MNIST) to the browser host's Web Worker.
    plugins: [react(), cspPlugin(), datasetsPlugin({ resolveFrom: repoRoot })],
    worker: { format: 'es' },
    // tfjs and its wasm backend are imported only from the Web Worker: pre-bundle them, or a cold dev
    // server discovers them late, re-optimizes and reloads the page mid-session (losing the run).
    optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'] },
    build: {
      outDir: resolve(repoRoot, 'out/renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 4096,
      rollupOptions: { input: resolve(rendererRoot, 'index.html') },
    },
  };
}
