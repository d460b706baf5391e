/**
 * The `.cnnstudio` project file: versioned JSON. Parsing never throws; it says what is wrong and where,
 * so a corrupt or foreign file can be refused without touching the open graph.
 */
import { z } from 'zod';
import { describeIssues, networkGraphSchema } from '../api/schemas';
import type { NetworkGraph } from '../graph/graph';

export const PROJECT_FORMAT = 'cnn-studio-project';
export const PROJECT_VERSION = 1;
export const PROJECT_EXTENSION = 'cnnstudio';

const projectFileSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.number().int().min(1),
  graph: networkGraphSchema,
});

export interface ProjectFile {
  format: typeof PROJECT_FORMAT;
  version: number;
  graph: NetworkGraph;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function serializeProject(graph: NetworkGraph): string {
  const file: ProjectFile = { format: PROJECT_FORMAT, version: PROJECT_VERSION, graph };
  return JSON.stringify(file, null, 2);
}

export function parseProject(text: string, fileName = 'the file'): ParseResult<ProjectFile> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${fileName} is not valid JSON (${(e as Error).message}). Nothing was changed.` };
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== PROJECT_FORMAT) {
    return {
      ok: false,
      error: `${fileName} is not a CNN Studio project (no "format": "${PROJECT_FORMAT}" field). Nothing was changed.`,
    };
  }
  const version = (json as { version?: unknown }).version;
  if (typeof version === 'number' && version > PROJECT_VERSION) {
    return {
      ok: false,
      error: `${fileName} was written by a newer CNN Studio (file version ${version}, this app reads up to ${PROJECT_VERSION}). Update the app to open it.`,
    };
  }
  const parsed = projectFileSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, error: `${fileName} is damaged: ${describeIssues(parsed.error)}. Nothing was changed.` };
  }
  return { ok: true, value: parsed.data };
}
