/**
 * The browser host's dataset loader: fetches MNIST / Fashion-MNIST from the app's own web server (the
 * vite plugin in `config/datasets-plugin.mts`; routes in `src/shared/data/dataset-http.ts`). Runs in the
 * trainer's module Web Worker as well as on the page.
 *
 * Where the files are: the routes hang off the page's base, but inside a worker `self.location` is the
 * worker script's URL, which differs between
 *   - the built app (preview, `npm start` fallback): `<base>/assets/trainer.worker-<hash>.js` → the base
 *     is everything before the last `/assets/`;
 *   - vite's dev server: `/src/host/trainer.worker.ts?worker_file&type=module` (or `/@fs/…`) → the dev
 *     server always serves the page at its root.
 * On a page, the document's base URI is the base. `createBrowserDatasetLoader({ baseUrl })` overrides all that.
 */
import { datasetFilePath, parseDatasetMeta, type DatasetFile, type DatasetMeta } from '../../../shared/data/dataset-http';
import { bundledDataset, type DatasetLimits, type ImageDataset, type ImageDatasetLoader, type ImageSplit } from '../../../shared/data/image-dataset';

/** The build's asset folder (vite's `build.assetsDir` default). */
const ASSETS_DIR = '/assets/';

/**
 * The base URL the dataset routes are relative to, from the URL of the running script or page.
 * `context` says which: a worker script's URL, or a document's base URI.
 */
export function datasetBaseUrl(href: string, context: 'worker' | 'document'): URL {
  let url = new URL(href);
  // A worker started from a blob: URL reports blob:<origin>/<uuid>.
  if (url.protocol === 'blob:') url = new URL(new URL(url.pathname).origin + '/');
  if (context === 'document') return new URL('./', url);
  const assets = url.pathname.lastIndexOf(ASSETS_DIR);
  if (assets >= 0) return new URL(url.pathname.slice(0, assets + 1), url.origin);
  return new URL('/', url.origin);
}

/** What this uses of the global scope: a page has `document`, a worker only `location` (its script's URL). */
interface ScriptScope {
  document?: { baseURI: string };
  location?: { href: string };
}

function defaultBaseUrl(): URL {
  const scope = globalThis as unknown as ScriptScope;
  if (scope.document) return datasetBaseUrl(scope.document.baseURI, 'document');
  if (scope.location) return datasetBaseUrl(scope.location.href, 'worker');
  throw new Error('No page or worker location to fetch the datasets from: pass baseUrl to createBrowserDatasetLoader.');
}

export interface BrowserDatasetLoaderOptions {
  /** The page's base URL (where `datasets/…` lives); default: worked out from where this code runs. */
  baseUrl?: string | URL;
  fetch?: typeof fetch;
}

function checkLimit(name: string, limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!(Number.isFinite(limit) && limit >= 0)) throw new Error(`${name} must be a number ≥ 0 (got ${String(limit)}).`);
  return Math.floor(limit);
}

export function createBrowserDatasetLoader(options: BrowserDatasetLoaderOptions = {}): ImageDatasetLoader {
  return async (id: string, limits: DatasetLimits = {}): Promise<ImageDataset> => {
    const info = bundledDataset(id);
    const trainLimit = checkLimit('trainLimit', limits.trainLimit);
    const testLimit = checkLimit('testLimit', limits.testLimit);
    const base = options.baseUrl !== undefined ? new URL(options.baseUrl) : defaultBaseUrl();
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    const failure = (url: URL, detail: string): Error => new Error(`Could not load ${info.name} from the app's server: ${detail} (${url.href})`);

    const get = async (file: DatasetFile, limit?: number): Promise<Response> => {
      const url = new URL(datasetFilePath(id, file, limit), base);
      let response: Response;
      try {
        response = await doFetch(url);
      } catch (error) {
        throw failure(url, `the request failed: ${(error as Error).message}`);
      }
      if (!response.ok) {
        let body = '';
        try {
          body = (await response.text()).trim().slice(0, 300);
        } catch {
          // no body
        }
        throw failure(url, `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${body ? ` — ${body}` : ''}`);
      }
      return response;
    };
    const bytes = async (file: DatasetFile, limit: number | undefined, expected: number): Promise<Uint8Array> => {
      const response = await get(file, limit);
      const data = new Uint8Array(await response.arrayBuffer());
      if (data.length !== expected)
        throw failure(new URL(response.url || datasetFilePath(id, file, limit), base), `${file} has ${data.length} bytes, expected ${expected}`);
      return data;
    };

    const metaResponse = await get('meta.json');
    let meta: DatasetMeta;
    try {
      meta = parseDatasetMeta(await metaResponse.json());
    } catch (error) {
      throw failure(new URL(datasetFilePath(id, 'meta.json'), base), (error as Error).message);
    }
    const pixels = meta.height * meta.width * meta.channels;
    const split = async (which: 'train' | 'test', total: number, limit: number | undefined): Promise<ImageSplit> => {
      const count = limit === undefined ? total : Math.min(total, limit);
      const [images, labels] = await Promise.all([bytes(`${which}-images.bin`, limit, count * pixels), bytes(`${which}-labels.bin`, limit, count)]);
      const bad = labels.findIndex((l) => l >= meta.classNames.length);
      if (bad >= 0)
        throw failure(
          new URL(datasetFilePath(id, `${which}-labels.bin`, limit), base),
          `label ${bad} is ${labels[bad]}, beyond the ${meta.classNames.length} classes`,
        );
      return { images, labels, count };
    };
    const [train, test] = await Promise.all([split('train', meta.trainCount, trainLimit), split('test', meta.testCount, testLimit)]);
    return { id, name: info.name, height: meta.height, width: meta.width, channels: meta.channels, classNames: meta.classNames, train, test };
  };
}

/**
 * Loads 'mnist' or 'fashion-mnist' from the app's web server, in the Web Worker or on the page.
 * Each array owns its ArrayBuffer (transferable).
 */
export const loadBrowserDataset: ImageDatasetLoader = createBrowserDatasetLoader();
