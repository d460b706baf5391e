/**
 * Runtime schemas for everything that crosses a process boundary (IPC payloads, worker messages,
 * project files). The main process validates every renderer payload with these before acting on it.
 */
import { z } from 'zod';

const paramValue = z.union([
  z.number(),
  z.string(),
  z.boolean(),
  z.null(),
  z.array(z.number()),
  z.array(z.array(z.number())),
]);

export const graphNodeSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  params: z.record(z.string(), paramValue),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
});

export const graphEdgeSchema = z.object({
  id: z.string().min(1).max(400),
  source: z.string().min(1),
  target: z.string().min(1),
});

export const networkGraphSchema = z.object({
  nodes: z.array(graphNodeSchema).max(5000),
  edges: z.array(graphEdgeSchema).max(20000),
});

export const trainingOptionsSchema = z.object({
  epochs: z.number().int().min(1).max(10000),
  batchSize: z.number().int().min(1).max(65536),
  learningRate: z.number().positive().max(10),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
});

export const trainRequestSchema = z.object({
  jobId: z.string().min(1).max(100),
  graph: networkGraphSchema,
  datasetId: z.string().min(1).max(200),
  options: trainingOptionsSchema,
});

export const jobIdSchema = z.string().min(1).max(100);

export const inspectRequestSchema = z.object({
  jobId: z.string().min(1).max(100),
  input: z.array(z.number()).max(16_000_000),
});

export const saveProjectRequestSchema = z.object({
  /** File name suggested to the save dialog / download. */
  suggestedName: z.string().min(1).max(255),
  /** Where it was opened from or last saved to (Electron host only); omitted = ask. */
  path: z.string().min(1).max(4096).optional(),
  contents: z.string().max(512 * 1024 * 1024),
});

export const recoverySnapshotSchema = z.object({
  contents: z.string().max(512 * 1024 * 1024),
  fileName: z.string().min(1).max(255),
  savedAt: z.string().max(64),
});

export const recentIdSchema = z.string().min(1).max(4096);

/** Turns a zod failure into one line a person can act on: where, and what was expected. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
