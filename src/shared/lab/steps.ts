/**
 * Cross-correlation spelled out cell by cell for the animated first lesson (the course's `corr2d`):
 * which window each output reads and every product that goes into its sum. Plain numbers in double
 * precision, since the lesson shows them as text.
 */

export interface CorrelationProduct {
  /** Position in the input. */
  row: number;
  col: number;
  /** Position in the kernel. */
  kernelRow: number;
  kernelCol: number;
  input: number;
  weight: number;
  product: number;
}

export interface CorrelationStep {
  /** Output cell. */
  row: number;
  col: number;
  /** Top-left input cell of the window (stride 1, no padding, so equal to row/col). */
  top: number;
  left: number;
  products: CorrelationProduct[];
  sum: number;
}

/** One step per output cell of a valid, stride-1 cross-correlation, in row-major order. */
export function crossCorrelationSteps(input: number[][], kernel: number[][]): CorrelationStep[] {
  const xh = input.length;
  const xw = input[0]?.length ?? 0;
  const kh = kernel.length;
  const kw = kernel[0]?.length ?? 0;
  const steps: CorrelationStep[] = [];
  for (let row = 0; row + kh <= xh; row++) {
    for (let col = 0; col + kw <= xw; col++) {
      const products: CorrelationProduct[] = [];
      let sum = 0;
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++) {
          const x = input[row + a]![col + b]!;
          const w = kernel[a]![b]!;
          products.push({ row: row + a, col: col + b, kernelRow: a, kernelCol: b, input: x, weight: w, product: x * w });
          sum += x * w;
        }
      }
      steps.push({ row, col, top: row, left: col, products, sum });
    }
  }
  return steps;
}
