import { useEffect, useMemo, useState } from 'react';
import { crossCorrelate, crossCorrelationSteps, fromMatrix, kernelFromMatrix, toMatrix, type CorrelationStep } from '../../../../shared/lab';
import { CORR2D_K, CORR2D_X } from '../../../../shared/lab/course-examples';
import { CellGrid, Figure } from './CellGrid';
import { LessonFrame, formatNumber, matrixText } from './LessonFrame';
import './lessons.css';

/** The course's corr2d example (lesson 004). */
const X = CORR2D_X;
const K = CORR2D_K;
const PLAY_MS = 900;

/** `y[0,1] = 1·0 + 2·1 + 4·2 + 5·3 = 25`: a window's sum as the lesson writes it. */
function stepText(s: CorrelationStep): string {
  return `y[${s.row},${s.col}] = ${s.products.map((p) => `${formatNumber(p.input)}·${formatNumber(p.weight)}`).join(' + ')} = ${formatNumber(s.sum)}`;
}

/** `[[19,·],[·,·]]`: the output cells computed so far, the others as the grid shows them. */
const partialText = (m: (number | null)[][]) => `[${m.map((row) => `[${row.map((v) => (v === null ? '·' : formatNumber(v))).join(',')}]`).join(',')}]`;

export function Lesson1() {
  const steps = useMemo(() => crossCorrelationSteps(X, K), []);
  const output = useMemo(() => toMatrix(crossCorrelate(fromMatrix(X), kernelFromMatrix(K), { padding: 'valid' })), []);
  // `done` output cells are filled in; the last of them is the window on screen.
  const [done, setDone] = useState(0);
  const [playing, setPlaying] = useState(false);
  const total = steps.length;
  const current = done > 0 ? steps[done - 1]! : undefined;

  useEffect(() => {
    if (!playing) return;
    const id = window.setTimeout(() => {
      setDone((d) => Math.min(total, d + 1));
      if (done + 1 >= total) setPlaying(false);
    }, PLAY_MS);
    return () => window.clearTimeout(id);
  }, [playing, done, total]);

  const inWindow = (r: number, c: number) =>
    !!current && r >= current.top && r < current.top + K.length && c >= current.left && c < current.left + K[0]!.length;
  const partial = output.map((row, r) => row.map((_, c) => (r * row.length + c < done ? steps[r * row.length + c]!.sum : null)));

  const play = () => {
    if (playing) {
      setPlaying(false);
      return;
    }
    if (done >= total) setDone(0);
    setPlaying(true);
  };
  const reset = () => {
    setPlaying(false);
    setDone(0);
  };

  // The check never gives the answer away: nothing before the first step, the cells so far while stepping.
  const result =
    done === 0
      ? `progress: 0/${total} cells — press Step (or Play) to compute the first output cell.`
      : [
          done < total ? `output so far = ${partialText(partial)} (${done} of ${total} cells; · not computed yet)` : `output = ${matrixText(output)}`,
          `progress: ${done}/${total} cells — ${stepText(current!)}`,
        ].join('\n');

  return (
    <LessonFrame
      n={1}
      intro={
        <p>
          A convolution layer slides its kernel over the input. At every position it multiplies the window by the kernel cell by cell and adds the products:
          that sum is one output value. Nothing is flipped, so strictly this is cross-correlation, which is what Keras' Conv2D computes; a 3×3 input and a 2×2
          kernel leave (3 − 2 + 1) × (3 − 2 + 1) positions.
        </p>
      }
      result={result}
      source="004, corr2d(x, k)"
    >
      <div className="lesson-controls">
        <button data-testid="lesson-step" onClick={() => setDone((d) => Math.min(total, d + 1))} disabled={done >= total || playing}>
          Step
        </button>
        <button data-testid="lesson-play" onClick={play} aria-pressed={playing}>
          {playing ? 'Pause' : done >= total ? 'Replay' : 'Play'}
        </button>
        <button data-testid="lesson-reset" onClick={reset} disabled={done === 0 && !playing}>
          Reset
        </button>
        <span className="lesson-note" data-testid="lesson-progress">
          {done === 0 ? 'Press Step or Play to slide the window.' : `Window ${done} of ${total}: output cell (${current!.row}, ${current!.col})`}
        </span>
      </div>
      <div className="row-wrap">
        <Figure label="Input X">
          <CellGrid values={X} testId="lesson-input" cellTestId="lesson-input-cell" cellClass={(r, c) => (inWindow(r, c) ? 'hl' : undefined)} />
        </Figure>
        <span className="lesson-op">⊛</span>
        <Figure label="Kernel K">
          <CellGrid values={K} testId="lesson-kernel" cellClass={() => (current ? 'hl' : undefined)} />
        </Figure>
        <span className="lesson-op">=</span>
        <Figure label="Output Y">
          <CellGrid
            values={partial}
            testId="lesson-output"
            cellTestId="lesson-output-cell"
            cellClass={(r, c) => (current && current.row === r && current.col === c ? 'hl current' : partial[r]![c] === null ? 'pending' : undefined)}
          />
        </Figure>
        <Figure label={current ? `Products for output (${current.row}, ${current.col})` : 'Products'} testId="lesson-products">
          <div className="lesson-products">
            {current ? (
              <ol>
                {current.products.map((p) => (
                  <li key={`${p.kernelRow}-${p.kernelCol}`}>
                    x[{p.row},{p.col}]·k[{p.kernelRow},{p.kernelCol}] = {formatNumber(p.input)}·{formatNumber(p.weight)} = {formatNumber(p.product)}
                  </li>
                ))}
                <li className="sum">sum = {formatNumber(current.sum)}</li>
              </ol>
            ) : (
              <span className="muted">—</span>
            )}
          </div>
        </Figure>
      </div>
    </LessonFrame>
  );
}
