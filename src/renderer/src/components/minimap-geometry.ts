/**
 * The minimap's arithmetic, apart from React and the canvas: which part of the flow the map shows,
 * and how map pixels and flow coordinates convert. As React Flow's own minimap: the map shows the
 * nodes and the current view together, scaled to fit and centred.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Map pixel = (flow − origin) · scale. */
export interface MapFrame {
  originX: number;
  originY: number;
  scale: number;
}

/** A viewport transform as React Flow keeps it: screen = flow · zoom + (x, y). */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** The part of the flow a canvas of `width` × `height` shows under `view`. */
export function visibleBox(view: Viewport, width: number, height: number): Box {
  return { x: -view.x / view.zoom, y: -view.y / view.zoom, width: width / view.zoom, height: height / view.zoom };
}

/** A frame that fits `content` into a map of `mapWidth` × `mapHeight` pixels, centred, with `pad` pixels all round. */
export function fitFrame(content: Box, mapWidth: number, mapHeight: number, pad = 6): MapFrame {
  const innerW = Math.max(1, mapWidth - 2 * pad);
  const innerH = Math.max(1, mapHeight - 2 * pad);
  const scale = Math.min(innerW / Math.max(content.width, 1), innerH / Math.max(content.height, 1));
  return {
    scale,
    originX: content.x - (mapWidth / scale - content.width) / 2,
    originY: content.y - (mapHeight / scale - content.height) / 2,
  };
}

export function toMap(frame: MapFrame, box: Box): Box {
  return {
    x: (box.x - frame.originX) * frame.scale,
    y: (box.y - frame.originY) * frame.scale,
    width: box.width * frame.scale,
    height: box.height * frame.scale,
  };
}

export function toFlow(frame: MapFrame, px: number, py: number): { x: number; y: number } {
  return { x: px / frame.scale + frame.originX, y: py / frame.scale + frame.originY };
}

/** The viewport that puts flow point (`fx`, `fy`) at the centre of a `width` × `height` canvas at `zoom`. */
export function centredOn(fx: number, fy: number, zoom: number, width: number, height: number): Viewport {
  return { x: width / 2 - fx * zoom, y: height / 2 - fy * zoom, zoom };
}

/** A wheel step's zoom, kept within React Flow's limits (about 1.2× per notch of 100). */
export function wheelZoom(zoom: number, deltaY: number, minZoom: number, maxZoom: number): number {
  return Math.min(maxZoom, Math.max(minZoom, zoom * Math.pow(2, -deltaY / 400)));
}
