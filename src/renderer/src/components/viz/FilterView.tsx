import { useEffect, useMemo, useRef, useState } from 'react';
import type { TensorView } from '../../../../shared/api/training-protocol';
import { filterPlane, kernelLayout, type KernelLayout } from '../../../../shared/viz/tensor-views';
import { useShallow } from 'zustand/react/shallow';
import { useVizStore } from '../../store/viz-store';
import { Histogram } from './Histogram';
import { fitScale, TensorCanvas } from './TensorCanvas';

const TILE = 44;
/** Kernels up to this size also show their numbers in a grid. */
const GRID_MAX = 5;

/** An RGB composite of one filter over 3 input channels: weights mapped symmetrically around 0 → 128. */
function RgbFilter({
  kernel,
  layout,
  f,
  maxAbs,
  scale,
  onHover,
}: {
  kernel: Float32Array;
  layout: KernelLayout;
  f: number;
  maxAbs: number;
  scale: number;
  onHover(): void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(layout.kw, layout.kh);
    for (let r = 0; r < layout.kh; r++) {
      for (let c = 0; c < layout.kw; c++) {
        for (let ch = 0; ch < 3; ch++) image.data[(r * layout.kw + c) * 4 + ch] = Math.round(128 + (kernel[layout.index(r, c, ch, f)]! / (maxAbs || 1)) * 127);
        image.data[(r * layout.kw + c) * 4 + 3] = 255;
      }
    }
    context.putImageData(image, 0, 0);
  }, [kernel, layout, f, maxAbs]);
  return (
    <canvas
      ref={ref}
      className="tensor-canvas"
      width={layout.kw}
      height={layout.kh}
      style={{ width: layout.kw * scale, height: layout.kh * scale }}
      data-testid="filter"
      data-filter={f}
      onMouseEnter={onHover}
    />
  );
}

function largestMagnitude(values: Float32Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

/** A convolution's learned kernels, one small image per filter, with exact numbers and histograms. */
export function FilterView({
  nodeId,
  layerType,
  kernel,
  bias,
  rgbInput,
}: {
  nodeId: string;
  layerType: string;
  kernel: TensorView;
  bias?: TensorView;
  rgbInput: boolean;
}) {
  const { colormap, filterChannel, set } = useVizStore(useShallow((s) => ({ colormap: s.colormap, filterChannel: s.filterChannel, set: s.set })));
  const [picked, setPicked] = useState(0);
  const maxAbs = useMemo(() => largestMagnitude(kernel.values), [kernel.values]);
  const layout = kernelLayout(layerType, kernel.shape);
  if (!layout) return null;
  const rgb = rgbInput && layout.inChannels === 3;
  const channel = Math.min(filterChannel, layout.inChannels - 1);
  const range = { min: -maxAbs, max: maxAbs };
  const scale = fitScale(layout.kh, layout.kw, TILE);
  const shown = Math.min(layout.filters, 256);
  const numbers = filterPlane(kernel.values, layout, Math.min(picked, layout.filters - 1), rgb ? 0 : channel);
  return (
    <section className="filters" data-testid={`filters-${nodeId}`}>
      <h4>
        Filters: {layout.filters} × {layout.kh}×{layout.kw}
        {layout.inChannels > 1 ? ` × ${layout.inChannels} input channels` : ''}
        {rgb ? ' (RGB composites: the three input-channel kernels as red, green, blue; gray = 0)' : ''}
      </h4>
      {!rgb && layout.inChannels > 1 && (
        <label className="option">
          <span>Input channel</span>
          <select data-testid="viz-filter-channel" value={channel} onChange={(e) => set({ filterChannel: Number(e.target.value) })}>
            {Array.from({ length: layout.inChannels }, (_, i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="filters__grid">
        {Array.from({ length: shown }, (_, f) =>
          rgb ? (
            <RgbFilter key={f} kernel={kernel.values} layout={layout} f={f} maxAbs={maxAbs} scale={scale} onHover={() => setPicked(f)} />
          ) : (
            <span key={f} onMouseEnter={() => setPicked(f)}>
              <TensorCanvas
                height={layout.kh}
                width={layout.kw}
                at={(i) => kernel.values[layout.index(Math.floor(i / layout.kw), i % layout.kw, channel, f)]!}
                range={range}
                colormap={colormap}
                scale={scale}
                testId="filter"
                attrs={{ filter: f }}
                version={kernel.values}
                title={`filter ${f}`}
              />
            </span>
          ),
        )}
      </div>
      {layout.kh <= GRID_MAX && layout.kw <= GRID_MAX && (
        <table className="filter-values" data-testid="filter-values">
          <caption>
            Filter {Math.min(picked, layout.filters - 1)}
            {rgb ? ', red (input channel 0)' : layout.inChannels > 1 ? `, input channel ${channel}` : ''}
            {bias && bias.values[Math.min(picked, layout.filters - 1)] !== undefined
              ? `, bias ${bias.values[Math.min(picked, layout.filters - 1)]!.toFixed(4)}`
              : ''}{' '}
            — hover a filter
          </caption>
          <tbody>
            {Array.from({ length: layout.kh }, (_, r) => (
              <tr key={r}>
                {Array.from({ length: layout.kw }, (_, c) => (
                  <td key={c} className="num">
                    {numbers[r * layout.kw + c]!.toFixed(3)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="histograms">
        <Histogram values={kernel.values} label="weights" testId={`weights-histogram-${nodeId}`} />
        {bias && <Histogram values={bias.values} label="biases" testId={`bias-histogram-${nodeId}`} />}
      </div>
    </section>
  );
}
