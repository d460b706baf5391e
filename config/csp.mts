/**
 * The renderer's Content-Security-Policy, in one place: injected as a `<meta>` into the built page (what
 * Electron loads from file://, where there are no headers), and sent as a response header by the preview
 * server (the same string) and by the dev servers (`npm run web`, `npm run dev`). The dev server's only
 * difference is a per-start nonce on `script-src`: Vite and React's fast refresh inject inline module
 * scripts, and `html.cspNonce` stamps exactly those with it. Nothing remote, no `unsafe-eval`.
 */
import { randomBytes } from 'node:crypto';
import type { Plugin } from 'vite';

export const CSP_DIRECTIVES: readonly (readonly [string, ...string[]])[] = [
  ['default-src', "'self'"],
  // tfjs's wasm backend (and the SIMD kernel generated at run time) compiles WebAssembly; nothing is evaluated.
  ['script-src', "'self'", "'wasm-unsafe-eval'"],
  ['worker-src', "'self'", 'blob:'],
  // React Flow positions nodes with inline styles.
  ['style-src', "'self'", "'unsafe-inline'"],
  ['img-src', "'self'", 'data:', 'blob:'],
  ['connect-src', "'self'", 'data:', 'blob:'],
  ['font-src', "'self'"],
  ['frame-src', "'none'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/** The policy as a header or meta value; `nonce` adds `'nonce-…'` to `script-src` (dev servers only). */
export function contentSecurityPolicy(nonce?: string): string {
  return CSP_DIRECTIVES.map(([name, ...sources]) => [name, ...sources, ...(nonce && name === 'script-src' ? [`'nonce-${nonce}'`] : [])].join(' ')).join('; ');
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

interface HeaderTarget {
  middlewares: { use(handler: (req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => void): void };
}

function sendHeader(server: HeaderTarget, policy: string): void {
  server.middlewares.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    next();
  });
}

/** The Vite plugin: meta in the build, header on the preview and dev servers. */
export function cspPlugin(): Plugin {
  const nonce = randomBytes(16).toString('base64');
  return {
    name: 'cnn-studio-csp',
    config: (_config, { command }) => (command === 'serve' ? { html: { cspNonce: nonce } } : undefined),
    transformIndexHtml: {
      order: 'pre',
      handler: (_html, context) =>
        context.server ? [] : [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
    },
    configureServer: (server) => sendHeader(server, contentSecurityPolicy(nonce)),
    configurePreviewServer: (server) => sendHeader(server, CONTENT_SECURITY_POLICY),
  };
}
