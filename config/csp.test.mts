import { describe, expect, it } from 'vitest';
import type { HtmlTagDescriptor, IndexHtmlTransformContext, Plugin, PreviewServer, ViteDevServer } from 'vite';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy, cspPlugin } from './csp.mts';

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

/** What a middleware sets as the CSP header, through a fake server. */
function servedHeader(hook: Plugin['configureServer'] | Plugin['configurePreviewServer']): string {
  let header = '';
  const server = {
    middlewares: {
      use: (fn: (req: unknown, res: unknown, next: () => void) => void) => fn({}, { setHeader: (_n: string, v: string) => (header = v) }, () => {}),
    },
  };
  (hook as (server: ViteDevServer & PreviewServer) => void)(server as never);
  return header;
}

describe('Content-Security-Policy', () => {
  it('names no remote origin, evaluates nothing but WebAssembly, and shuts plugins, frames, base and forms', () => {
    const sources = [...directives(CONTENT_SECURITY_POLICY).values()].flat();
    const local = new Set(["'self'", "'none'", "'unsafe-inline'", "'wasm-unsafe-eval'", 'data:', 'blob:']);
    expect(sources.filter((s) => !local.has(s))).toEqual([]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|\*|https?:|wss?:|\/\//);
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    for (const name of ['object-src', 'base-uri', 'form-action', 'frame-src']) expect(d.get(name), name).toEqual(["'none'"]);
    // Inline styles only (React Flow); never inline scripts.
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('the dev servers send the same policy with a nonce on script-src only', () => {
    expect(contentSecurityPolicy('abc')).toBe(
      CONTENT_SECURITY_POLICY.replace("script-src 'self' 'wasm-unsafe-eval'", "script-src 'self' 'wasm-unsafe-eval' 'nonce-abc'"),
    );
  });

  it('the plugin puts the policy in the built page and sends it as a header from the preview and dev servers', () => {
    const plugin = cspPlugin();
    const transform = plugin.transformIndexHtml as { handler: (html: string, ctx: IndexHtmlTransformContext) => HtmlTagDescriptor[] };
    expect(transform.handler('', {} as IndexHtmlTransformContext)).toEqual([
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ]);
    expect(transform.handler('', { server: {} } as IndexHtmlTransformContext)).toEqual([]);
    expect(servedHeader(plugin.configurePreviewServer)).toBe(CONTENT_SECURITY_POLICY);
    const config = (plugin.config as (c: object, env: { command: string }) => { html: { cspNonce: string } } | undefined)({}, { command: 'serve' })!;
    expect(servedHeader(plugin.configureServer)).toBe(contentSecurityPolicy(config.html.cspNonce));
    expect(config.html.cspNonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect((plugin.config as (c: object, env: { command: string }) => unknown)({}, { command: 'build' })).toBeUndefined();
  });
});
