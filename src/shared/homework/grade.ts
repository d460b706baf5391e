/**
 * Grading: the expected values come from the engine when grading (never from a file), each answer is
 * right or wrong, and a wrong one carries the arithmetic that gives the right value.
 */
import { analyzeGraph, type GraphAnalysis } from '../engine/analyze';
import { isSourceType } from '../engine/registry';
import type { NetworkGraph } from '../graph/graph';
import { parseCount, parseShape, type AnswerField, type AnswerSheet } from './answers';

export interface GradedAnswer {
  layer: string;
  field: AnswerField;
  /** As typed; null when unanswered. */
  given: string | null;
  /** As the engine writes it: `(None, 16, 16, 8)`, `1,392`. */
  expected: string;
  correct: boolean;
  /** The engine's arithmetic for this value (empty where it has none). */
  arithmetic: string[];
  /** Why a given value could not be read. */
  problem?: string;
}

export interface Grade {
  student: string;
  score: number;
  maxScore: number;
  answers: GradedAnswer[];
  /** Layers named in the answers that the network does not have, and unreadable rows. */
  problems: string[];
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** What is asked: every layer but the inputs, each field asked. */
export function askedLayers(graph: NetworkGraph, analysis: GraphAnalysis = analyzeGraph(graph)): string[] {
  return analysis.order.filter((id) => !isSourceType(graph.nodes.find((n) => n.id === id)?.type ?? '')).map((id) => analysis.nodes[id]!.name);
}

function expectedOf(analysis: GraphAnalysis, nodeId: string, field: AnswerField): { value: number | number[]; text: string; arithmetic: string[] } {
  const node = analysis.nodes[nodeId]!;
  const lines = (labels: (l: string) => boolean) => node.trace.filter((t) => labels(t.label)).map((t) => `${t.label}: ${t.text}`);
  switch (field) {
    case 'output_shape':
      return { value: node.shape ?? [], text: `(None, ${(node.shape ?? []).join(', ')})`, arithmetic: lines((l) => !/^(params|MACs|receptive field)/.test(l)) };
    case 'params':
      return { value: node.params.total, text: fmt(node.params.total), arithmetic: lines((l) => l.startsWith('params')) };
    case 'trainable_params':
      return { value: node.params.trainable, text: fmt(node.params.trainable), arithmetic: lines((l) => l.startsWith('params')) };
    case 'non_trainable_params':
      return { value: node.params.nonTrainable, text: fmt(node.params.nonTrainable), arithmetic: lines((l) => l.startsWith('params')) };
    case 'macs':
      return { value: node.macs, text: fmt(node.macs), arithmetic: lines((l) => l === 'MACs') };
  }
}

export function gradeSheet(graph: NetworkGraph, fields: readonly AnswerField[], sheet: AnswerSheet): Grade {
  const analysis = analyzeGraph(graph);
  const byName = new Map(Object.values(analysis.nodes).map((n) => [n.name, n.id]));
  const rows = new Map(sheet.rows.map((r) => [r.layer, r]));
  const problems = [...sheet.problems, ...sheet.rows.filter((r) => !byName.has(r.layer)).map((r) => `no layer named "${r.layer}" in the network`)];
  const answers: GradedAnswer[] = [];
  for (const layer of askedLayers(graph, analysis)) {
    const nodeId = byName.get(layer)!;
    for (const field of fields) {
      const expected = expectedOf(analysis, nodeId, field);
      const given = rows.get(layer)?.values[field] ?? null;
      let correct = false;
      let problem: string | undefined;
      if (given !== null) {
        const parsed = field === 'output_shape' ? parseShape(given) : parseCount(given);
        if (!parsed.ok) problem = parsed.error;
        else correct = JSON.stringify(parsed.value) === JSON.stringify(expected.value);
      }
      answers.push({ layer, field, given, expected: expected.text, correct, arithmetic: expected.arithmetic, ...(problem ? { problem } : {}) });
    }
  }
  return { student: sheet.student, score: answers.filter((a) => a.correct).length, maxScore: answers.length, answers, problems };
}
