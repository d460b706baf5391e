/**
 * The full-MNIST acceptance run: the network and settings that mnist-accuracy.test.ts trains for one
 * epoch (asserting ≥ 97.5 % test accuracy) and that `npm run bench` times against PyTorch
 * (bench/mnist-epoch.bench.ts, bench/mnist_reference.py builds the same network).
 */
import type { TrainingOptionsInput } from '../../shared/api/training-protocol';
import { sequentialGraph } from '../../shared/graph/build';

/** Conv2D 16@3 same relu → MaxPool 2 → Conv2D 32@3 same relu → MaxPool 2 → Flatten → Dense 10 softmax. */
export const mnistAcceptanceGraph = () =>
  sequentialGraph(
    [28, 28, 1],
    [
      { type: 'Conv2D', params: { filters: 16, kernel_size: [3, 3], padding: 'same', activation: 'relu' } },
      { type: 'MaxPooling2D' },
      { type: 'Conv2D', params: { filters: 32, kernel_size: [3, 3], padding: 'same', activation: 'relu' } },
      { type: 'MaxPooling2D' },
      { type: 'Flatten' },
      { type: 'Dense', params: { units: 10, activation: 'softmax' } },
    ],
  );

export const mnistAcceptanceOptions: TrainingOptionsInput = { epochs: 1, batchSize: 64, learningRate: 0.002, seed: 1, optimizer: 'adam' };
