/**
 * The course's smallest learning example (lesson 004): a 1×2 kernel learned from X → Y by plain
 * gradient descent, loss = Σ (ŷ − y)², lr 0.03, 10 steps, the loss printed every 2 steps. Written out
 * (the notebook uses a GradientTape on one Conv2D) so each step's gradient can be shown.
 */
import { mulberry32 } from '../data/random';
import { crossCorrelate } from './convolve';
import { fromMatrix, kernelFromMatrix } from './tensor';

/** The notes' 6×8 image: white (1) borders of two columns, a black (0) middle. */
export function edgeImage(): number[][] {
  return Array.from({ length: 6 }, () => Array.from({ length: 8 }, (_, c) => (c >= 2 && c < 6 ? 0 : 1)));
}

export interface EdgeLearning {
  initial: [number, number];
  /** Loss before each step's update, steps 1…n. */
  losses: number[];
  kernel: [number, number];
}

export function learnEdgeKernel(steps = 10, lr = 0.03, seed = 9): EdgeLearning {
  const x = fromMatrix(edgeImage());
  const y = crossCorrelate(x, kernelFromMatrix([[1, -1]]), { padding: 'valid' });
  // Glorot-uniform for a 1×2×1×1 kernel, as Keras initializes it: U(−√(6/4), √(6/4)).
  const rand = mulberry32(seed);
  const limit = Math.sqrt(6 / 4);
  let k: [number, number] = [(rand() * 2 - 1) * limit, (rand() * 2 - 1) * limit];
  const initial: [number, number] = [...k];
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const yHat = crossCorrelate(x, kernelFromMatrix([k]), { padding: 'valid' });
    let loss = 0;
    const grad = [0, 0];
    for (let r = 0; r < 6; r++) {
      for (let c = 0; c < 7; c++) {
        const e = yHat.data[r * 7 + c]! - y.data[r * 7 + c]!;
        loss += e * e;
        grad[0]! += 2 * e * x.data[r * 8 + c]!;
        grad[1]! += 2 * e * x.data[r * 8 + c + 1]!;
      }
    }
    losses.push(loss);
    k = [k[0] - lr * grad[0]!, k[1] - lr * grad[1]!];
  }
  return { initial, losses, kernel: k };
}
