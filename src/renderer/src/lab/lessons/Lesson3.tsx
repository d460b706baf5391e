import { useEffect, useState } from 'react';
import type { Picture } from '../../../../shared/api/training-protocol';
import { sobelHorizontal } from '../../../../shared/lab/kernels';
import { sobelNet } from '../../../../shared/templates/course-networks';
import { useAppStore } from '../../store/app-store';
import { PHOTOS } from '../../viz/photos';
import { pictureFromUrl } from '../../viz/picture';
import { LessonFrame } from './LessonFrame';

interface Comparison {
  padding: 'valid' | 'same';
  manual: { height: number; width: number; values: Float64Array };
  layer: { height: number; width: number; values: Float32Array };
  maxDiff: number;
}

/** The notebook's loop, written out: every output pixel is Σ kernel × window, with zeros outside the image. */
function manualSobel(p: Picture, pad: number): Comparison['manual'] {
  const k = sobelHorizontal();
  const { height: h, width: w } = p;
  const x = (r: number, c: number) => (r < 0 || c < 0 || r >= h || c >= w ? 0 : p.pixels[r * w + c]! / 255);
  const height = h + 2 * pad - 2;
  const width = w + 2 * pad - 2;
  const values = new Float64Array(height * width);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let sum = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum += x(r - pad + i, c - pad + j) * k[i]![j]!;
      values[r * width + c] = sum;
    }
  }
  return { height, width, values };
}

/** The same image through a real Conv2D layer (the trainer's tfjs model, kernel fixed to Sobel). */
async function layerSobel(picture: Picture, padding: 'valid' | 'same'): Promise<Comparison['layer']> {
  const api = useAppStore.getState().api!;
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
        let maxDiff = 0;
        for (let i = 0; i < manual.values.length; i++) maxDiff = Math.max(maxDiff, Math.abs(manual.values[i]! - layer.values[i]!));
        out.push({ padding, manual, layer, maxDiff });
      }
      if (live) setRows(out);
    })().catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, []);

  let centre = NaN;
  if (rows) {
    const [valid, same] = rows as [Comparison, Comparison];
    centre = 0;
    for (let r = 0; r < valid.manual.height; r++) {
      for (let c = 0; c < valid.manual.width; c++) centre = Math.max(centre, Math.abs(same.layer.values[(r + 1) * same.layer.width + c + 1]! - valid.layer.values[r * valid.layer.width + c]!));
    }
  }
  const result = rows
    ? [
        ...rows.map((r) => `${r.padding}: manual ${r.manual.height}×${r.manual.width}, layer ${r.layer.height}×${r.layer.width}, max |manual − layer| = ${r.maxDiff.toExponential(1)}${r.maxDiff < 1e-4 ? ' (agree)' : ' (DIFFER)'}`),
        `same[1:-1, 1:-1] = valid: max |difference| = ${centre.toExponential(1)}${centre < 1e-4 ? ' (equal)' : ''}`,
      ].join('\n')
    : error ?? 'Computing…';
  return (
    <LessonFrame
      n={3}
      title="Sobel by hand vs the layer"
      intro={
        <p>
          The notebook computes the horizontal Sobel response of the 512×512 cameraman twice: with a plain double loop over every pixel, and with a <code>Conv2D(1, 3)</code> layer whose{' '}
          <code>kernel_initializer</code> returns the Sobel kernel. Both are cross-correlations, so they agree to float rounding. With <code>padding=&apos;valid&apos;</code> the
          output loses one pixel per side (510×510); with <code>&apos;same&apos;</code> it stays 512×512, and its centre is the valid result.
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
