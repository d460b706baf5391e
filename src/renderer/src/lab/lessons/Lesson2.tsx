import { useState } from 'react';
import { crossCorrelate, edgeKernel, fromMatrix, kernelFromMatrix, toMatrix, transposeMatrix } from '../../../../shared/lab';
import { CellGrid, Figure } from './CellGrid';
import { LessonFrame, matrixText } from './LessonFrame';
import './lessons.css';

/** The course's X: tf.ones((6, 8)) with X[:, 2:6] set to zero — a dark band between two light ones. */
const IMAGE = Array.from({ length: 6 }, () => Array.from({ length: 8 }, (_, c) => (c >= 2 && c < 6 ? 0 : 1)));

const sign = (v: number) => (v > 0 ? 'pos' : v < 0 ? 'neg' : undefined);

export function Lesson2() {
  const [transposeImage, setTransposeImage] = useState(false);
  const [transposeKernel, setTransposeKernel] = useState(false);
  const image = transposeImage ? transposeMatrix(IMAGE) : IMAGE;
  const kernel = transposeKernel ? transposeMatrix(edgeKernel()) : edgeKernel();
  const output = toMatrix(crossCorrelate(fromMatrix(image), kernelFromMatrix(kernel), { padding: 'valid' }));
  const edges = output.flat().filter((v) => v !== 0).length;

  const call = `corr2d(${transposeImage ? 'Xᵀ' : 'X'}, ${transposeKernel ? 'Kᵀ' : 'K'})`;
  const result = `${call} = ${matrixText(output)}`;

  return (
    <LessonFrame
      n={2}
      intro={
        <p>
          The kernel [1, −1] subtracts each pixel's right-hand neighbour from it, so it is zero on flat areas and non-zero only where the brightness changes
          from one column to the next: +1 where light turns dark, −1 where dark turns light. It only looks along rows, so it finds vertical edges; turn the
          image on its side and it sees nothing until the kernel is turned too.
        </p>
      }
      result={result}
      source="004, corr2d(X, K) and corr2d(tf.transpose(X), tf.transpose(K))"
    >
      <div className="lesson-controls">
        <label>
          <input type="checkbox" data-testid="lesson-transpose-image" checked={transposeImage} onChange={(e) => setTransposeImage(e.target.checked)} />
          Transpose the image (Xᵀ: horizontal edges)
        </label>
        <label>
          <input type="checkbox" data-testid="lesson-transpose-kernel" checked={transposeKernel} onChange={(e) => setTransposeKernel(e.target.checked)} />
          Transpose the kernel (Kᵀ = [[1], [−1]])
        </label>
      </div>
      <div className="row-wrap">
        <Figure label={`${transposeImage ? 'Xᵀ' : 'X'} (${image.length}×${image[0]!.length})`}>
          <CellGrid values={image} testId="lesson-image" cellClass={(r, c) => (image[r]![c] ? undefined : 'dark')} />
        </Figure>
        <span className="lesson-op">⊛</span>
        <Figure label={`${transposeKernel ? 'Kᵀ' : 'K'} (${kernel.length}×${kernel[0]!.length})`}>
          <CellGrid values={kernel} testId="lesson-kernel" cellClass={(r, c) => sign(kernel[r]![c]!)} />
        </Figure>
        <span className="lesson-op">=</span>
        <Figure label={`${call} (${output.length}×${output[0]?.length ?? 0})`}>
          <CellGrid values={output} testId="lesson-output" cellClass={(r, c) => sign(output[r]![c]!)} />
        </Figure>
      </div>
      <p className="lesson-note" data-testid="lesson-edge-summary">
        {edges === 0
          ? `All zeros: the kernel compares neighbours along each ${transposeKernel ? 'column' : 'row'}, and along every ${transposeKernel ? 'column' : 'row'} of this image nothing changes.`
          : `${edges} non-zero cells, reading ${transposeKernel ? 'top to bottom' : 'left to right'}: +1 (green) where light turns dark, −1 (red) where dark turns light.`}
      </p>
    </LessonFrame>
  );
}
