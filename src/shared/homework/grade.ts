/**
 * Grading: the expected values come from the engine when grading (never from a file), each answer is
 * right or wrong, and a wrong one carries the arithmetic that gives the right value.
 */
import { analyzeGraph, type GraphAnalysis, type NodeAnalysis } from '../engine/analyze';
import { isSourceType } from '../engine/registry';
import type { NetworkGraph } from '../graph/graph';
import { parseCount, parseReceptiveField, parseShape, type AnswerField, type AnswerSheet } from './answers';

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
  /** The same lines with symbols only (`H: ⌊(H + 2p − dk)/s⌋ + 1`): the first hint. */
  formulas: string[];
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

/** What is asked: every layer but the inputs. */
export function askedLayers(graph: NetworkGraph, analysis: GraphAnalysis = analyzeGraph(graph)): string[] {
  return analysis.order.filter((id) => !isSourceType(graph.nodes.find((n) => n.id === id)?.type ?? '')).map((id) => analysis.nodes[id]!.name);
}

/** Whether a field can be asked of a layer: a receptive field only where the layer has one (it sees image positions). */
export function isAskable(node: NodeAnalysis, field: AnswerField): boolean {
  return field !== 'receptive_field' || node.receptiveField !== undefined;
}

export interface Expected {
  /** What an answer is compared with. */
  value: number | number[] | 'global';
  /** As the engine writes it. */
  text: string;
  /** `label: text` lines of the engine's trace. */
  arithmetic: string[];
  /** `label: formula` lines. */
  formulas: string[];
}

/** The engine's value of one field of one layer, with the trace lines that compute it. */
export function expectedValue(node: NodeAnalysis, field: AnswerField): Expected {
  const pick = (labels: (l: string) => boolean) => {
    const lines = node.trace.filter((t) => labels(t.label));
    return { arithmetic: lines.map((t) => `${t.label}: ${t.text}`), formulas: lines.map((t) => `${t.label}: ${t.formula}`) };
  };
  const params = pick((l) => l.startsWith('params'));
  switch (field) {
    case 'output_shape':
      return { value: node.shape ?? [], text: `(None, ${(node.shape ?? []).join(', ')})`, ...pick((l) => !/^(params|MACs|receptive field)/.test(l)) };
    case 'params':
      return { value: node.params.total, text: fmt(node.params.total), ...params };
    case 'trainable_params':
      return { value: node.params.trainable, text: fmt(node.params.trainable), ...params };
    case 'non_trainable_params':
      return { value: node.params.nonTrainable, text: fmt(node.params.nonTrainable), ...params };
    case 'macs':
      return { value: node.macs, text: fmt(node.macs), ...pick((l) => l === 'MACs') };
    case 'receptive_field': {
      const rf = node.receptiveField;
      if (!rf || rf.global)
        return { value: 'global', text: 'global', arithmetic: ['receptive field: the layer mixes every position of its input'], formulas: [] };
      return { value: rf.size, text: rf.size.join('×'), ...pick((l) => l === 'receptive field') };
    }
  }
}

/** Reads a typed answer the way the field is written; the value to compare, or why it cannot be read. */
export function readAnswer(node: NodeAnalysis, field: AnswerField, given: string): { ok: true; value: Expected['value'] } | { ok: false; error: string } {
  if (field === 'output_shape') return parseShape(given);
  if (field === 'receptive_field') return parseReceptiveField(given, node.receptiveField?.size.length ?? 2);
  return parseCount(given);
}

export function gradeSheet(graph: NetworkGraph, fields: readonly AnswerField[], sheet: AnswerSheet): Grade {
  const analysis = analyzeGraph(graph);
  const byName = new Map(Object.values(analysis.nodes).map((n) => [n.name, n.id]));
  const rows = new Map(sheet.rows.map((r) => [r.layer, r]));
  const problems = [...sheet.problems, ...sheet.rows.filter((r) => !byName.has(r.layer)).map((r) => `no layer named "${r.layer}" in the network`)];
  const answers: GradedAnswer[] = [];
  for (const layer of askedLayers(graph, analysis)) {
    const node = analysis.nodes[byName.get(layer)!]!;
    for (const field of fields) {
      if (!isAskable(node, field)) continue;
      const expected = expectedValue(node, field);
      const given = rows.get(layer)?.values[field] ?? null;
      let correct = false;
      let problem: string | undefined;
      if (given !== null) {
        const parsed = readAnswer(node, field, given);
        if (!parsed.ok) problem = parsed.error;
        else correct = JSON.stringify(parsed.value) === JSON.stringify(expected.value);
      }
      answers.push({
        layer,
        field,
        given,
        expected: expected.text,
        correct,
        arithmetic: expected.arithmetic,
        formulas: expected.formulas,
        ...(problem ? { problem } : {}),
      });
    }
  }
  return { student: sheet.student, score: answers.filter((a) => a.correct).length, maxScore: answers.length, answers, problems };
}
