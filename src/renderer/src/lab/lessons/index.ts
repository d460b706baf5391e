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

export interface LessonEntry {
  n: number;
  title: string;
  Component: ComponentType;
}


export const LESSONS: LessonEntry[] = [
  { n: 1, title: 'Cross-correlation by hand', Component: Lesson1 },
  { n: 2, title: 'Edges', Component: Lesson2 },
  { n: 3, title: 'Sobel by hand vs the layer', Component: Lesson3 },
  { n: 4, title: 'Learn a kernel', Component: Lesson4 },
  { n: 5, title: 'Padding, stride, dilation, transposed', Component: Lesson5 },
  { n: 6, title: 'Channels', Component: Lesson6 },
  { n: 7, title: 'Pooling', Component: Lesson7 },
  { n: 8, title: 'Receptive field', Component: Lesson8 },
  { n: 9, title: 'Data augmentation', Component: Lesson9 },
  { n: 10, title: 'Homework: dimensions', Component: Lesson10 },
];
