import { useEffect, useRef } from 'react';
import type { Tensor3 } from '../../../shared/lab/tensor';
import { paintPicture } from '../../../shared/viz/colormap';
import { fitScale, pixelAt } from '../components/viz/TensorCanvas';
import { exportPng } from './LabPanel';
import { useLabStore } from './lab-store';

/** The input image as it goes in (values 0…1 shown as gray or RGB, one pixel per value). */
export function ImagePanel({ image, title }: { image: Tensor3; title: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const figure = useRef<HTMLElement>(null);
  const set = useLabStore((s) => s.set);
  const { height, width, channels } = image;
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    const data = context.createImageData(width, height);
    paintPicture(image.data, width * height, channels, { min: 0, max: 1 }, data.data);
    context.putImageData(data, 0, 0);
  }, [image, width, height, channels]);
  const scale = fitScale(height, width, 280);
  return (
    <figure className="lab-panel" ref={figure} data-testid="lab-panel-input">
      <figcaption>
        <span>{title}</span>
        <button className="link" data-testid="lab-export-input" onClick={() => exportPng(figure.current, 'input')}>
          PNG
        </button>
      </figcaption>
      <canvas
        ref={ref}
        className="tensor-canvas"
        width={width}
        height={height}
        style={{ width: width * scale, height: height * scale }}
        data-testid="lab-input"
        data-height={height}
        data-width={width}
        onMouseMove={(e) => {
          const { row, col } = pixelAt(e, height, width);
          set({ hover: { panel: 'input', row, col, channel: 0, value: image.data[(row * width + col) * channels]! } });
        }}
        onMouseLeave={() => set({ hover: null })}
      />
    </figure>
  );
}
