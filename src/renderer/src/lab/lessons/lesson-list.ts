/**
 * The course's lessons in order, by number and title: the one place both are written. The navigation
 * (`LESSONS` in `index.ts`) and each lesson's heading (`LessonFrame`) read them from here.
 */
export const LESSON_TITLES = [
  { n: 1, title: 'Cross-correlation by hand' },
  { n: 2, title: 'Edges' },
  { n: 3, title: 'Sobel by hand vs the layer' },
  { n: 4, title: 'Learn a kernel' },
  { n: 5, title: 'Padding, stride, dilation, transposed' },
  { n: 6, title: 'Channels' },
  { n: 7, title: 'Pooling' },
  { n: 8, title: 'Receptive field' },
  { n: 9, title: 'Data augmentation' },
  { n: 10, title: 'Homework: dimensions' },
] as const;

export type LessonNumber = (typeof LESSON_TITLES)[number]['n'];

/** The title of lesson `n`. */
export function lessonTitle(n: LessonNumber): string {
  return LESSON_TITLES.find((l) => l.n === n)!.title;
}
