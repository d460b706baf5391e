/**
 * The project file (`*.cnnstudio.json`): versioned JSON. Parsing never throws; it says what is wrong
 * and where (path + reason), so a corrupt or foreign file is refused without touching the open graph.
 * Files from older versions pass through `MIGRATIONS` step by step up to `PROJECT_VERSION`.
 */
import { z } from 'zod';
import { describeIssues, networkGraphSchema } from '../api/schemas';
import type { NetworkGraph } from '../graph/graph';
import { runRecordSchema, type RunRecord } from './run-record';
import { storedTensorSchema, type StoredTensor } from './weights';

export const PROJECT_FORMAT = 'cnn-studio-project';
export const PROJECT_VERSION = 2;
export const PROJECT_EXTENSION = 'cnnstudio.json';

/** `model.json` → `model.cnnstudio.json`: an imported model becomes a new project, never overwrites its source. */
export function projectNameFor(fileName: string): string {
  return fileName.endsWith(`.${PROJECT_EXTENSION}`) ? fileName : `${fileName.replace(/\.json$/i, '')}.${PROJECT_EXTENSION}`;
}

/** `MIGRATIONS[n]` turns a version-n file (already JSON-parsed) into a version-(n + 1) file. */
export type Migration = (file: Record<string, unknown>) => Record<string, unknown>;
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  // Version 2 keeps the training runs and the last run's trained weights with the graph.
  1: (file) => ({ ...file, runs: [], trained: null }),
};

const trainedSchema = z.object({
  /** The run that produced the weights (one of `runs`). */
  runId: z.string().min(1).max(200),
  weights: z.array(storedTensorSchema).max(10_000),
});
export type TrainedWeights = z.infer<typeof trainedSchema>;

const projectFileSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.number().int(),
  graph: networkGraphSchema,
  runs: z.array(runRecordSchema).max(1000).default([]),
  trained: trainedSchema.nullable().default(null),
});

export interface MigrationOptions {
  migrations: Readonly<Record<number, Migration>>;
  /** The version this app writes; tests pass a higher one to exercise the migration path. */
  currentVersion: number;
}
const DEFAULT_MIGRATIONS: MigrationOptions = { migrations: MIGRATIONS, currentVersion: PROJECT_VERSION };

export interface ProjectFile {
  format: typeof PROJECT_FORMAT;
  version: number;
  graph: NetworkGraph;
  /** Training runs, oldest first, to compare. */
  runs: RunRecord[];
  /** The last run's weights, so reopening restores the trained network. */
  trained: { runId: string; weights: StoredTensor[] } | null;
}

/** What a project holds besides its graph. */
export interface ProjectExtras {
  runs?: RunRecord[];
  trained?: ProjectFile['trained'];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function serializeProject(graph: NetworkGraph, extras: ProjectExtras = {}): string {
  const file: ProjectFile = { format: PROJECT_FORMAT, version: PROJECT_VERSION, graph, runs: extras.runs ?? [], trained: extras.trained ?? null };
  return JSON.stringify(file, null, 2);
}

/** Whether parsed JSON claims to be a project file (for "open any model file" detection). */
export function looksLikeProject(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { format?: unknown }).format === PROJECT_FORMAT;
}

export function parseProject(text: string, fileName = 'the file', options: MigrationOptions = DEFAULT_MIGRATIONS): ParseResult<ProjectFile> {
  const { migrations, currentVersion } = options;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${fileName} is not valid JSON (${(e as Error).message}). Nothing was changed.` };
  }
  if (!looksLikeProject(json)) {
    return { ok: false, error: `${fileName} is not a CNN Studio project (no "format": "${PROJECT_FORMAT}" field). Nothing was changed.` };
  }
  let file = json as Record<string, unknown>;
  const version = file.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: `${fileName} is damaged: version: expected a whole number ≥ 1, got ${JSON.stringify(version)}. Nothing was changed.` };
  }
  if (version > currentVersion) {
    return {
      ok: false,
      error: `${fileName} was written by a newer CNN Studio (file version ${version}, this app reads up to ${currentVersion}). Update the app to open it.`,
    };
  }
  for (let v = version; v < currentVersion; v++) {
    const migrate = migrations[v];
    if (!migrate) return { ok: false, error: `${fileName} uses file version ${v}, which this app can no longer convert. Nothing was changed.` };
    try {
      file = { ...migrate(file), version: v + 1 };
    } catch (e) {
      return { ok: false, error: `${fileName} could not be upgraded from version ${v}: ${(e as Error).message}. Nothing was changed.` };
    }
  }
  const parsed = projectFileSchema.safeParse(file);
  if (!parsed.success) {
    return { ok: false, error: `${fileName} is damaged: ${describeIssues(parsed.error)}. Nothing was changed.` };
  }
  return { ok: true, value: parsed.data };
}
