import type { ReactNode } from 'react';
import { formatNumber } from './LessonFrame';
import './lessons.css';

/**
 * A matrix the lessons can point into: cells may be blank (null: not computed yet), carry a class
 * (window, edge sign, receptive field) and report hover, focus and click, so a lesson can highlight
 * what one output cell reads. Cells get `${cellTestId}-${r}-${c}` test ids and `data-hl` when marked.
 */
export function CellGrid({
  values,
  testId,
  cellTestId,
  caption,
  cellClass,
  onCell,
  showValues = true,
}: {
  values: (number | null)[][];
  testId?: string;
  cellTestId?: string;
  caption?: string;
  cellClass?: (r: number, c: number) => string | undefined;
  onCell?: (r: number, c: number) => void;
  showValues?: boolean;
}) {
  return (
    <table className={`matrix cell-grid${onCell ? ' cell-grid--interactive' : ''}${showValues ? '' : ' cell-grid--blank'}`} data-testid={testId}>
      {caption && <caption>{caption}</caption>}
      <tbody>
        {values.map((row, r) => (
          <tr key={r}>
            {row.map((v, c) => {
              const cls = cellClass?.(r, c);
              return (
                <td
                  key={c}
                  className={cls}
                  data-testid={cellTestId ? `${cellTestId}-${r}-${c}` : undefined}
                  data-hl={cls?.split(' ').includes('hl') ? 'true' : undefined}
                  tabIndex={onCell ? 0 : undefined}
                  onMouseEnter={onCell ? () => onCell(r, c) : undefined}
                  onFocus={onCell ? () => onCell(r, c) : undefined}
                  onClick={onCell ? () => onCell(r, c) : undefined}
                >
                  {showValues ? (v === null ? '·' : formatNumber(v)) : ''}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Label + matrix stacked, the lessons' "X", "K", "Y" panels. */
export function Figure({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <figure className="lesson-figure" data-testid={testId}>
      <figcaption>{label}</figcaption>
      {children}
    </figure>
  );
}
