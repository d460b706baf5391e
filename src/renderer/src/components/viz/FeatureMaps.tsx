import { memo, useMemo, useRef, useState } from 'react';
import { paintAtlas, rangesFor, tileOf } from '../../../../shared/viz/atlas';
import type { TensorView } from '../../../../shared/api/training-protocol';
import type { ValueRange } from '../../../../shared/viz/colormap';
import { mapGeometry } from '../../../../shared/viz/tensor-views';
import { useShallow } from 'zustand/react/shallow';
import { useVizStore } from '../../store/viz-store';
import { fitScale, TensorCanvas } from './TensorCanvas';
import { useBitmap, useOnScreen, useShownValue } from './use-atlas';

const TILE = 88;
/** Channels drawn before "show all" (a 512-channel layer would be thousands of canvases). */
const FIRST_CHANNELS = 64;

/**
 * One tile per channel of a node's output; hover reads a value, click enlarges. Off screen, the tiles
 * keep what they last showed: a live refresh re-renders and repaints only the layers in view.
 */
export function FeatureMaps({ tensor, networkRange, title }: { tensor: TensorView; networkRange: ValueRange; title?: string }) {
  const section = useRef<HTMLElement>(null);
  const visible = useOnScreen(section);
  return (
    <section className="feature-maps" data-testid={`feature-maps-${tensor.nodeId}`} ref={section}>
      {title && <h4>{title}</h4>}
      <FeatureMapTiles tensor={useShownValue(tensor, visible)} networkRange={useShownValue(networkRange, visible)} visible={visible} />
    </section>
  );
}

const FeatureMapTiles = memo(function FeatureMapTiles({ tensor, networkRange, visible }: { tensor: TensorView; networkRange: ValueRange; visible: boolean }) {
  const { normalize, colormap, set } = useVizStore(useShallow((s) => ({ normalize: s.normalize, colormap: s.colormap, set: s.set })));
  const [all, setAll] = useState(false);
  const { height, width, channels } = mapGeometry(tensor.shape);
  const shown = all ? channels : Math.min(channels, FIRST_CHANNELS);
  const scale = fitScale(height, width, channels === 1 ? 4 * TILE : TILE);
  const ranges = useMemo(() => rangesFor(normalize, tensor, networkRange), [normalize, tensor, networkRange]);
  // One paint per layer, and only once it is on screen; each tile then copies its part of the bitmap.
  const atlas = useMemo(() => (visible ? paintAtlas(tensor, ranges, colormap, shown) : null), [visible, tensor, ranges, colormap, shown]);
  const bitmap = useBitmap(atlas);
  return (
    <>
      <div className="feature-maps__grid">
        {Array.from({ length: shown }, (_, c) => (
          <figure key={c} className="feature-maps__tile">
            <TensorCanvas
              height={height}
              width={width}
              at={(i) => tensor.values[i * channels + c]!}
              range={ranges[c]!}
              colormap={colormap}
              scale={scale}
              testId="feature-map"
              attrs={{ channel: c }}
              version={tensor.values}
              tile={atlas ? { bitmap, ...tileOf(atlas, c) } : { bitmap: null, x: 0, y: 0 }}
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
    </>
  );
});
