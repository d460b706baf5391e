import { useState } from 'react';
import { transposedConvolve, transposedOutputSize } from '../../../../shared/lab';
import { transposedWindows, windowCoverage, type WindowCoverage } from '../../../../shared/lab/lesson-maths';
import { AxisStrip } from './AxisStrip';
import { CellGrid, Figure } from './CellGrid';
import { LessonFrame, matrixText } from './LessonFrame';
import { NumberField } from './NumberField';
import './lessons.css';

type PaddingMode = 'valid' | 'same' | 'explicit';

/** The course's transposed-convolution example (lesson 002, `trans_conv`). */
const X = [
  [0, 1],
  [2, 3],
];
const K = [
  [0, 1],
  [2, 3],
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const rowsCols = (n: number) => (n === 1 ? '1 row/column' : `${n} rows/columns`);

/** "(32 + 2·1 − 3)/2 = 31/2 is not an integer …": what the floor in the formula throws away. */
function leftoverText(c: WindowCoverage, input: number, padding: number | 'valid' | 'same', stride: number): string {
  const what = c.leftoverInput === 0 ? 'only padding' : c.leftoverInput === c.leftover ? 'real input' : `${c.leftoverInput} of them real input`;
  const fraction =
    typeof padding === 'number'
      ? `(in + 2p − dk)/s = (${input} + 2·${padding} − ${c.dk})/${stride}`
      : `(in + padding − dk)/s = (${input} + ${c.padBefore + c.padAfter} − ${c.dk})/${stride}`;
  return (
    `${fraction} = ${c.padded - c.dk}/${stride} is not an integer: ` +
    `the floor keeps ${plural(c.out, 'window')}, and the last ${rowsCols(c.leftover)} at the bottom/right (${what}) ${c.leftover === 1 ? 'is' : 'are'} dropped.`
  );
}

function OutputSize({
  input,
  kernel,
  padding,
  stride,
  dilation,
  coverage,
}: {
  input: number;
  kernel: number;
  padding: number | 'valid' | 'same';
  stride: number;
  dilation: number;
  coverage: WindowCoverage;
}) {
  const c = coverage;
  return (
    <section className="lesson-section">
      <h3>
        Output size: <span data-testid="lesson-output-size">{c.out > 0 ? `${c.out} × ${c.out}` : 'none'}</span>
      </h3>
      <ul className="lesson-trace" data-testid="lesson-size-trace">
        {c.trace.map((t, i) => (
          <li key={i}>
            {t.text} <span className="muted">({t.formula})</span>
          </li>
        ))}
      </ul>
      {c.out <= 0 && (
        <p className="lesson-flag" data-testid="lesson-too-large">
          The (dilated) kernel spans {c.dk} cells but the padded input has only {c.padded}: there is no position for it, so there is no output.
        </p>
      )}
      {c.out > 0 && c.leftover > 0 && (
        <p className="lesson-flag" data-testid="lesson-non-integer">
          {leftoverText(c, input, padding, stride)}
        </p>
      )}
      {stride > 1 && dilation > 1 && <p className="lesson-note">Keras refuses strides &gt; 1 together with dilation &gt; 1; the arithmetic still works.</p>}
      <AxisStrip coverage={c} input={input} kernel={kernel} stride={stride} dilation={dilation} />
      <p className="lesson-note">
        One axis shown ({typeof padding === 'number' ? `padding ${padding}` : `'${padding}'`}); with a square input and kernel the other axis is the same.
      </p>
    </section>
  );
}

function Transposed({ stride, setStride }: { stride: number; setStride: (s: number) => void }) {
  const windows = transposedWindows(X, K, stride);
  const sum = transposedConvolve(X, K, stride);
  const size = transposedOutputSize({ height: X.length, width: X[0]!.length }, { height: K.length, width: K[0]!.length }, { stride });
  const inWindow = (i: number, j: number) => (r: number, c: number) =>
    r >= i * stride && r < i * stride + K.length && c >= j * stride && c < j * stride + K[0]!.length;
  return (
    <section className="lesson-section">
      <h3>Transposed convolution: multiply each input by the whole kernel and add the windows</h3>
      <div className="lesson-controls">
        <label>
          Stride
          <select data-testid="lesson-transposed-stride" value={stride} onChange={(e) => setStride(Number(e.target.value))}>
            <option value={1}>1</option>
            <option value={2}>2</option>
            <option value={3}>3</option>
          </select>
        </label>
        <span className="lesson-note" data-testid="lesson-transposed-size">
          Output side: {size.trace[0]!.text} ({size.trace[0]!.formula})
        </span>
      </div>
      <div className="row-wrap">
        <Figure label="Input X">
          <CellGrid values={X} />
        </Figure>
        <Figure label="Kernel K">
          <CellGrid values={K} />
        </Figure>
      </div>
      <div className="row-wrap" data-testid="lesson-transposed-windows">
        {windows.map((w, n) => (
          <div key={`${w.row}-${w.col}`} className="row-wrap">
            {n > 0 && <span className="lesson-op">+</span>}
            <Figure label={`x[${w.row},${w.col}] = ${w.value} → ${w.value}·K`}>
              <CellGrid values={w.window} cellClass={(r, c) => (inWindow(w.row, w.col)(r, c) ? 'hl' : undefined)} />
            </Figure>
          </div>
        ))}
        <span className="lesson-op">=</span>
        <Figure label="Transposed convolution">
          <CellGrid values={sum} testId="lesson-transposed-output" />
        </Figure>
      </div>
    </section>
  );
}

export function Lesson5() {
  const [input, setInput] = useState(32);
  const [kernel, setKernel] = useState(3);
  const [mode, setMode] = useState<PaddingMode>('explicit');
  const [amount, setAmount] = useState(1);
  const [stride, setStride] = useState(1);
  const [dilation, setDilation] = useState(1);
  const [tStride, setTStride] = useState(1);
  const padding = mode === 'explicit' ? amount : mode;
  const coverage = windowCoverage('H', input, kernel, stride, dilation, padding);
  const transposed = transposedConvolve(X, K, tStride);

  const sizeLine = `output size: ${coverage.trace.map((t) => t.text).join('; ')} (${coverage.out > 0 ? `${coverage.out}×${coverage.out}` : 'no output'})`;
  const result = [
    sizeLine,
    ...(coverage.out > 0 && coverage.leftover > 0 ? [`(in + 2p − dk)/s is not an integer: the last ${rowsCols(coverage.leftover)} dropped`] : []),
    `transposed${tStride === 1 ? '' : ` (stride ${tStride})`} = ${matrixText(transposed)}`,
  ].join('\n');

  return (
    <LessonFrame
      n={5}
      intro={
        <p>
          Padding adds zeros around the input so the kernel can also sit on the border, stride moves the window s cells at a time, and dilation spreads the
          kernel's taps d cells apart, so it spans dk = (k − 1)·d + 1. Together: out = ⌊(in + 2p − dk)/s⌋ + 1, and when the division is not exact the floor
          quietly drops the last rows and columns. A transposed convolution goes the other way and makes the output bigger.
        </p>
      }
      result={result}
      source="002 (same, stride, dilated and transposed convolution) and 004 (padding and stride formulas)"
    >
      <div className="lesson-controls">
        <NumberField label="Input size" testId="lesson-input-size" value={input} min={1} max={512} onChange={setInput} />
        <NumberField label="Kernel size" testId="lesson-kernel-size" value={kernel} min={1} max={15} onChange={setKernel} />
        <label>
          Padding
          <select data-testid="lesson-padding" value={mode} onChange={(e) => setMode(e.target.value as PaddingMode)}>
            <option value="valid">valid (none)</option>
            <option value="same">same</option>
            <option value="explicit">explicit p</option>
          </select>
        </label>
        {mode === 'explicit' && <NumberField label="p" testId="lesson-padding-amount" value={amount} min={0} max={16} onChange={setAmount} />}
        <NumberField label="Stride" testId="lesson-stride" value={stride} min={1} max={8} onChange={setStride} />
        <NumberField label="Dilation" testId="lesson-dilation" value={dilation} min={1} max={8} onChange={setDilation} />
      </div>
      <OutputSize input={input} kernel={kernel} padding={padding} stride={stride} dilation={dilation} coverage={coverage} />
      <Transposed stride={tStride} setStride={setTStride} />
    </LessonFrame>
  );
}
