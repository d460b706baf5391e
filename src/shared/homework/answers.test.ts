import { describe, expect, it } from 'vitest';
import { parseAnswersCsv, parseCount, parseShape } from './answers';

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
