/** The two networks of the training benchmark (the same as perf.md's and bench/training_reference.py's). */
import { sequentialGraph } from '../src/shared/graph/build';
import type { NetworkGraph } from '../src/shared/graph/graph';
import { fashionMnistCnn } from '../src/shared/templates/course-networks';

export const BATCH = 64;
export type BenchModel = 'A' | 'B';

const conv = (filters: number) => ({ type: 'Conv2D', params: { filters, kernel_size: [3, 3], padding: 'same', activation: 'relu' } as never });
const pool = { type: 'MaxPooling2D', params: { pool_size: [2, 2] } as never };

export const benchModels: Record<BenchModel, () => NetworkGraph> = {
  /** Conv2D 8@3 same relu → MaxPool 2 → Conv2D 16@3 same relu → MaxPool 2 → Flatten → Dense 10 softmax. */
  A: () =>
    sequentialGraph(
      [28, 28, 1],
      [conv(8), pool, conv(16), pool, { type: 'Flatten' }, { type: 'Dense', params: { units: 10, activation: 'softmax' } as never }],
    ),
  /** The course's Fashion-MNIST CNN, 1,413,834 parameters. */
  B: fashionMnistCnn,
};
