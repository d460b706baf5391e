import { memo, useMemo, useRef, useState } from 'react';
import type { TensorView } from '../../../../shared/api/training-protocol';
import { paintFilterAtlas, paintRgbFilterAtlas, tileOf } from '../../../../shared/viz/atlas';
import { filterPlane, kernelLayout } from '../../../../shared/viz/tensor-views';
import { useShallow } from 'zustand/react/shallow';
import { useVizStore } from '../../store/viz-store';
import { Histogram } from './Histogram';
import { fitScale, TensorCanvas } from './TensorCanvas';
import { useBitmap, useOnScreen, useShownValue } from './use-atlas';

const TILE = 44;
/** Kernels up to this size also show their numbers in a grid. */
const GRID_MAX = 5;

function largestMagnitude(values: Float32Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

interface FilterProps {
  nodeId: string;
  layerType: string;
  kernel: TensorView;
  bias?: TensorView;
  rgbInput: boolean;
}

/**
 * A convolution's learned kernels, one small image per filter, with exact numbers and histograms. Off
 * screen, it keeps what it last showed: a live refresh redraws (and re-counts) only the filters in view.
 */
export function FilterView({ kernel, bias, ...rest }: FilterProps) {
  const section = useRef<HTMLElement>(null);
  const visible = useOnScreen(section);
  const shownKernel = useShownValue(kernel, visible);
  const shownBias = useShownValue(bias, visible);
  return (
    <section className="filters" data-testid={`filters-${rest.nodeId}`} ref={section}>
      <Filters {...rest} kernel={shownKernel} {...(shownBias ? { bias: shownBias } : {})} visible={visible} />
    </section>
  );
}

const Filters = memo(function Filters({ nodeId, layerType, kernel, bias, rgbInput, visible }: FilterProps & { visible: boolean }) {
  const { colormap, filterChannel, set } = useVizStore(useShallow((s) => ({ colormap: s.colormap, filterChannel: s.filterChannel, set: s.set })));
  const [picked, setPicked] = useState(0);
  const maxAbs = useMemo(() => largestMagnitude(kernel.values), [kernel.values]);
  const layout = useMemo(() => kernelLayout(layerType, kernel.shape), [layerType, kernel.shape]);
  const rgb = rgbInput && layout?.inChannels === 3;
  const channel = Math.min(filterChannel, (layout?.inChannels ?? 1) - 1);
  const range = useMemo(() => ({ min: -maxAbs, max: maxAbs }), [maxAbs]);
  const shown = Math.min(layout?.filters ?? 0, 256);
  // One paint per layer, once it is on screen; each filter's canvas then copies its tile.
  const atlas = useMemo(
    () =>
      !visible || !layout
        ? null
        : rgb
          ? paintRgbFilterAtlas(kernel.values, layout, maxAbs, shown)
          : paintFilterAtlas(kernel.values, layout, channel, range, colormap, shown),
    [visible, layout, rgb, kernel.values, maxAbs, shown, channel, range, colormap],
  );
  const bitmap = useBitmap(atlas);
  if (!layout) return null;
  const scale = fitScale(layout.kh, layout.kw, TILE);
  const numbers = filterPlane(kernel.values, layout, Math.min(picked, layout.filters - 1), rgb ? 0 : channel);
  return (
    <>
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
        {Array.from({ length: shown }, (_, f) => (
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
              tile={atlas ? { bitmap, ...tileOf(atlas, f) } : { bitmap: null, x: 0, y: 0 }}
              title={`filter ${f}`}
            />
          </span>
        ))}
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
    </>
  );
});
