import { useEffect, useState } from 'react';
import type { Picture } from '../../../../shared/api/training-protocol';
import { manualSobel, maxDifference, sameCentreDifference, type Map2D } from '../../../../shared/lab/sobel-lessons';
import { sobelNet } from '../../../../shared/templates/course-networks';
import { getHost } from '../../store/host';
import { PHOTOS } from '../../viz/photos';
import { pictureFromUrl } from '../../viz/picture';
import { LessonFrame } from './LessonFrame';

interface Comparison {
  padding: 'valid' | 'same';
  manual: Map2D<Float64Array>;
  layer: Map2D<Float32Array>;
  maxDiff: number;
}

/** The same image through a real Conv2D layer (the trainer's tfjs model, kernel fixed to Sobel). */
async function layerSobel(picture: Picture, padding: 'valid' | 'same'): Promise<Comparison['layer']> {
  const api = getHost()!;
  const jobId = `lesson3-${padding}`;
  await api.loadModel({ jobId, graph: sobelNet(padding) });
  const result = await api.inspect({ jobId, picture, weights: false });
  const out = result.activations[0]!;
  return { height: out.shape[0]!, width: out.shape[1]!, values: out.values };
}

export function Lesson3() {
  const [rows, setRows] = useState<Comparison[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const picture = await pictureFromUrl(PHOTOS.find((p) => p.id === 'camera')!.url);
      const out: Comparison[] = [];
      for (const padding of ['valid', 'same'] as const) {
        const manual = manualSobel(picture, padding === 'valid' ? 0 : 1);
        const layer = await layerSobel(picture, padding);
        out.push({ padding, manual, layer, maxDiff: maxDifference(manual.values, layer.values) });
      }
      if (live) setRows(out);
    })().catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, []);

  const centre = rows ? sameCentreDifference(rows[1]!.layer, rows[0]!.layer) : NaN;
  const result = rows
    ? [
        ...rows.map(
          (r) =>
            `${r.padding}: manual ${r.manual.height}×${r.manual.width}, layer ${r.layer.height}×${r.layer.width}, max |manual − layer| = ${r.maxDiff.toExponential(1)}${r.maxDiff < 1e-4 ? ' (agree)' : ' (DIFFER)'}`,
        ),
        `same[1:-1, 1:-1] = valid: max |difference| = ${centre.toExponential(1)}${centre < 1e-4 ? ' (equal)' : ''}`,
      ].join('\n')
    : (error ?? 'Computing…');
  return (
    <LessonFrame
      n={3}
      intro={
        <p>
          The notebook computes the horizontal Sobel response of the 512×512 cameraman twice: with a plain double loop over every pixel, and with a{' '}
          <code>Conv2D(1, 3)</code> layer whose <code>kernel_initializer</code> returns the Sobel kernel. Both are cross-correlations, so they agree to float
          rounding. With <code>padding=&apos;valid&apos;</code> the output loses one pixel per side (510×510); with <code>&apos;same&apos;</code> it stays
          512×512, and its centre is the valid result.
        </p>
      }
      result={result}
    >
      <table className="lesson-table" data-testid="lesson3-table">
        <thead>
          <tr>
            <th>padding</th>
            <th>manual loop</th>
            <th>Conv2D layer (TensorFlow.js)</th>
            <th>max |difference|</th>
          </tr>
        </thead>
        <tbody>
          {rows?.map((r) => (
            <tr key={r.padding}>
              <td>{r.padding}</td>
              <td>
                {r.manual.height} × {r.manual.width}
              </td>
              <td>
                {r.layer.height} × {r.layer.width}
              </td>
              <td>{r.maxDiff.toExponential(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </LessonFrame>
  );
}
