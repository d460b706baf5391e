import { useState } from 'react';
import { globalAveragePool, pool2d, poolOutputSize, tensor3, toMatrix, type Tensor3 } from '../../../../shared/lab';
import { CellGrid, Figure } from './CellGrid';
import { LessonFrame, formatNumber, matrixText } from './LessonFrame';
import './lessons.css';

/** tf.reshape(tf.range(0, n·n), [n, n]): the course's 4×4 (lesson 000) and 3×3 (lessons 002, 004) tensors. */
const range = (n: number): Tensor3 =>
  tensor3(
    n,
    n,
    1,
    Array.from({ length: n * n }, (_, i) => i),
  );
const T4 = range(4);
const T3 = range(3);

type Padding = 'valid' | 'same';

const pool = (t: Tensor3, mode: 'max' | 'avg', stride: number, padding: Padding) => toMatrix(pool2d(t, { mode, size: 2, stride, padding }));

/** Keras defaults on the 4×4 tensor: AvgPool2D(), MaxPool2D() (2×2, stride 2) and GlobalAvgPool2D(). */
function Defaults() {
  const avg = pool(T4, 'avg', 2, 'valid');
  const max = pool(T4, 'max', 2, 'valid');
  const global = globalAveragePool(T4)[0]!;
  const quadrant = (r: number, c: number) => ((Math.floor(r / 2) + Math.floor(c / 2)) % 2 === 0 ? 'hl' : undefined);
  return (
    <section className="lesson-section">
      <h3>Keras defaults on a 4×4 tensor: 2×2 windows, stride 2</h3>
      <div className="row-wrap">
        <Figure label="tensor 0…15">
          <CellGrid values={toMatrix(T4)} cellClass={quadrant} />
        </Figure>
        <Figure label="AvgPool2D()">
          <CellGrid values={avg} testId="lesson-pool-avg4" cellClass={quadrant} />
        </Figure>
        <Figure label="MaxPool2D()">
          <CellGrid values={max} testId="lesson-pool-max4" cellClass={quadrant} />
        </Figure>
        <Figure label="GlobalAvgPool2D()">
          <CellGrid values={[[global]]} testId="lesson-pool-global" />
        </Figure>
      </div>
    </section>
  );
}

export function Lesson7() {
  const [stride, setStride] = useState(1);
  const [padding, setPadding] = useState<Padding>('valid');
  const [cell, setCell] = useState<[number, number]>([0, 0]);
  const geometry = poolOutputSize(T3, { size: 2, stride, padding });
  const max = pool(T3, 'max', stride, padding);
  const avg = pool(T3, 'avg', stride, padding);
  // The hovered output cell's window on the input, clipped to real cells (padding never takes part).
  const [r, c] = cell[0] < geometry.height && cell[1] < geometry.width ? cell : [0, 0];
  const top = r * geometry.strideH - geometry.padTop;
  const left = c * geometry.strideW - geometry.padLeft;
  const inWindow = (i: number, j: number) => (i >= top && i < top + 2 && j >= left && j < left + 2 ? 'hl' : undefined);
  const isCell = (i: number, j: number) => (i === r && j === c ? 'hl current' : undefined);

  const notes = [
    `4×4 tensor 0…15, 2×2 pooling (stride 2): avg = ${matrixText(pool(T4, 'avg', 2, 'valid'))}, max = ${matrixText(pool(T4, 'max', 2, 'valid'))}`,
    `global average = ${formatNumber(globalAveragePool(T4)[0]!)}`,
    `3×3 tensor 0…8, 2×2 window, stride 1: max = ${matrixText(pool(T3, 'max', 1, 'valid'))}, avg = ${matrixText(pool(T3, 'avg', 1, 'valid'))}`,
    `your setting (stride ${stride}, '${padding}'): ${geometry.height}×${geometry.width}, max = ${matrixText(max)}, avg = ${matrixText(avg)}`,
  ];

  return (
    <LessonFrame
      n={7}
      intro={
        <p>
          Pooling slides a window like a convolution but has no weights: it keeps the largest value (max) or the mean (average) of each window, which shrinks
          the feature map and makes it less sensitive to small shifts. Keras' pooling layers step by the window size unless told otherwise; with
          &apos;same&apos; padding the padded cells never win a max and are left out of an average.
        </p>
      }
      result={notes.join('\n')}
      source="000 (AvgPool2D, MaxPool2D, GlobalAvgPool2D), 002 and 004 (pool2d, MaxPool2D valid vs same)"
    >
      <Defaults />
      <section className="lesson-section">
        <h3>A 2×2 window on the 3×3 tensor 0…8</h3>
        <div className="lesson-controls">
          <label>
            Stride
            <select data-testid="lesson-pool-stride" value={stride} onChange={(e) => setStride(Number(e.target.value))}>
              <option value={1}>1 (the course&apos;s pool2d)</option>
              <option value={2}>2 (Keras&apos; default = pool size)</option>
            </select>
          </label>
          <label>
            Padding
            <select data-testid="lesson-pool-padding" value={padding} onChange={(e) => setPadding(e.target.value as Padding)}>
              <option value="valid">valid</option>
              <option value="same">same</option>
            </select>
          </label>
          <span className="lesson-note" data-testid="lesson-pool-size">
            {geometry.trace
              .filter((t) => t.label === 'H' || t.label === 'pad H')
              .map((t) => t.text)
              .join('; ')}
          </span>
        </div>
        <div className="row-wrap">
          <Figure label="input (hover an output cell)">
            <CellGrid values={toMatrix(T3)} testId="lesson-pool-input" cellTestId="lesson-pool-in" cellClass={inWindow} />
          </Figure>
          <Figure label={`max (${geometry.height}×${geometry.width})`}>
            <CellGrid values={max} testId="lesson-pool-max" cellTestId="lesson-pool-max-cell" cellClass={isCell} onCell={(i, j) => setCell([i, j])} />
          </Figure>
          <Figure label={`average (${geometry.height}×${geometry.width})`}>
            <CellGrid values={avg} testId="lesson-pool-avg" cellTestId="lesson-pool-avg-cell" cellClass={isCell} onCell={(i, j) => setCell([i, j])} />
          </Figure>
        </div>
      </section>
    </LessonFrame>
  );
}
