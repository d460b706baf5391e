/**
 * Where the canvas looks when a graph is opened, computed from the layers' boxes (measured where React Flow
 * has measured them, the layout's box elsewhere), so a big network is never rendered whole just to be fitted.
 */
import { Position } from '@xyflow/react';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface FitOptions {
  /** Fraction of the canvas left around the network (React Flow's fitView default: 0.1). */
  padding: number;
  minZoom: number;
  maxZoom: number;
  /** Below this zoom text is unreadable: a network that fits only smaller opens at it, from its top. */
  readableZoom: number;
  /** Margin, in screen pixels, above (and left of) a network opened at the readable zoom. */
  marginPx: number;
}

/** The union of the boxes; null for none. */
export function boundsOf(boxes: Iterable<Box>): Box | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const b of boxes) {
    left = Math.min(left, b.x);
    top = Math.min(top, b.y);
    right = Math.max(right, b.x + b.width);
    bottom = Math.max(bottom, b.y + b.height);
  }
  return left === Infinity ? null : { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * The whole network centred in view (as React Flow's fitView), or, when that would be below the readable
 * zoom, the readable zoom with the top of the network in view (centred across if it is narrow enough).
 */
export function openingViewport(bounds: Box, width: number, height: number, o: FitOptions): Viewport {
  const fit = Math.min(width / (bounds.width * (1 + o.padding)), height / (bounds.height * (1 + o.padding)));
  const zoom = Math.max(o.minZoom, Math.min(o.maxZoom, fit));
  if (zoom >= o.readableZoom) return { x: width / 2 - (bounds.x + bounds.width / 2) * zoom, y: height / 2 - (bounds.y + bounds.height / 2) * zoom, zoom };
  const z = o.readableZoom;
  const wide = bounds.width * z;
  const x = wide <= width ? (width - wide) / 2 - bounds.x * z : o.marginPx - bounds.x * z;
  return { x, y: o.marginPx - bounds.y * z, zoom: z };
}

/** Whether any of a box (flow coordinates) is on a canvas of that size under that viewport. */
export function inView(b: Box, width: number, height: number, v: Viewport): boolean {
  const left = b.x * v.zoom + v.x;
  const top = b.y * v.zoom + v.y;
  return left + b.width * v.zoom > 0 && top + b.height * v.zoom > 0 && left < width && top < height;
}

/** Two viewports the same to the eye (under half a pixel apart, same zoom to 1e-4). */
export function sameViewport(a: Viewport, b: Viewport): boolean {
  return Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5 && Math.abs(a.zoom - b.zoom) < 1e-4;
}

/** React Flow's default handle: 6 px and a 1 px border, centred on the node's edge. */
const HANDLE = 8;

/**
 * Where a layer's handles are before React Flow has measured it (top centre in, bottom centre out, on the
 * layout's box): given to React Flow, they spare it rendering every layer once to find them. A source layer
 * (an Input) has no input handle.
 */
export function estimatedHandles(width: number, height: number, hasInput: boolean) {
  const x = width / 2 - HANDLE / 2;
  const source = { type: 'source' as const, position: Position.Bottom, x, y: height - HANDLE / 2, width: HANDLE, height: HANDLE };
  return hasInput ? [{ type: 'target' as const, position: Position.Top, x, y: -HANDLE / 2, width: HANDLE, height: HANDLE }, source] : [source];
}
