import { useState } from 'react';
import {
  channel,
  crossCorrelate,
  fromMatrix,
  kernel4,
  kernelFromChannels,
  kernelFromMatrix,
  randomNormal,
  stackChannels,
  stackKernels,
  toMatrix,
  type Tensor3,
} from '../../../../shared/lab';
import { conv1x1AsMatmul, maxAbsDifference } from '../../../../shared/lab/lesson-maths';
import { CellGrid, Figure } from './CellGrid';
import { LessonFrame, matrixText } from './LessonFrame';
import { NumberField } from './NumberField';
import './lessons.css';

/** The course's two-channel example (lessons 002 and 004, corr2d_multi_in). */
const XS = [
  [
    [0, 1, 2],
    [3, 4, 5],
    [6, 7, 8],
  ],
  [
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ],
];
const KS = [
  [
    [0, 1],
    [2, 3],
  ],
  [
    [1, 2],
    [3, 4],
  ],
];
/** tf.stack((K, K + 1, K + 2)): three filters, one output channel each. */
const FILTERS = [0, 1, 2].map((add) => KS.map((m) => m.map((row) => row.map((v) => v + add))));
const FILTER_NAMES = ['K', 'K + 1', 'K + 2'];

const input = stackChannels(XS.map(fromMatrix));
const channels = (t: Tensor3) => Array.from({ length: t.channels }, (_, o) => toMatrix(t, o));

