import { useState } from 'react';
import type { TensorView } from '../../../../shared/api/training-protocol';
import type { ValueRange } from '../../../../shared/viz/colormap';
import { mapGeometry, rangeFor } from '../../../../shared/viz/tensor-views';
import { useVizStore } from '../../store/viz-store';
import { fitScale, TensorCanvas } from './TensorCanvas';

const TILE = 88;
/** Channels drawn before "show all" (a 512-channel layer would be thousands of canvases). */
const FIRST_CHANNELS = 64;

/** One tile per channel of a node's output; hover reads a value, click enlarges. */
export function FeatureMaps({ tensor, networkRange, title }: { tensor: TensorView; networkRange: ValueRange; title?: string }) {
  const { normalize, colormap, set } = useVizStore();
  const [all, setAll] = useState(false);
  const { height, width, channels } = mapGeometry(tensor.shape);
  const shown = all ? channels : Math.min(channels, FIRST_CHANNELS);
  const scale = fitScale(height, width, channels === 1 ? 4 * TILE : TILE);
  return (
    <section className="feature-maps" data-testid={`feature-maps-${tensor.nodeId}`}>
      {title && <h4>{title}</h4>}
      <div className="feature-maps__grid">
        {Array.from({ length: shown }, (_, c) => (
          <figure key={c} className="feature-maps__tile">
            <TensorCanvas
              height={height}
              width={width}
              at={(i) => tensor.values[i * channels + c]!}
              range={rangeFor(normalize, tensor, c, networkRange)}
              colormap={colormap}
              scale={scale}
              testId="feature-map"
              attrs={{ channel: c }}
              version={tensor.values}
              title={`channel ${c} — click to enlarge`}
              onHover={(p) =>
                set({
                  hover: p && { nodeId: tensor.nodeId, row: p.row, col: p.col, channel: c, value: tensor.values[(p.row * width + p.col) * channels + c]! },
                })
              }
              onClick={() => set({ enlarged: { nodeId: tensor.nodeId, channel: c } })}
            />
            <figcaption>{c}</figcaption>
          </figure>
        ))}
      </div>
      {shown < channels && (
        <button className="link" data-testid="viz-show-all-channels" onClick={() => setAll(true)}>
          show all {channels} channels
        </button>
      )}
    </section>
  );
}
