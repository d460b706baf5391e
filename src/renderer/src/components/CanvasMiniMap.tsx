/**
 * The minimap, only where it helps and never over a node: hidden while the whole network is in view
 * or the canvas is small, and moved to whichever right-hand corner has no node under it (hidden if
 * both have).
 */
import { useEffect, useRef } from 'react';
import { Panel, useReactFlow, useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { centredOn, fitFrame, toFlow, toMap, union, visibleBox, wheelZoom, type MapFrame } from './minimap-geometry';

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

const colours = (el: HTMLElement) => {
  const css = getComputedStyle(el);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: read('--minimap-bg', '#ffffff'),
    node: read('--minimap-node', '#c3c9d5'),
    selected: read('--accent', '#2f6fed'),
    mask: read('--minimap-mask', 'rgba(240, 242, 245, 0.6)'),
    view: read('--minimap-view', '#667085'),
  };
};

/** What the map shows now: the nodes and the view, fitted into the map. */
function currentFrame(s: ReactFlowState): MapFrame {
  let content = visibleBox({ x: s.transform[0], y: s.transform[1], zoom: s.transform[2] }, s.width, s.height);
  for (const n of s.nodeLookup.values()) {
    const p = n.internals.positionAbsolute;
    content = union(content, { x: p.x, y: p.y, width: n.measured.width ?? 150, height: n.measured.height ?? 60 });
  }
  return fitFrame(content, MAP.width, MAP.height);
}

function draw(canvas: HTMLCanvasElement, s: ReactFlowState, frame: MapFrame) {
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(MAP.width * dpr)) {
    canvas.width = Math.round(MAP.width * dpr);
    canvas.height = Math.round(MAP.height * dpr);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const c = colours(canvas);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = c.background;
  ctx.fillRect(0, 0, MAP.width, MAP.height);
  for (const selected of [false, true]) {
    ctx.fillStyle = selected ? c.selected : c.node;
    ctx.beginPath();
    for (const n of s.nodeLookup.values()) {
      if (Boolean(n.selected) !== selected) continue;
      const p = n.internals.positionAbsolute;
      const b = toMap(frame, { x: p.x, y: p.y, width: n.measured.width ?? 150, height: n.measured.height ?? 60 });
      // At least a pixel, so a long network's layers stay visible as a column of marks.
      ctx.rect(b.x, b.y, Math.max(1, b.width), Math.max(1, b.height));
    }
    ctx.fill();
  }
  // Shade what is outside the view, then outline the view.
  const v = toMap(frame, visibleBox({ x: s.transform[0], y: s.transform[1], zoom: s.transform[2] }, s.width, s.height));
  ctx.fillStyle = c.mask;
  ctx.beginPath();
  ctx.rect(0, 0, MAP.width, MAP.height);
  ctx.rect(v.x, v.y, v.width, v.height);
  ctx.fill('evenodd');
  ctx.strokeStyle = c.view;
  ctx.lineWidth = 1;
  ctx.strokeRect(v.x + 0.5, v.y + 0.5, Math.max(0, v.width - 1), Math.max(0, v.height - 1));
}

/**
 * One `<canvas>`, repainted at most once a frame when the nodes, the view or the canvas size change.
 * React Flow's own minimap renders an SVG element and a store selector per node, which on a 1,000-layer
 * network is 1,000 selectors run on every frame of a pan. Press or drag on the map to move the view
 * there; the wheel zooms.
 */
function MapCanvas({ placement }: { placement: Exclude<Placement, null> }) {
  const store = useStoreApi();
  const { setViewport } = useReactFlow();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  /** While a press lasts the map keeps its frame, so the point under the pointer does not slide. */
  const held = useRef<MapFrame | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let pending = 0;
    const paint = () => {
      pending = 0;
      const s = store.getState();
      draw(canvas, s, held.current ?? currentFrame(s));
    };
    const schedule = () => {
      if (!pending) pending = requestAnimationFrame(paint);
    };
    paint();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.nodeLookup !== prev.nodeLookup || s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) schedule();
    });
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', schedule);
    return () => {
      unsubscribe();
      scheme.removeEventListener('change', schedule);
      if (pending) cancelAnimationFrame(pending);
    };
  }, [store]);

  // A non-passive wheel listener: the page must not scroll while the map zooms.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const s = store.getState();
      const [tx, ty, zoom] = s.transform;
      const centre = { x: (s.width / 2 - tx) / zoom, y: (s.height / 2 - ty) / zoom };
      const next = wheelZoom(zoom, e.deltaY, s.minZoom, s.maxZoom);
      void setViewport(centredOn(centre.x, centre.y, next, s.width, s.height));
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [store, setViewport]);

  const moveTo = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const frame = held.current;
    if (!frame) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const s = store.getState();
    const at = toFlow(frame, ((e.clientX - rect.left) / rect.width) * MAP.width, ((e.clientY - rect.top) / rect.height) * MAP.height);
    void setViewport(centredOn(at.x, at.y, s.transform[2], s.width, s.height));
  };

  return (
    <Panel position={placement} className="minimap">
      <canvas
        ref={canvasRef}
        data-testid="minimap"
        className="minimap__canvas"
        role="img"
        aria-label="Minimap of the network: press or drag to move the view, use the wheel to zoom"
        style={{ width: MAP.width, height: MAP.height }}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          held.current = currentFrame(store.getState());
          moveTo(e);
        }}
        onPointerMove={moveTo}
        onPointerUp={(e) => {
          e.currentTarget.releasePointerCapture(e.pointerId);
          held.current = null;
        }}
        onPointerCancel={() => (held.current = null)}
      />
    </Panel>
  );
}

export function CanvasMiniMap() {
  const free = useStore(placement);
  if (!free) return null;
  return <MapCanvas placement={free} />;
}
