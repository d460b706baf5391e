/**
 * Renderer build settings shared by electron-vite (the desktop app) and the plain-vite web host,
 * so both serve the identical page from `out/renderer`.
 */
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import type { Plugin, UserConfig } from 'vite';
import { datasetsPlugin } from './datasets-plugin.mts';

/** Strict CSP, injected into the built page only (vite's dev server needs inline scripts). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // tfjs's wasm backend compiles WebAssembly; nothing else is evaluated.
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  // React Flow positions nodes with inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' data: blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'cnn-studio-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

/** `repoRoot` comes from the caller: electron-vite and plain vite load configs differently (CJS vs ESM). */
export function rendererConfig(repoRoot: string): UserConfig {
  const rendererRoot = resolve(repoRoot, 'src/renderer');
  return {
    root: rendererRoot,
    base: './',
    // datasetsPlugin serves /datasets/<id>/… (MNIST, Fashion-MNIST) to the browser host's Web Worker.
    plugins: [react(), contentSecurityPolicy(), datasetsPlugin({ resolveFrom: repoRoot })],
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
