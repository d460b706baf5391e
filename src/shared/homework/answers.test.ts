import { describe, expect, it } from 'vitest';
import { answersCsv, answersJson, parseAnswersFile, parseReceptiveField, parseAnswersCsv, parseCount, parseShape } from './answers';

describe('parseShape', () => {
  it('reads every notation a learner writes', () => {
    for (const text of ['16×16×8', '16x16x8', '16 X 16 X 8', '16, 16, 8', '(None, 16, 16, 8)', '[16, 16, 8]', '(16,16,8)', ' 16 16 8 '])
      expect(parseShape(text), text).toEqual({ ok: true, value: [16, 16, 8] });
    expect(parseShape('(None, 16)')).toEqual({ ok: true, value: [16] });
    expect(parseShape('16')).toEqual({ ok: true, value: [16] });
  });
  it('refuses what is not a shape, saying how to write one', () => {
    expect(parseShape('')).toEqual({ ok: false, error: 'no shape given' });
    expect(parseShape('16×a×8')).toMatchObject({ ok: false, error: expect.stringContaining('write it as 16×16×8') });
    expect(parseShape('16×0×8').ok).toBe(false);
    expect(parseShape('(None)').ok).toBe(false);
  });
});

describe('parseCount', () => {
  it('takes thousands separators', () => {
    for (const text of ['1392', '1,392', '1 392', '1_392', "1'392", '1\u202f392']) expect(parseCount(text), text).toEqual({ ok: true, value: 1392 });
  });
  it('refuses blanks, decimals and words', () => {
    expect(parseCount(' ').ok).toBe(false);
    expect(parseCount('1.5').ok).toBe(false);
    expect(parseCount('many').ok).toBe(false);
  });
});

describe('parseAnswersCsv', () => {
  it('reads the student, the rows and quoted shapes; bad rows are reported, not fatal', () => {
    const sheet = parseAnswersCsv('# student: Ada\nlayer,output_shape,params\nconv2d,"16, 16, 8",224\nconv2d_1,8×8×16,"1,168"\n,1,2\n', 'x.csv');
    expect(sheet.student).toBe('Ada');
    expect(sheet.rows).toEqual([
      { layer: 'conv2d', values: { output_shape: '16, 16, 8', params: '224' } },
      { layer: 'conv2d_1', values: { output_shape: '8×8×16', params: '1,168' } },
    ]);
    expect(sheet.problems).toEqual(['line 5: no layer name']);
  });
  it('names the student after the file when the sheet does not; unknown columns are reported', () => {
    const sheet = parseAnswersCsv('layer,output_shape,colour\ndense,10,red\n', 'answers/bob.csv');
    expect(sheet.student).toBe('bob');
    expect(sheet.problems).toEqual(['line 1: unknown column "colour"']);
    expect(parseAnswersCsv('', 'empty.csv').problems).toEqual(['no header line (layer,output_shape,params)']);
  });
});

describe('receptive fields', () => {
  it('reads a size per axis, one number for a square, or global', () => {
    expect(parseReceptiveField('5×5', 2)).toEqual({ ok: true, value: [5, 5] });
    expect(parseReceptiveField('5', 2)).toEqual({ ok: true, value: [5, 5] });
    expect(parseReceptiveField('7 px', 1)).toEqual({ ok: true, value: [7] });
    expect(parseReceptiveField(' Global ', 2)).toEqual({ ok: true, value: 'global' });
    expect(parseReceptiveField('big', 2)).toMatchObject({ ok: false, error: expect.stringContaining('5×5') });
  });
});

describe('answers files', () => {
  const sheet = {
    student: 'Ada Lovelace',
    problems: [],
    rows: [
      { layer: 'conv2d', values: { output_shape: '16, 16, 8', params: '224' } },
      { layer: 'dense', values: { params: '1,290' } },
    ],
  };
  it('CSV: written with the fields asked, read back the same', () => {
    const text = answersCsv(sheet, ['output_shape', 'params']);
    expect(text.split('\n').slice(0, 3)).toEqual(['# student: Ada Lovelace', 'layer,output_shape,params', 'conv2d,"16, 16, 8",224']);
    expect(parseAnswersCsv(text, 'x.csv')).toEqual(sheet);
  });
  it('JSON: written with the student, read back the same; the file name is the student when none is given', () => {
    expect(parseAnswersFile(answersJson(sheet, 'HW 1'), 'x.answers.json')).toEqual(sheet);
    expect(parseAnswersFile('{"rows": []}', 'dir/bob.answers.json')).toEqual({ student: 'bob', rows: [], problems: [] });
  });
  it('JSON: bad files and rows are reported, never thrown', () => {
    expect(parseAnswersFile('{', 'a.json')).toMatch(/a\.json is not valid JSON/);
    expect(parseAnswersFile('[]', 'a.json')).toMatch(/no "rows" list/);
    expect(parseAnswersFile('{"rows": [{"values": {}}, {"layer": "d", "values": {"params": 5}}]}', 'a.json')).toEqual({
      student: 'a',
      rows: [{ layer: 'd', values: { params: '5' } }],
      problems: ['row 1: no layer name'],
    });
  });
});
