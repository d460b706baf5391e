import { describe, expect, it } from 'vitest';
import { LESSON_TITLES, lessonTitle } from './lesson-list';

describe('the lessons list', () => {
  it('numbers the lessons 1 to 10 in order, each with its own title', () => {
    expect(LESSON_TITLES.map((l) => l.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(LESSON_TITLES.map((l) => l.title)).size).toBe(LESSON_TITLES.length);
    expect(lessonTitle(3)).toBe('Sobel by hand vs the layer');
    expect(lessonTitle(10)).toBe('Homework: dimensions');
  });
});
