// Fuzzes the homework readers with real files, mutated: homework files (parseHomework, then what opening
// and checking do: analyse the network, grade a sheet against it) and answers files (the JSON the app
// saves and the CSV a learner writes, through parseAnswersFile and parseAnswersCsv, then graded). Every
// case ends in a value or a message naming the file; never a throw or an engine error's text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../engine/analyze';
import { TEMPLATES } from '../templates';
import { editText, FUZZ_CASES, fuzzSettings, mutatedJsonText, readerFault, textEdit, type Json } from '../testing/fuzz';
import { ANSWER_FIELDS, answersCsv, answersJson, parseAnswersCsv, parseAnswersFile, type AnswerSheet } from './answers';
import { gradeSheet } from './grade';
import { makeHomework, parseHomework, serializeHomework } from './homework-file';

const fuzz = fuzzSettings(1704);
const graph = TEMPLATES.find((t) => t.slug === 'homework')!.build();
const made = makeHomework(graph, { title: 'Week 3', instructions: 'Fill in every layer.', ask: [...ANSWER_FIELDS] });
if (!made.ok) throw new Error(made.error);
const homework = made.homework;

/** A learner's sheet with an answer (right or wrong) for every layer. */
const sheet: AnswerSheet = {
  student: 'Ada',
  rows: graph.nodes.map((n, i) => ({
    layer: n.name,
    values: { output_shape: `${i + 1}×${i + 2}`, params: String(i * 10), receptive_field: '3×3', macs: '1,024' },
  })),
  problems: [],
};

function sheetFault(parsed: AnswerSheet | string, fileName: string): string | null {
  if (typeof parsed === 'string') return readerFault(parsed, fileName);
  for (const problem of parsed.problems) {
    const fault = readerFault(`${fileName}: ${problem}`, fileName);
    if (fault) return fault;
  }
  try {
    gradeSheet(homework.network, homework.ask, parsed);
  } catch (e) {
    return `grading the sheet it read threw: ${String(e)}`;
  }
  return null;
}

function check(fault: string | null): void {
  if (fault) throw new Error(fault);
}

describe('homework files, fuzzed', () => {
  const plain = makeHomework(TEMPLATES.find((t) => t.slug === 'mnist-cnn')!.build());
  if (!plain.ok) throw new Error(plain.error);
  const files = [JSON.parse(serializeHomework(homework)) as Json, JSON.parse(serializeHomework(plain.homework)) as Json];
  it(`${FUZZ_CASES} mutated homework files: a homework whose network can be analysed and graded, or a message naming the file (seed ${fuzz.seed})`, () => {
    fc.assert(
      fc.property(mutatedJsonText(files), (text) => {
        let parsed: ReturnType<typeof parseHomework>;
        try {
          parsed = parseHomework(text, 'week3.cnnhomework.json');
        } catch (e) {
          throw new Error(`parseHomework threw: ${String(e)}`);
        }
        if (!parsed.ok) return check(readerFault(parsed.error, 'week3.cnnhomework.json'));
        try {
          analyzeGraph(parsed.value.network);
          gradeSheet(parsed.value.network, parsed.value.ask, sheet);
        } catch (e) {
          throw new Error(`the homework it accepted makes grading throw: ${String(e)}`);
        }
      }),
      fuzz.params(FUZZ_CASES),
    );
  });
});

describe('answers files, fuzzed', () => {
  it('the unmutated files read back', () => {
    expect(parseAnswersFile(answersJson(sheet, 'Week 3'), 'ada.answers.json')).toMatchObject({ student: 'Ada', problems: [] });
    expect(parseAnswersCsv(answersCsv(sheet, ANSWER_FIELDS), 'ada.csv')).toMatchObject({ student: 'Ada', problems: [] });
  });

  it(`${FUZZ_CASES} mutated answers JSON files: a sheet that grades, or a message naming the file (seed ${fuzz.seed})`, () => {
    const files = [JSON.parse(answersJson(sheet, 'Week 3')) as Json];
    fc.assert(
      fc.property(mutatedJsonText(files), (text) => check(sheetFault(parseAnswersFile(text, 'ada.answers.json'), 'ada.answers.json'))),
      fuzz.params(FUZZ_CASES),
    );
  });

  it(`${FUZZ_CASES} mutated answers CSV files: a sheet that grades, with its problems by line (seed ${fuzz.seed})`, () => {
    const text = answersCsv(sheet, ANSWER_FIELDS);
    const cell = fc.constantFrom(
      '',
      '"',
      '""',
      '","',
      'layer',
      'conv2d',
      '16×16×8',
      '"16, 16, 8"',
      '(None, 1)',
      '1e9',
      '-1',
      '#',
      '# student:',
      '\u0000',
      'x'.repeat(3000),
    );
    const csv = fc
      .tuple(fc.array(fc.tuple(fc.nat(), fc.nat(), cell), { maxLength: 4 }), fc.array(textEdit, { maxLength: 3 }), fc.boolean())
      .map(([cells, texts, crlf]) => {
        const grid = text.split('\n').map((line) => line.split(','));
        for (const [row, col, value] of cells) {
          const target = grid[row % grid.length]!;
          target[col % target.length] = value;
        }
        return editText(grid.map((r) => r.join(',')).join(crlf ? '\r\n' : '\n'), texts);
      });
    fc.assert(
      fc.property(csv, (mutated) => {
        check(sheetFault(parseAnswersFile(mutated, 'ada.csv'), 'ada.csv'));
        const sheetRead = parseAnswersCsv(mutated, 'ada.csv');
        for (const problem of sheetRead.problems) expect(problem).toMatch(/^line \d+: |^no header line/);
      }),
      fuzz.params(FUZZ_CASES),
    );
  });
});
