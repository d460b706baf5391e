/**
 * The HTTP side of the bundled datasets (see `src/shared/data/dataset-http.ts` for the routes), as a
 * plain function from (method, URL, If-None-Match) to a response, so it is testable without a server.
 * `config/datasets-plugin.mts` mounts it in vite's dev and preview servers.
 */
import { DATASET_FILES, type DatasetFile } from '../../shared/data/dataset-http';
import { datasetMeta, isBundledDatasetId, unknownDatasetMessage } from '../../shared/data/image-dataset';
import type { DetailedDatasetLoad } from './datasets';

export interface DatasetHttpRequest {
  method: string;
  /** The request target as the server saw it: path and query, e.g. `/datasets/mnist/train-images.bin?limit=2000`. */
  url: string;
  ifNoneMatch?: string;
}

export interface DatasetHttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Binary data is a view into the loaded dataset (no copy). */
  body: Uint8Array | string;
}

export interface DatasetRequestHandlerOptions {
  /** Loads a whole dataset; the handler keeps what it loads (one load per id, retried after a failure). */
  load: (id: string) => Promise<DetailedDatasetLoad>;
  /** Path prefixes the routes live under (default `['/datasets/']`). */
  prefixes?: string[];
}

/** Returns `undefined` for requests that are not dataset routes (the server passes them on). */
export type DatasetRequestHandler = (request: DatasetHttpRequest) => Promise<DatasetHttpResponse | undefined>;

const text = (status: number, message: string, extra: Record<string, string> = {}): DatasetHttpResponse => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra },
  body: message,
});

export function createDatasetRequestHandler(options: DatasetRequestHandlerOptions): DatasetRequestHandler {
  const prefixes = options.prefixes ?? ['/datasets/'];
  const loads = new Map<string, Promise<DetailedDatasetLoad>>();
  const load = (id: string): Promise<DetailedDatasetLoad> => {
    let pending = loads.get(id);
    if (!pending) {
      pending = options.load(id);
      loads.set(id, pending);
      pending.catch(() => loads.delete(id));
    }
    return pending;
  };

  return async ({ method, url, ifNoneMatch }) => {
    const parsed = new URL(url, 'http://localhost');
    const prefix = prefixes.find((p) => parsed.pathname.startsWith(p));
    if (prefix === undefined) return undefined;
    const parts = parsed.pathname.slice(prefix.length).split('/');
    if (method !== 'GET' && method !== 'HEAD') return text(405, `${method} is not supported here; use GET.`, { Allow: 'GET, HEAD' });
    const [rawId = '', rawFile = '', ...rest] = parts;
    let id: string;
    try {
      id = decodeURIComponent(rawId);
    } catch {
      id = rawId;
    }
    if (!isBundledDatasetId(id)) return text(404, unknownDatasetMessage(id));
    const file = rawFile as DatasetFile;
    if (rest.length > 0 || !DATASET_FILES.includes(file)) {
      return text(404, `No file "${parts.slice(1).join('/')}" in dataset "${id}". Available: ${DATASET_FILES.join(', ')}.`);
    }
    const limitParam = parsed.searchParams.get('limit');
    if (limitParam !== null && !/^\d{1,9}$/.test(limitParam)) return text(400, `limit must be a whole number ≥ 0 (got "${limitParam}").`);

    let loaded: DetailedDatasetLoad;
    try {
      loaded = await load(id);
    } catch (error) {
      return text(500, `Could not load dataset "${id}" on the server: ${(error as Error).message}`);
    }
    const { dataset } = loaded;
    let body: Uint8Array | string;
    let contentType = 'application/octet-stream';
    const headers: Record<string, string> = {};
    if (file === 'meta.json') {
      body = JSON.stringify(datasetMeta(dataset));
      contentType = 'application/json; charset=utf-8';
    } else {
      const split = file.startsWith('train-') ? dataset.train : dataset.test;
      const count = limitParam === null ? split.count : Math.min(split.count, Number(limitParam));
      const perItem = file.endsWith('-images.bin') ? dataset.height * dataset.width * dataset.channels : 1;
      body = (perItem === 1 ? split.labels : split.images).subarray(0, count * perItem);
      headers['X-Dataset-Count'] = String(count);
    }
    const etag = `"${loaded.fingerprint}-${file}-${limitParam ?? 'all'}"`;
    Object.assign(headers, { 'Content-Type': contentType, 'Cache-Control': 'no-cache', ETag: etag });
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim() === etag)) return { status: 304, headers, body: '' };
    const length = typeof body === 'string' ? new TextEncoder().encode(body).length : body.length;
    headers['Content-Length'] = String(length);
    return { status: 200, headers, body: method === 'HEAD' ? '' : body };
  };
}
