import { useMemo, useState } from 'react';
import type { Evaluation } from '../../../shared/api/training-protocol';
import { SampleImage } from './SampleImage';

const GALLERY_SIZE = 24;

/** Test-set results as the course shows them: accuracy, confusion matrix, per-class accuracy, predictions. */
export function TrainingResults({ evaluation }: { evaluation: Evaluation }) {
  const [cell, setCell] = useState<[number, number] | null>(null);
  const { classNames, confusion } = evaluation;
  const max = Math.max(...confusion.flat());
  const pixels = evaluation.height * evaluation.width * evaluation.channels;
  const shown = useMemo(() => {
    const picked: number[] = [];
    for (let i = 0; i < evaluation.labels.length && picked.length < GALLERY_SIZE; i++) {
      if (!cell || (evaluation.labels[i] === cell[0] && evaluation.predictions[i] === cell[1])) picked.push(i);
    }
    return picked;
  }, [evaluation, cell]);

  return (
    <div className="training-results" data-testid="training-results">
      <h3>
        Test set: {evaluation.testAccuracy !== undefined ? `${(evaluation.testAccuracy * 100).toFixed(2)} % accuracy` : ''} · loss{' '}
        {evaluation.testLoss.toFixed(4)} · {evaluation.labels.length.toLocaleString('en-US')} images
      </h3>
      <table className="confusion" data-testid="confusion-matrix">
        <caption>Confusion matrix (rows: true class, columns: predicted). Click a cell to see those images.</caption>
        <thead>
          <tr>
            <th />
            {classNames.map((name, c) => (
              <th key={c} title={name}>
                {name.slice(0, 5)}
              </th>
            ))}
            <th>acc.</th>
          </tr>
        </thead>
        <tbody>
          {confusion.map((row, r) => (
            <tr key={r}>
              <th title={classNames[r]}>{classNames[r]!.slice(0, 10)}</th>
              {row.map((count, c) => (
                <td
                  key={c}
                  data-testid={`confusion-cell-${r}-${c}`}
                  className={`${r === c ? 'diag' : ''}${cell && cell[0] === r && cell[1] === c ? ' picked' : ''}`}
                  style={{
                    background: count
                      ? `color-mix(in srgb, ${r === c ? 'var(--accent)' : 'var(--danger)'} ${Math.round((count / max) * 80) + 8}%, transparent)`
                      : undefined,
                  }}
                  onClick={() => setCell(cell && cell[0] === r && cell[1] === c ? null : [r, c])}
                >
                  {count || ''}
                </td>
              ))}
              <td className="num" data-testid={`class-accuracy-${r}`}>
                {(evaluation.perClassAccuracy[r]! * 100).toFixed(0)}%
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>
        Predictions{cell ? `: true ${classNames[cell[0]]}, predicted ${classNames[cell[1]]}` : ''}
        {cell && (
          <button className="link" data-testid="gallery-clear" onClick={() => setCell(null)}>
            show all
          </button>
        )}
      </h3>
      <div className="gallery" data-testid="prediction-gallery">
        {shown.map((i) => {
          const wrong = evaluation.labels[i] !== evaluation.predictions[i];
          return (
            <figure key={i} className={`gallery__item${wrong ? ' gallery__item--wrong' : ''}`} data-testid="gallery-item" data-wrong={wrong}>
              <SampleImage
                pixels={evaluation.images.subarray(i * pixels, (i + 1) * pixels)}
                height={evaluation.height}
                width={evaluation.width}
                channels={evaluation.channels}
              />
              <figcaption>
                <span className="gallery__predicted">{classNames[evaluation.predictions[i]!]}</span> {(evaluation.confidences[i]! * 100).toFixed(0)}%
                <br />
                <span className="muted">true: {classNames[evaluation.labels[i]!]}</span>
              </figcaption>
            </figure>
          );
        })}
        {shown.length === 0 && <p className="muted">No test image in that cell.</p>}
      </div>
    </div>
  );
}
