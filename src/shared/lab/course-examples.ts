/**
 * The course notebook's small example tensors, written once: the lessons show them and the unit tests
 * check the lab's operations on them, so a test cannot drift from what a lesson displays.
 */

/** The input of the course's corr2d example (lesson 004): tf.reshape(tf.range(9), (3, 3)). */
export const CORR2D_X: number[][] = [
  [0, 1, 2],
  [3, 4, 5],
  [6, 7, 8],
];

/** The kernel of the course's corr2d example (lesson 004). */
export const CORR2D_K: number[][] = [
  [0, 1],
  [2, 3],
];
