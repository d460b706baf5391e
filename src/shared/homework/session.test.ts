import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../engine/analyze';
import { homeworkNet } from '../templates/course-networks';
import { gradeSheet } from './grade';
import { makeHomework, type Homework } from './homework-file';
import { askedValues, emptyProgress, hintFor, homeworkKey, layersToRevisit, sheetOf } from './session';

const homework = (): Homework => {
  const made = makeHomework(homeworkNet());
  if (!made.ok) throw new Error(made.error);
  return made.homework;
};

describe('homework session', () => {
  it('asks shape and params of every layer but the input, in order', () => {
    const hw = homework();
    const asked = askedValues(hw, analyzeGraph(hw.network));
    expect(asked.slice(0, 2)).toEqual([
      { nodeId: expect.any(String), layer: 'conv2d', field: 'output_shape' },
      { nodeId: expect.any(String), layer: 'conv2d', field: 'params' },
    ]);
    expect(asked.some((a) => a.layer === 'input')).toBe(false);
  });

  it('the key is stable for the same homework and differs for another', () => {
    expect(homeworkKey(homework())).toBe(homeworkKey(homework()));
    expect(homeworkKey({ ...homework(), ask: ['params'] })).not.toBe(homeworkKey(homework()));
  });

  it('a sheet leaves blank answers out and names the student', () => {
    const progress = { ...emptyProgress(), student: ' Ada ', answers: { conv2d: { output_shape: '16×16×8', params: ' ' }, dense: { params: '' } } };
    expect(sheetOf(progress)).toEqual({ student: 'Ada', problems: [], rows: [{ layer: 'conv2d', values: { output_shape: '16×16×8' } }] });
    expect(sheetOf(emptyProgress()).student).toBe('learner');
  });

  it('hints go formula → numbers without the result → the answer', () => {
    const hw = homework();
    const grade = gradeSheet(hw.network, ['params'], { student: 's', problems: [], rows: [{ layer: 'conv2d_1', values: { params: '1,152' } }] });
    const wrong = grade.answers.find((a) => a.layer === 'conv2d_1')!;
    expect(hintFor(wrong, 0)).toBeNull();
    expect(hintFor(wrong, 1)!.lines).toEqual(['params: (kh·kw·Cin + 1)·F']);
    expect(hintFor(wrong, 2)!.lines).toEqual(['params: (3·3·8 + 1)·16 = ?']);
    expect(hintFor(wrong, 3)).toEqual({ level: 3, heading: 'The answer: 1,168', lines: ['params: (3·3·8 + 1)·16 = 1,168'] });
    expect(layersToRevisit(grade.answers)[0]).toBe('conv2d');
  });
});
