/** The course's lessons, in order; each is one component rendering a `LessonFrame`. */
import type { ComponentType } from 'react';
import { Lesson3 } from './Lesson3';
import { Lesson4 } from './Lesson4';
import { Lesson1 } from './Lesson1';
import { Lesson2 } from './Lesson2';
import { Lesson5 } from './Lesson5';
import { Lesson6 } from './Lesson6';
import { Lesson7 } from './Lesson7';
import { Lesson8 } from './Lesson8';
import { Lesson9 } from './Lesson9';
import { Lesson10 } from './Lesson10';
import { LESSON_TITLES, type LessonNumber } from './lesson-list';

export interface LessonEntry {
  n: LessonNumber;
  title: string;
  Component: ComponentType;
}

/** Each lesson's component, by number: a lesson in `LESSON_TITLES` without one does not compile. */
const COMPONENTS: Record<LessonNumber, ComponentType> = {
  1: Lesson1,
  2: Lesson2,
  3: Lesson3,
  4: Lesson4,
  5: Lesson5,
  6: Lesson6,
  7: Lesson7,
  8: Lesson8,
  9: Lesson9,
  10: Lesson10,
};

export const LESSONS: LessonEntry[] = LESSON_TITLES.map(({ n, title }) => ({ n, title, Component: COMPONENTS[n] }));
