import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../engine/analyze';
import { TEMPLATES } from '../templates';
import { homeworkNet } from '../templates/course-networks';
import type { AnswerSheet } from './answers';
import { askedLayers, gradeSheet } from './grade';

const fields = ['output_shape', 'params'] as const;

/** A sheet with the engine's own values (all right), written as a learner might. */
function rightSheet(graph: ReturnType<typeof homeworkNet>): AnswerSheet {
  const analysis = analyzeGraph(graph);
  return {
    student: 'right',
    problems: [],
    rows: askedLayers(graph).map((layer) => {
      const node = Object.values(analysis.nodes).find((n) => n.name === layer)!;
      return { layer, values: { output_shape: node.shape!.join('×'), params: node.params.total.toLocaleString('en-US') } };
    }),
  };
}

describe('gradeSheet', () => {
  it('every template: all right scores full marks, all wrong and all blank score zero', () => {
    for (const template of TEMPLATES.filter((t) => t.slug !== 'blank')) {
      const graph = template.build();
      if (!analyzeGraph(graph).ok) continue;
      const right = gradeSheet(graph, fields, rightSheet(graph));
      expect(right.score, template.slug).toBe(right.maxScore);
      expect(right.maxScore).toBe(askedLayers(graph).length * 2);
      // All wrong: every shape one off in its first axis, every count one more.
      const wrong = rightSheet(graph);
      for (const row of wrong.rows) {
        const [first, ...rest] = row.values.output_shape!.split('×');
        row.values = { output_shape: [Number(first) + 1, ...rest].join('×'), params: String(Number(row.values.params!.replace(/,/g, '')) + 1) };
      }
      const allWrong = gradeSheet(graph, fields, wrong);
      expect(allWrong.score, template.slug).toBe(0);
      expect(allWrong.answers.every((a) => a.given !== null && a.expected !== a.given)).toBe(true);
      const blank = gradeSheet(graph, fields, { student: 'blank', rows: [], problems: [] });
      expect(blank.score).toBe(0);
      expect(blank.answers.every((a) => a.given === null && !a.correct)).toBe(true);
    }
  });

  it('marks exactly the wrong values, with the expected value and its arithmetic', () => {
    const graph = homeworkNet();
    const sheet = rightSheet(graph);
    sheet.rows[0]!.values.output_shape = '(None, 15, 15, 8)';
    sheet.rows[1]!.values.params = '1,152';
    sheet.rows.push({ layer: 'conv9', values: { params: '1' } });
    const grade = gradeSheet(graph, fields, sheet);
    expect(grade.score).toBe(grade.maxScore - 2);
    const wrong = grade.answers.filter((a) => !a.correct);
    expect(wrong).toEqual([
      expect.objectContaining({
        layer: 'conv2d',
        field: 'output_shape',
        given: '(None, 15, 15, 8)',
        expected: '(None, 16, 16, 8)',
        arithmetic: expect.arrayContaining(['H: ⌈32/2⌉ = 16']),
      }),
      expect.objectContaining({ layer: 'conv2d_1', field: 'params', given: '1,152', expected: '1,168', arithmetic: ['params: (3·3·8 + 1)·16 = 1,168'] }),
    ]);
    expect(grade.problems).toEqual(['no layer named "conv9" in the network']);
  });

  it('an unreadable value is wrong and says why', () => {
    const graph = homeworkNet();
    const grade = gradeSheet(graph, ['params'], { student: 's', problems: [], rows: [{ layer: 'conv2d', values: { params: 'lots' } }] });
    expect(grade.answers[0]).toMatchObject({ correct: false, problem: '"lots" is not a whole number' });
  });

  it('receptive fields: asked only of layers that have one, global once a layer mixes every position', () => {
    const graph = homeworkNet();
    const analysis = analyzeGraph(graph);
    const blank = gradeSheet(graph, ['receptive_field'], { student: 's', rows: [], problems: [] });
    const withField = Object.values(analysis.nodes).filter((n) => n.receptiveField && n.type !== 'InputLayer');
    expect(blank.maxScore).toBe(withField.length);
    const rows = withField.map((n) => ({
      layer: n.name,
      values: { receptive_field: n.receptiveField!.global ? 'global' : String(n.receptiveField!.size[0]) },
    }));
    expect(gradeSheet(graph, ['receptive_field'], { student: 's', rows, problems: [] }).score).toBe(withField.length);
    const first = blank.answers[0]!;
    expect(first).toMatchObject({ layer: 'conv2d', expected: '3×3', formulas: ["receptive field: r' = r + (dk − 1)·j; j' = j·s"] });
  });

  it('wrong answers carry the formula with symbols as well as with numbers', () => {
    const grade = gradeSheet(homeworkNet(), ['output_shape'], { student: 's', rows: [], problems: [] });
    expect(grade.answers[0]!.formulas.length).toBe(grade.answers[0]!.arithmetic.length);
    expect(grade.answers[0]!.formulas.join(' ')).toMatch(/H/);
  });
});
