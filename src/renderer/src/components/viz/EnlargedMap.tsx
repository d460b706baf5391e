import { useEffect, useRef } from 'react';
import type { TensorView } from '../../../../shared/api/training-protocol';
import type { ValueRange } from '../../../../shared/viz/colormap';
import { channelCsv, mapGeometry, rangeFor } from '../../../../shared/viz/tensor-views';
import { useShallow } from 'zustand/react/shallow';
import { useVizStore } from '../../store/viz-store';
import { downloadText } from '../../viz/download';
import { fitScale, TensorCanvas } from './TensorCanvas';

/** The panel's width less its padding: the enlarged map never widens the sidebar. */
const MAX_SIDE = 320;

/** One channel, large, inside the panel, with hover and "save the values" (CSV: one line per row); Escape or × closes it. */
export function EnlargedMap({ tensor, channel, name, networkRange }: { tensor: TensorView; channel: number; name: string; networkRange: ValueRange }) {
  const { normalize, colormap, set } = useVizStore(useShallow((s) => ({ normalize: s.normalize, colormap: s.colormap, set: s.set })));
  const { height, width, channels } = mapGeometry(tensor.shape);
  const range = rangeFor(normalize, tensor, channel, networkRange);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [tensor.nodeId, channel]);
  useEffect(() => {
    const close = (e: KeyboardEvent) => {
      if (e.key === 'Escape') set({ enlarged: null });
    };
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [set]);
  return (
    <div ref={ref} className="viz-enlarged" data-testid="viz-enlarged" role="group" aria-label={`${name} channel ${channel}`}>
      <header>
        <strong>
          {name}, channel {channel}: {height} × {width}
        </strong>
        <button data-testid="viz-export-values" onClick={() => downloadText(`${name}-channel-${channel}.csv`, channelCsv(tensor, channel))}>
          Save values (CSV)
        </button>
        <button data-testid="viz-enlarged-close" onClick={() => set({ enlarged: null })} aria-label="Close">
          ×
        </button>
      </header>
      <TensorCanvas
        height={height}
        width={width}
        at={(i) => tensor.values[i * channels + channel]!}
        range={range}
        colormap={colormap}
        scale={fitScale(height, width, MAX_SIDE)}
        testId="viz-enlarged-map"
        version={tensor.values}
        onHover={(p) =>
          set({ hover: p && { nodeId: tensor.nodeId, row: p.row, col: p.col, channel, value: tensor.values[(p.row * width + p.col) * channels + channel]! } })
        }
      />
    </div>
  );
}
