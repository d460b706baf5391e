/** The course's lessons, in order; each is one component rendering a `LessonFrame`. */
import type { ComponentType } from 'react';

export interface LessonEntry {
  n: number;
  title: string;
  Component: ComponentType;
}

const placeholder = (n: number): ComponentType => () => null;

export const LESSONS: LessonEntry[] = [
  { n: 1, title: 'Cross-correlation by hand', Component: placeholder(1) },
  { n: 2, title: 'Edges', Component: placeholder(2) },
  { n: 3, title: 'Sobel by hand vs the layer', Component: placeholder(3) },
  { n: 4, title: 'Learn a kernel', Component: placeholder(4) },
  { n: 5, title: 'Padding, stride, dilation, transposed', Component: placeholder(5) },
  { n: 6, title: 'Channels', Component: placeholder(6) },
  { n: 7, title: 'Pooling', Component: placeholder(7) },
  { n: 8, title: 'Receptive field', Component: placeholder(8) },
  { n: 9, title: 'Data augmentation', Component: placeholder(9) },
  { n: 10, title: 'Homework: dimensions', Component: placeholder(10) },
];
