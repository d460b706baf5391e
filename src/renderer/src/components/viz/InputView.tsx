import { useEffect, useMemo, useRef } from 'react';
import type { TensorView } from '../../../../shared/api/training-protocol';
import { paintPicture } from '../../../../shared/viz/colormap';
import { mapGeometry, rangeOf, receptiveWindow } from '../../../../shared/viz/tensor-views';
import { useAnalysis } from '../../store/use-analysis';
import { useVizStore } from '../../store/viz-store';
import { fitScale } from './TensorCanvas';

/** The exact tensor the network got, with the hovered value's receptive field outlined on it. */
export function InputView({ input }: { input: TensorView }) {
  const hover = useVizStore((s) => s.hover);
  const analysis = useAnalysis();
  const ref = useRef<HTMLCanvasElement>(null);
  const { height, width, channels } = mapGeometry(input.shape);
  const range = useMemo(() => rangeOf(input), [input]);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(width, height);
    paintPicture(input.values, width * height, channels, range, image.data);
    context.putImageData(image, 0, 0);
  }, [input, width, height, channels, range]);
  const field = hover ? analysis.nodes[hover.nodeId]?.receptiveField : undefined;
  const box = hover && field ? receptiveWindow(field, hover.row, hover.col, { height, width }) : null;
  const scale = fitScale(height, width, 256);
  return (
    <figure className="viz-input-view">
      <div className="viz-input-view__frame" style={{ width: width * scale, height: height * scale }}>
        <canvas
          ref={ref}
          className="tensor-canvas"
          width={width}
          height={height}
          style={{ width: width * scale, height: height * scale }}
          data-testid="viz-input-tensor"
        />
        {box && (
          <div
            className="receptive-field"
            data-testid="receptive-field"
            data-box={`${box.top},${box.left},${box.bottom},${box.right}`}
            style={{ top: box.top * scale, left: box.left * scale, height: (box.bottom - box.top + 1) * scale, width: (box.right - box.left + 1) * scale }}
          />
        )}
      </div>
      <figcaption>
        Input as the network gets it: {input.shape.join(' × ')}, values {range.min.toFixed(3)} … {range.max.toFixed(3)}
        {box ? ` · receptive field rows ${box.top}–${box.bottom}, columns ${box.left}–${box.right}` : ''}
      </figcaption>
    </figure>
  );
}
