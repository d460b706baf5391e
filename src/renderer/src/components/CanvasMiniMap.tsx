/**
 * The minimap, only where it helps and never over a node: hidden while the whole network is in view
 * or the canvas is small, and moved to whichever right-hand corner has no node under it (hidden if
 * both have).
 */
import { MiniMap, useStore, type ReactFlowState } from '@xyflow/react';

const MAP = { width: 200, height: 150, margin: 15 };
/** Below this canvas size a minimap would take too much of it. */
const MIN_CANVAS = { width: 560, height: 420 };

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const overlaps = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

type Placement = 'bottom-right' | 'top-right' | null;

/**
 * Where the minimap goes, read from React Flow's store: a string, so the minimap re-renders only when its
 * place changes, not on every frame of a pan (a 1,000-layer network is 1,000 boxes to test each frame).
 */
function placement(s: ReactFlowState): Placement {
  const { width, height } = s;
  const [tx, ty, zoom] = s.transform;
  if (width < MIN_CANVAS.width || height < MIN_CANVAS.height || s.nodeLookup.size === 0) return null;
  const corners = {
    'bottom-right': { left: width - MAP.margin - MAP.width, top: height - MAP.margin - MAP.height, right: width - MAP.margin, bottom: height - MAP.margin },
    'top-right': { left: width - MAP.margin - MAP.width, top: MAP.margin, right: width - MAP.margin, bottom: MAP.margin + MAP.height },
  } as const;
  let allVisible = true;
  const taken = { 'bottom-right': false, 'top-right': false };
  for (const n of s.nodeLookup.values()) {
    const left = n.internals.positionAbsolute.x * zoom + tx;
    const top = n.internals.positionAbsolute.y * zoom + ty;
    const box = { left, top, right: left + (n.measured.width ?? 150) * zoom, bottom: top + (n.measured.height ?? 60) * zoom };
    if (box.left < 0 || box.top < 0 || box.right > width || box.bottom > height) allVisible = false;
    if (overlaps(box, corners['bottom-right'])) taken['bottom-right'] = true;
    if (overlaps(box, corners['top-right'])) taken['top-right'] = true;
  }
  if (allVisible) return null;
  return !taken['bottom-right'] ? 'bottom-right' : !taken['top-right'] ? 'top-right' : null;
}

export function CanvasMiniMap() {
  const free = useStore(placement);
  if (!free) return null;
  return <MiniMap pannable zoomable position={free} data-testid="minimap" style={{ width: MAP.width, height: MAP.height }} />;
}
