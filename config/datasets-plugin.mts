/**
 * Serves the bundled datasets (MNIST, Fashion-MNIST) to the browser host from vite's dev server
 * (`npm run web`) and preview server (`npm run web:preview`, e2e tests, `npm start`'s fallback):
 * `GET /datasets/<id>/meta.json`, `/datasets/<id>/<train|test>-<images|labels>.bin[?limit=N]`.
 * The data comes from the Node loader and its binary cache (`src/main/services/datasets.ts`), loaded
 * on the first request for a dataset and then kept in memory; the routes and responses are
 * `createDatasetRequestHandler` (`src/main/services/dataset-http.ts`, unit-tested there).
 *
 * Those two modules are TypeScript sources of a CommonJS-scoped package, so this file imports them
 * only as types and loads them with tsx on the first dataset request: importing them statically would
 * make vite bundle them into the config, which vite warns about (its future native config loader
 * cannot load them) on every start of the dev and preview servers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';
import type * as DatasetHttp from '../src/main/services/dataset-http.ts';
import type * as Datasets from '../src/main/services/datasets.ts';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Adapts a dataset request handler to a connect middleware (what vite's servers use). */
export function datasetMiddleware(prefixes: string[], getHandler: () => Promise<DatasetHttp.DatasetRequestHandler>): Middleware {
  return (req, res, next) => {
    const url = req.url ?? '/';
    if (!prefixes.some((p) => url.startsWith(p))) return next();
    const ifNoneMatch = req.headers['if-none-match'];
    getHandler()
      .then((handle) => handle({ method: req.method ?? 'GET', url, ...(ifNoneMatch ? { ifNoneMatch } : {}) }))
      .then(
        (response) => {
          if (!response) return next();
          res.statusCode = response.status;
          for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
          res.end(response.body);
        },
        (error: unknown) => next(error),
      );
  };
}

export interface DatasetsPluginOptions extends Datasets.BundledDatasetOptions {
  /** The repository root: where `src/main/services/` is and the npm packages are resolved from. */
  resolveFrom: string;
}

export function datasetsPlugin(options: DatasetsPluginOptions): Plugin {
  let handler: Promise<DatasetHttp.DatasetRequestHandler> | undefined;
  const load = async (file: string): Promise<unknown> => {
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(pathToFileURL(resolve(options.resolveFrom, file)).href, pathToFileURL(resolve(options.resolveFrom, 'package.json')).href);
  };
  const middleware = (base: string): Middleware => {
    // With an absolute `base` (e.g. '/app/') the page asks for /app/datasets/…; with './' or '/', /datasets/….
    const prefixes = [...new Set(['/datasets/', base.startsWith('/') ? `${base.replace(/\/?$/, '/')}datasets/` : '/datasets/'])];
    return datasetMiddleware(prefixes, () => {
      if (!handler) {
        handler = (async () => {
          const http = (await load('src/main/services/dataset-http.ts')) as typeof DatasetHttp;
          const datasets = (await load('src/main/services/datasets.ts')) as typeof Datasets;
          return http.createDatasetRequestHandler({ load: (id) => datasets.loadBundledDatasetDetailed(id, options), prefixes });
        })();
        handler.catch(() => (handler = undefined)); // a later request tries again
      }
      return handler;
    });
  };
  return {
    name: 'cnn-studio-datasets',
    configureServer(server) {
      server.middlewares.use(middleware(server.config.base));
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware(server.config.base));
    },
  };
}