/** Multi-input, one filter: each input channel with its own kernel channel, then the sum. */
function MultiIn({ filter, setFilter }: { filter: number; setFilter: (f: number) => void }) {
  const ks = FILTERS[filter]!;
  const partials = XS.map((x, i) => toMatrix(crossCorrelate(fromMatrix(x), kernelFromMatrix(ks[i]!), { padding: 'valid' })));
  const sum = toMatrix(crossCorrelate(input, kernelFromChannels(ks), { padding: 'valid' }));
  return (
    <section className="lesson-section">
      <h3>Two input channels, one filter: correlate each channel with its own kernel slice, then add</h3>
      <div className="lesson-controls">
        <label>
          Filter
          <select data-testid="lesson-filter" value={filter} onChange={(e) => setFilter(Number(e.target.value))}>
            {FILTER_NAMES.map((name, f) => (
              <option key={f} value={f}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row-wrap">
        <div className="lesson-stack">
          {XS.map((x, i) => (
            <div key={i} className="row-wrap">
              <Figure label={`X channel ${i}`}>
                <CellGrid values={x} />
              </Figure>
              <span className="lesson-op">⊛</span>
              <Figure label={`${FILTER_NAMES[filter]} channel ${i}`}>
                <CellGrid values={ks[i]!} />
              </Figure>
              <span className="lesson-op">=</span>
              <Figure label={`channel ${i} alone`}>
                <CellGrid values={partials[i]!} testId={`lesson-partial-${i}`} />
              </Figure>
            </div>
          ))}
        </div>
        <span className="lesson-op">sum →</span>
        <Figure label="one output channel">
          <CellGrid values={sum} testId="lesson-filter-sum" cellClass={() => 'hl'} />
        </Figure>
      </div>
    </section>
  );
}

/** The course's tf.random.normal((3, 3, 3)) input and (2, 3, 1, 1) kernel, from a seed; both ways of computing it. */
function oneByOne(seed: number) {
  const x = stackChannels([0, 1, 2].map((i) => fromMatrix(randomNormal(3, 3, seed + i))));
  const w = randomNormal(3, 2, seed + 3);
  const k = kernel4(1, 1, 3, 2, w.flat());
  const conv = crossCorrelate(x, k, { padding: 'valid' });
  const matmul = conv1x1AsMatmul(x, k);
  return { x, w, conv, matmul, diff: maxAbsDifference(conv, matmul) };
}

const diffText = (d: number) => (d === 0 ? '0' : d.toExponential(1));

/** 1×1 convolution vs (H·W × Cin)·(Cin × Cout) on seeded random numbers. */
function OneByOne({ seed, setSeed, example }: { seed: number; setSeed: (s: number) => void; example: ReturnType<typeof oneByOne> }) {
  const { x, w, conv, matmul, diff } = example;
  return (
    <section className="lesson-section">
      <h3>A 1×1 convolution is a matrix product</h3>
      <div className="lesson-controls">
        <NumberField label="Random seed" testId="lesson-seed" value={seed} min={0} max={9999} onChange={setSeed} />
        <span className="lesson-note">Input 3×3×3 (standard normal), kernel 1×1, 3 → 2 channels.</span>
      </div>
      <div className="row-wrap">
        {[0, 1, 2].map((i) => (
          <Figure key={i} label={`X channel ${i}`}>
            <CellGrid values={toMatrix(channel(x, i), 0)} />
          </Figure>
        ))}
        <Figure label="W (Cin × Cout)">
          <CellGrid values={w} testId="lesson-1x1-weights" />
        </Figure>
      </div>
      <div className="row-wrap">
        {[0, 1].map((o) => (
          <div key={o} className="row-wrap">
            <Figure label={`Conv2D 1×1, output ${o}`}>
              <CellGrid values={toMatrix(conv, o)} testId={`lesson-1x1-conv-${o}`} />
            </Figure>
            <span className="lesson-op">=</span>
            <Figure label={`(9×3 · 3×2), column ${o}`}>
              <CellGrid values={toMatrix(matmul, o)} testId={`lesson-1x1-matmul-${o}`} />
            </Figure>
          </div>
        ))}
      </div>
      <p className="lesson-note" data-testid="lesson-1x1-diff">
        max |difference| = {diffText(diff)} — every output pixel is the same weighted sum of that pixel's 3 channels, i.e. one row of X (9×3) times W (3×2).
      </p>
    </section>
  );
}

export function Lesson6() {
  const [filter, setFilter] = useState(0);
  const [seed, setSeed] = useState(42);
  const multiIn = toMatrix(crossCorrelate(input, kernelFromChannels(KS), { padding: 'valid' }));
  const multiOut = channels(crossCorrelate(input, stackKernels(FILTERS.map(kernelFromChannels)), { padding: 'valid' }));
  const example = oneByOne(seed);

  const result = [
    `multi-input (X ⋆ K, summed over 2 channels) = ${matrixText(multiIn)}`,
    `multi-output (K, K + 1, K + 2) = ${multiOut.map(matrixText).join(', ')}`,
    `1×1 convolution vs matrix product (seed ${seed}): max |difference| = ${diffText(example.diff)}`,
  ].join('\n');

  return (
    <LessonFrame
      n={6}
      intro={
        <p>
          With several input channels a filter has one kernel slice per channel: each channel is cross-correlated with its slice and the results are added, so
          the output is one channel however many come in. Several filters stacked give one output channel each. A 1×1 filter only mixes the channels of each
          pixel — the same thing as a dense layer applied at every pixel.
        </p>
      }
      result={result}
      source="002 and 004, corr2d_multi_in, corr2d_multi_in_out and corr2d_multi_in_out_1x1"
    >
      <MultiIn filter={filter} setFilter={setFilter} />
      <section className="lesson-section">
        <h3>Three filters stacked (K, K + 1, K + 2): three output channels</h3>
        <div className="row-wrap" data-testid="lesson-multi-out">
          {multiOut.map((m, o) => (
            <Figure key={o} label={`output channel ${o} (${FILTER_NAMES[o]})`}>
              <CellGrid values={m} cellClass={() => (o === filter ? 'hl' : undefined)} />
            </Figure>
          ))}
        </div>
      </section>
      <OneByOne seed={seed} setSeed={setSeed} example={example} />
    </LessonFrame>
  );
}
