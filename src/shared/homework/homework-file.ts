/**
 * The homework file (`*.cnnhomework.json`): a network and what is asked about it, versioned and
 * validated like a project. It never holds the answers: grading computes them with the engine, so they
 * cannot go stale or be read out of the file.
 */
import { z } from 'zod';
import { describeIssues, networkGraphSchema } from '../api/schemas';
import { analyzeGraph } from '../engine/analyze';
import type { NetworkGraph } from '../graph/graph';
import { ANSWER_FIELDS, type AnswerField } from './answers';

export const HOMEWORK_FORMAT = 'cnn-studio-homework';
export const HOMEWORK_VERSION = 1;
export const HOMEWORK_EXTENSION = 'cnnhomework.json';

const homeworkSchema = z.object({
  format: z.literal(HOMEWORK_FORMAT),
  version: z.literal(HOMEWORK_VERSION),
  title: z.string().max(200).optional(),
  instructions: z.string().max(20_000).optional(),
  /** Whether a learner may see the hints (formula, then the layer's numbers) before the answer. */
  hints: z.boolean(),
  /** Asked of every layer but the inputs. */
  ask: z.array(z.enum(ANSWER_FIELDS)).min(1).max(ANSWER_FIELDS.length),
  network: networkGraphSchema,
});

export type Homework = z.infer<typeof homeworkSchema>;

export interface HomeworkOptions {
  title?: string;
  instructions?: string;
  hints?: boolean;
  ask?: AnswerField[];
}

/** A homework of a network: by default the output shape and parameters of every layer but the input. */
export function makeHomework(graph: NetworkGraph, options: HomeworkOptions = {}): { ok: true; homework: Homework } | { ok: false; error: string } {
  const analysis = analyzeGraph(graph);
  if (!analysis.ok) return { ok: false, error: 'The network has errors: fix them before making homework of it (its answers must exist).' };
  return {
    ok: true,
    homework: {
      format: HOMEWORK_FORMAT,
      version: HOMEWORK_VERSION,
      ...(options.title ? { title: options.title } : {}),
      ...(options.instructions ? { instructions: options.instructions } : {}),
      hints: options.hints ?? true,
      ask: options.ask?.length ? [...new Set(options.ask)] : ['output_shape', 'params'],
      network: graph,
    },
  };
}

export function serializeHomework(homework: Homework): string {
  return `${JSON.stringify(homework, null, 2)}\n`;
}

/** Reads a homework file; never throws, and says what is wrong and where. */
export function parseHomework(text: string, fileName = 'the file'): { ok: true; value: Homework } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${fileName} is not valid JSON (${(e as Error).message}).` };
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== HOMEWORK_FORMAT) {
    return { ok: false, error: `${fileName} is not a CNN Studio homework (no "format": "${HOMEWORK_FORMAT}" field).` };
  }
  const version = (json as { version?: unknown }).version;
  if (typeof version === 'number' && version > HOMEWORK_VERSION) {
    return { ok: false, error: `${fileName} was written by a newer CNN Studio (homework version ${version}, this app reads ${HOMEWORK_VERSION}).` };
  }
  const parsed = homeworkSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: `${fileName} is damaged: ${describeIssues(parsed.error)}` };
  return { ok: true, value: parsed.data };
}
