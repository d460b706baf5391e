/**
 * The minimap, only where it helps and never over a node: hidden while the whole network is in view
 * or the canvas is small, and moved to whichever right-hand corner has no node under it (hidden if
 * both have).
 */
import { MiniMap, useNodes, useStore } from '@xyflow/react';

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

export function CanvasMiniMap() {
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const [tx, ty, zoom] = useStore((s) => s.transform);
  const nodes = useNodes();
  if (width < MIN_CANVAS.width || height < MIN_CANVAS.height || nodes.length === 0) return null;
  const boxes: Rect[] = nodes.map((n) => {
    const left = n.position.x * zoom + tx;
    const top = n.position.y * zoom + ty;
    return { left, top, right: left + (n.measured?.width ?? 150) * zoom, bottom: top + (n.measured?.height ?? 60) * zoom };
  });
  const allVisible = boxes.every((b) => b.left >= 0 && b.top >= 0 && b.right <= width && b.bottom <= height);
  if (allVisible) return null;
  const corners = {
    'bottom-right': { left: width - MAP.margin - MAP.width, top: height - MAP.margin - MAP.height, right: width - MAP.margin, bottom: height - MAP.margin },
    'top-right': { left: width - MAP.margin - MAP.width, top: MAP.margin, right: width - MAP.margin, bottom: MAP.margin + MAP.height },
  } as const;
  const free = (Object.keys(corners) as (keyof typeof corners)[]).find((corner) => !boxes.some((b) => overlaps(b, corners[corner])));
  if (!free) return null;
  return <MiniMap pannable zoomable position={free} data-testid="minimap" style={{ width: MAP.width, height: MAP.height }} />;
}
