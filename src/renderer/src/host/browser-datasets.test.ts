import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserDatasetLoader, datasetBaseUrl, loadBrowserDataset } from './browser-datasets';

const CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** A fake app server with a 2×2 "MNIST" of 6 train and 4 test images, following src/shared/data/dataset-http.ts. */
function fakeServer(overrides: Record<string, () => Response> = {}) {
  const requests: string[] = [];
  const data: Record<string, Uint8Array> = {
    'train-images.bin': Uint8Array.from({ length: 24 }, (_, k) => Math.floor(k / 4)),
    'train-labels.bin': Uint8Array.of(7, 1, 2, 3, 4, 5),
    'test-images.bin': Uint8Array.from({ length: 16 }, (_, k) => 200 + Math.floor(k / 4)),
    'test-labels.bin': Uint8Array.of(7, 2, 1, 0),
  };
  const fetch = vi.fn(async (input: string | URL | Request) => {
    const url = new URL(String(input));
    requests.push(url.pathname + url.search);
    const match = /^\/(?:app\/)?datasets\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const file = match?.[2] ?? '';
    if (overrides[file]) return overrides[file]();
    if (!match || match[1] !== 'mnist') return new Response('Unknown dataset', { status: 404, statusText: 'Not Found' });
    if (file === 'meta.json') {
      return Response.json({ id: 'mnist', name: 'MNIST', height: 2, width: 2, channels: 1, classNames: CLASSES, trainCount: 6, testCount: 4 });
    }
    const all = data[file];
    if (!all) return new Response('No file', { status: 404, statusText: 'Not Found' });
    const limit = url.searchParams.get('limit');
    const per = file.endsWith('images.bin') ? 4 : 1;
    return new Response(limit === null ? all : all.subarray(0, Number(limit) * per));
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

afterEach(() => vi.unstubAllGlobals());

describe('datasetBaseUrl', () => {
  it('finds the page base from a built worker under assets/', () => {
    expect(datasetBaseUrl('http://localhost:4173/assets/trainer.worker-B6HVXhgZ.js', 'worker').href).toBe('http://localhost:4173/');
    expect(datasetBaseUrl('https://example.org/studio/assets/trainer.worker-1.js', 'worker').href).toBe('https://example.org/studio/');
  });

  it('uses the server root for a dev-server worker (served from its source path)', () => {
    expect(datasetBaseUrl('http://localhost:5173/src/host/trainer.worker.ts?worker_file&type=module', 'worker').href).toBe('http://localhost:5173/');
    expect(datasetBaseUrl('http://localhost:5173/@fs/work/main/src/renderer/src/host/trainer.worker.ts?type=module', 'worker').href).toBe(
      'http://localhost:5173/',
    );
    expect(datasetBaseUrl('blob:http://localhost:5173/2b7e0c6a-1d1b-4c1e-9c43-9b5f0a1d2e3f', 'worker').href).toBe('http://localhost:5173/');
  });

  it("uses the document's folder on a page", () => {
    expect(datasetBaseUrl('http://localhost:4173/index.html', 'document').href).toBe('http://localhost:4173/');
    expect(datasetBaseUrl('https://example.org/studio/', 'document').href).toBe('https://example.org/studio/');
  });
});

describe('createBrowserDatasetLoader', () => {
  it('fetches meta and the four files, honouring limits', async () => {
    const server = fakeServer();
    const load = createBrowserDatasetLoader({ baseUrl: 'http://localhost:4173/', fetch: server.fetch });
    const d = await load('mnist', { trainLimit: 3 });
    expect(d).toMatchObject({ id: 'mnist', name: 'MNIST', height: 2, width: 2, channels: 1, classNames: CLASSES });
    expect(d.train.count).toBe(3);
    expect(Array.from(d.train.images)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    expect(Array.from(d.train.labels)).toEqual([7, 1, 2]);
    expect(d.test.count).toBe(4);
    expect(d.test.labels[0]).toBe(7);
    expect(server.requests.sort()).toEqual([
      '/datasets/mnist/meta.json',
      '/datasets/mnist/test-images.bin',
      '/datasets/mnist/test-labels.bin',
      '/datasets/mnist/train-images.bin?limit=3',
      '/datasets/mnist/train-labels.bin?limit=3',
    ]);
    expect(d.train.images.buffer.byteLength).toBe(12); // owns its buffer: transferable
  });

  it('resolves against a base with a path', async () => {
    const server = fakeServer();
    const d = await createBrowserDatasetLoader({ baseUrl: 'http://host/app/', fetch: server.fetch })('mnist', { trainLimit: 100, testLimit: 1 });
    expect(d.train.count).toBe(6);
    expect(d.test.count).toBe(1);
    expect(server.requests).toContain('/app/datasets/mnist/meta.json');
  });

  it('in a worker, finds the server from the worker script URL', async () => {
    const server = fakeServer();
    vi.stubGlobal('location', { href: 'http://localhost:4173/assets/trainer.worker-abc.js' });
    vi.stubGlobal('fetch', server.fetch);
    const d = await loadBrowserDataset('mnist', { trainLimit: 2, testLimit: 2 });
    expect(d.train.count).toBe(2);
    expect(server.fetch).toHaveBeenCalledWith(new URL('http://localhost:4173/datasets/mnist/meta.json'));
  });

  it('says which dataset failed and why', async () => {
    const base = { baseUrl: 'http://localhost:4173/' };
    await expect(
      createBrowserDatasetLoader({
        ...base,
        fetch: fakeServer({ 'meta.json': () => new Response('nothing here', { status: 404, statusText: 'Not Found' }) }).fetch,
      })('mnist'),
    ).rejects.toThrow("Could not load MNIST from the app's server: HTTP 404 Not Found — nothing here (http://localhost:4173/datasets/mnist/meta.json)");
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(createBrowserDatasetLoader({ ...base, fetch: offline })('fashion-mnist')).rejects.toThrow(
      "Could not load Fashion-MNIST from the app's server: the request failed: Failed to fetch (http://localhost:4173/datasets/fashion-mnist/meta.json)",
    );
    const short = fakeServer({ 'test-labels.bin': () => new Response(Uint8Array.of(1)) });
    await expect(createBrowserDatasetLoader({ ...base, fetch: short.fetch })('mnist')).rejects.toThrow(/test-labels.bin has 1 bytes, expected 4/);
    const badLabel = fakeServer({ 'train-labels.bin': () => new Response(Uint8Array.of(1, 2, 30, 0, 0, 0)) });
    await expect(createBrowserDatasetLoader({ ...base, fetch: badLabel.fetch })('mnist')).rejects.toThrow(/label 2 is 30, beyond the 10 classes/);
    const badMeta = fakeServer({ 'meta.json': () => Response.json({ height: 0 }) });
    await expect(createBrowserDatasetLoader({ ...base, fetch: badMeta.fetch })('mnist')).rejects.toThrow(/meta.json: "height" must be a positive integer/);
    const html = fakeServer({ 'meta.json': () => new Response('<!doctype html>', { headers: { 'Content-Type': 'text/html' } }) });
    await expect(createBrowserDatasetLoader({ ...base, fetch: html.fetch })('mnist')).rejects.toThrow(/Could not load MNIST from the app's server: .*JSON/);
  });

  it('refuses unknown ids and bad limits without fetching', async () => {
    const server = fakeServer();
    const load = createBrowserDatasetLoader({ baseUrl: 'http://localhost:4173/', fetch: server.fetch });
    await expect(load('cifar-10')).rejects.toThrow('Unknown dataset "cifar-10". Available: mnist, fashion-mnist.');
    await expect(load('mnist', { testLimit: -1 })).rejects.toThrow('testLimit must be a number ≥ 0 (got -1).');
    expect(server.requests).toEqual([]);
  });
});
