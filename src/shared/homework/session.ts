/**
 * A learner's work on one homework, kept across restarts: the answers typed so far, whether they were
 * checked, and how far each wrong answer's hints were opened. Pure, so the renderer's store stays thin.
 */
import type { GraphAnalysis } from '../engine/analyze';
import type { AnswerField, AnswerSheet } from './answers';
import { askedLayers, isAskable, type GradedAnswer } from './grade';
import { serializeHomework, type Homework } from './homework-file';

export interface HomeworkProgress {
  student: string;
  /** Layer name → field → what was typed. */
  answers: Record<string, Partial<Record<AnswerField, string>>>;
  /** Whether the answers were checked (the marks and the score show). */
  checked: boolean;
  /** `layer/field` → how many hints are open (0–3; 3 shows the answer). */
  hints: Record<string, number>;
}

export const emptyProgress = (): HomeworkProgress => ({ student: '', answers: {}, checked: false, hints: {} });

/** `conv2d/output_shape`: one asked value. */
export const answerKey = (layer: string, field: AnswerField) => `${layer}/${field}`;

/** A stable id of a homework (its network and questions), so reopening it brings its progress back. */
export function homeworkKey(homework: Homework): string {
  const text = serializeHomework(homework);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

export interface AskedValue {
  nodeId: string;
  layer: string;
  field: AnswerField;
}

/** Every value the homework asks, in the network's order. */
export function askedValues(homework: Homework, analysis: GraphAnalysis): AskedValue[] {
  const byName = new Map(Object.values(analysis.nodes).map((n) => [n.name, n]));
  return askedLayers(homework.network, analysis).flatMap((layer) => {
    const node = byName.get(layer)!;
    return homework.ask.filter((field) => isAskable(node, field)).map((field) => ({ nodeId: node.id, layer, field }));
  });
}

/** The answers as a sheet to grade or save (empty fields left out). */
export function sheetOf(progress: HomeworkProgress, fallbackStudent = 'learner'): AnswerSheet {
  const rows = Object.entries(progress.answers)
    .map(([layer, values]) => ({ layer, values: Object.fromEntries(Object.entries(values).filter(([, v]) => v?.trim())) }))
    .filter((r) => Object.keys(r.values).length > 0);
  return { student: progress.student.trim() || fallbackStudent, rows, problems: [] };
}

export interface Hint {
  level: 1 | 2 | 3;
  heading: string;
  lines: string[];
}

/** `(3·3·8 + 1)·16 = 1,168` → `(3·3·8 + 1)·16 = ?`: the numbers without the result. */
const withoutResult = (line: string) => line.replace(/\s*=\s*[^=]*$/, ' = ?');

/**
 * The hint opened so far for a wrong answer: 1 the formula with symbols, 2 the formula with the
 * layer's numbers, 3 the answer with its whole arithmetic. Null before the first hint.
 */
export function hintFor(answer: GradedAnswer, level: number): Hint | null {
  if (level <= 0) return null;
  if (level === 1)
    return {
      level: 1,
      heading: 'The formula',
      lines: answer.formulas.length ? answer.formulas : ['(no formula: this value is carried over from the layer before)'],
    };
  if (level === 2) return { level: 2, heading: "With this layer's numbers", lines: answer.arithmetic.map(withoutResult) };
  return { level: 3, heading: `The answer: ${answer.expected}`, lines: answer.arithmetic };
}

/** Layers with a wrong or missing answer, in the network's order, once checked. */
export function layersToRevisit(answers: readonly GradedAnswer[]): string[] {
  return [...new Set(answers.filter((a) => !a.correct).map((a) => a.layer))];
}
