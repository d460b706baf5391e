import { useRef, type ReactNode } from 'react';
import type { ValueRange } from '../../../shared/viz/colormap';
import type { Tensor3 } from '../../../shared/lab/tensor';
import { fitScale, TensorCanvas } from '../components/viz/TensorCanvas';
import { downloadBlob } from '../viz/download';
import { useLabStore } from './lab-store';

/** Saves the first canvas inside `element` as a PNG (one canvas pixel per value, as computed). */
export function exportPng(element: HTMLElement | null, name: string): void {
  const canvas = element?.querySelector('canvas');
  canvas?.toBlob((blob) => blob && downloadBlob(`${name}.png`, blob));
}

/** One labelled tensor panel: a canvas per channel, hover to read values, export as PNG. */
export function LabPanel({
  id,
  title,
  tensor,
  range,
  testId,
  target = 280,
  extra,
}: {
  id: string;
  title: string;
  tensor: Tensor3;
  range: ValueRange;
  testId: string;
  target?: number;
  extra?: ReactNode;
}) {
  const ref = useRef<HTMLElement>(null);
  const setHover = useLabStore((s) => s.set);
  const { height, width, channels } = tensor;
  return (
    <figure className="lab-panel" ref={ref} data-testid={`lab-panel-${id}`}>
      <figcaption>
        <span>{title}</span>
        <button className="link" data-testid={`lab-export-${id}`} onClick={() => exportPng(ref.current, id)} title="Save this panel as a PNG">
          PNG
        </button>
        {extra}
      </figcaption>
      <div className="lab-panel__channels">
        {Array.from({ length: channels }, (_, c) => (
          <TensorCanvas
            key={c}
            height={height}
            width={width}
            at={(i) => tensor.data[i * channels + c]!}
            range={range}
            colormap="diverging"
            scale={fitScale(height, width, channels > 1 ? target / 2 : target)}
            testId={c === 0 ? testId : `${testId}-c${c}`}
            attrs={{ channel: c }}
            version={tensor.data}
            onHover={(p) =>
              setHover({ hover: p && { panel: title, row: p.row, col: p.col, channel: c, value: tensor.data[(p.row * width + p.col) * channels + c]! } })
            }
          />
        ))}
      </div>
    </figure>
  );
}
