/**
 * How the app's web server (the vite plugin in `config/datasets-plugin.mts`, dev and preview) hands the
 * bundled datasets to the browser host, shared by the server (`src/main/services/dataset-http.ts`) and the
 * browser loader (`src/renderer/src/host/browser-datasets.ts`):
 *
 *   GET datasets/<id>/meta.json                    DatasetMeta (full counts)
 *   GET datasets/<id>/<train|test>-images.bin      count × height × width × channels bytes
 *   GET datasets/<id>/<train|test>-labels.bin      count bytes
 *
 * relative to the page's base. `?limit=N` on a .bin sends only the first N images (or labels).
 */

import type { DatasetMeta } from './image-dataset';

export type { DatasetMeta };

export const DATASET_FILES = ['meta.json', 'train-images.bin', 'train-labels.bin', 'test-images.bin', 'test-labels.bin'] as const;
export type DatasetFile = (typeof DATASET_FILES)[number];

/** The path of a dataset file relative to the page's base (no leading slash). */
export function datasetFilePath(id: string, file: DatasetFile, limit?: number): string {
  return `datasets/${encodeURIComponent(id)}/${file}${limit === undefined ? '' : `?limit=${limit}`}`;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Checks a meta.json document; throws naming the first field that is wrong. */
export function parseDatasetMeta(value: unknown): DatasetMeta {
  const m = value as Partial<Record<keyof DatasetMeta, unknown>> | null;
  if (typeof m !== 'object' || m === null) throw new Error('meta.json is not an object');
  for (const key of ['height', 'width', 'channels'] as const) {
    if (!isCount(m[key]) || m[key] === 0) throw new Error(`meta.json: "${key}" must be a positive integer`);
  }
  for (const key of ['trainCount', 'testCount'] as const) {
    if (!isCount(m[key])) throw new Error(`meta.json: "${key}" must be a non-negative integer`);
  }
  if (typeof m.id !== 'string' || typeof m.name !== 'string') throw new Error('meta.json: "id" and "name" must be strings');
  if (!Array.isArray(m.classNames) || m.classNames.length === 0 || m.classNames.length > 256 || !m.classNames.every((c) => typeof c === 'string')) {
    throw new Error('meta.json: "classNames" must be 1 to 256 strings');
  }
  return m as DatasetMeta;
}
