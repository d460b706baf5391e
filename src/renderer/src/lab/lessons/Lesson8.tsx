import { useState } from 'react';
import type { PixelWindow } from '../../../../shared/lab';
import { CellGrid, Figure } from './CellGrid';
import { LessonFrame } from './LessonFrame';
import { ARCHITECTURES, levelSizes, windowsPerLevel, type Architecture } from './lesson8-graphs';
import './lessons.css';

const blank = (n: number) => Array.from({ length: n }, () => Array.from({ length: n }, () => null));
const inside = (w: PixelWindow, r: number, c: number) => r >= w.top && r <= w.bottom && c >= w.left && c <= w.right;
const paramsLine = (a: Architecture) => a.layers.map((l) => l.trace.find((t) => t.label === 'params')?.text ?? String(l.params.total));

function Column({ arch, cell, onCell }: { arch: Architecture; cell: [number, number]; onCell: (r: number, c: number) => void }) {
  const [row, col] = cell;
  const windows = windowsPerLevel(arch, row, col);
  const sizes = levelSizes(arch);
  const out = arch.outputSize;
  return (
    <div className="rf-column" data-testid={`lesson-rf-${arch.id}`}>
      <h3>
        {arch.label}: {arch.layers.length === 1 ? 'one Conv2D' : `${arch.layers.length} Conv2D layers`}, receptive field {arch.field.size}×{arch.field.size},{' '}
        {arch.params} parameters
      </h3>
      <div className="row-wrap">
        {windows.map((w, level) => (
          <Figure key={level} label={level === 0 ? `input ${sizes[0]}×${sizes[0]}` : `after layer ${level} (${sizes[level]}×${sizes[level]})`}>
            <CellGrid
              values={blank(sizes[level]!)}
              showValues={false}
              testId={level === 0 ? `lesson-rf-${arch.id}-input` : undefined}
              cellTestId={level === 0 ? `lesson-rf-${arch.id}-in` : `lesson-rf-${arch.id}-l${level}`}
              cellClass={(r, c) => (inside(w, r, c) ? 'hl' : undefined)}
            />
          </Figure>
        ))}
        <Figure label={`output ${out}×${out} (hover or click)`}>
          <CellGrid
            values={blank(out)}
            showValues={false}
            testId={`lesson-rf-${arch.id}-output`}
            cellTestId={`lesson-rf-${arch.id}-out`}
            cellClass={(r, c) => (r === row && c === col ? 'rf-out current' : undefined)}
            onCell={onCell}
          />
        </Figure>
      </div>
      <ul className="lesson-trace" data-testid={`lesson-rf-${arch.id}-params`}>
        {paramsLine(arch).map((text, i) => (
          <li key={i}>
            {arch.layers[i]!.name}: {text} <span className="muted">((kh·kw·Cin + 1)·F)</span>
          </li>
        ))}
        {arch.layers.length > 1 && (
          <li>
            total: {arch.layers.map((l) => l.params.total).join(' + ')} = {arch.params}
          </li>
        )}
      </ul>
    </div>
  );
}

export function Lesson8() {
  const [cell, setCell] = useState<[number, number]>([1, 2]);
  const onCell = (r: number, c: number) => setCell([r, c]);
  const seen = ARCHITECTURES.map((a) => windowsPerLevel(a, cell[0], cell[1])[0]!);
  const span = (w: PixelWindow) => `rows ${w.top}–${w.bottom} and columns ${w.left}–${w.right}`;
  const same = seen.every((w) => span(w) === span(seen[0]!));
  const result = ARCHITECTURES.map((a) => `${a.label}: receptive field ${a.field.size}×${a.field.size}, ${a.params} parameters`).join(' · ');

  return (
    <LessonFrame
      n={8}
      intro={
        <p>
          The receptive field of a neuron is the patch of the input its value depends on. Each 2×2 layer widens it by one pixel, so three of them stacked see
          4×4 pixels — as much as one 4×4 kernel — with fewer weights, and with a non-linearity between the layers they can compute more. That is why modern
          networks stack small kernels.
        </p>
      }
      result={result}
      source="002, stacking three 2×2 filters vs one 4×4 filter"
    >
      <p className="lesson-note" data-testid="lesson-rf-window">
        Output ({cell[0]}, {cell[1]}) sees input{' '}
        {same ? `${span(seen[0]!)} in both networks` : ARCHITECTURES.map((a, i) => `${span(seen[i]!)} (${a.label})`).join(', ')}.
      </p>
      <div className="row-wrap">
        {ARCHITECTURES.map((a) => (
          <Column key={a.id} arch={a} cell={cell} onCell={onCell} />
        ))}
      </div>
    </LessonFrame>
  );
}
