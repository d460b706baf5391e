import { useEffect, useRef, type MouseEvent } from 'react';
import { paint, type ColorMap, type ValueRange } from '../../../../shared/viz/colormap';
import { paintQueue } from './paint-queue';

export interface PixelPosition {
  row: number;
  col: number;
}

/**
 * One H × W plane of values as a canvas: one canvas pixel per value, scaled up by CSS with
 * nearest-neighbour (`image-rendering: pixelated`) so pixels stay countable.
 */
export function TensorCanvas(props: {
  height: number;
  width: number;
  /** Value at flat position i = row·width + col. */
  at: (i: number) => number;
  range: ValueRange;
  colormap: ColorMap;
  /** Displayed size of one value, in CSS pixels. */
  scale: number;
  testId: string;
  attrs?: Record<string, string | number>;
  title?: string;
  onHover?: (p: PixelPosition | null) => void;
  onClick?: () => void;
  /** Redraw when this changes (the values behind `at`). */
  version: unknown;
  /** Already painted (a layer's atlas): the tile at (x, y) of this bitmap is copied instead of painting `at`; null while it is made. */
  tile?: { bitmap: ImageBitmap | null; x: number; y: number };
}) {
  const { height, width, at, range, colormap, scale, version, tile } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    // Painted from the paint queue: a refresh's hundreds of canvases are spread over frames.
    paintQueue.schedule(canvas, () => {
      const context = canvas.getContext('2d');
      if (!context) return;
      if (tile) {
        if (tile.bitmap) context.drawImage(tile.bitmap, tile.x, tile.y, width, height, 0, 0, width, height);
        return;
      }
      const image = context.createImageData(width, height);
      paint(width * height, at, range, colormap, image.data);
      context.putImageData(image, 0, 0);
    });
    return () => paintQueue.cancel(canvas);
    // `at` is recreated per render; `version` says when the values really changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, width, height, range.min, range.max, colormap, tile?.bitmap, tile?.x, tile?.y]);
  const position = (e: MouseEvent<HTMLCanvasElement>) => pixelAt(e, height, width);
  return (
    <canvas
      ref={ref}
      className="tensor-canvas"
      width={width}
      height={height}
      style={{ width: width * scale, height: height * scale }}
      data-testid={props.testId}
      data-height={height}
      data-width={width}
      {...Object.fromEntries(Object.entries(props.attrs ?? {}).map(([k, v]) => [`data-${k}`, v]))}
      title={props.title}
      onMouseMove={props.onHover ? (e) => props.onHover!(position(e)) : undefined}
      onMouseLeave={props.onHover ? () => props.onHover!(null) : undefined}
      onClick={props.onClick}
    />
  );
}

/** The value under the mouse on a canvas showing an H × W grid, whatever its CSS size. */
export function pixelAt(e: MouseEvent<HTMLCanvasElement>, height: number, width: number): PixelPosition {
  const rect = e.currentTarget.getBoundingClientRect();
  return {
    row: Math.min(height - 1, Math.max(0, Math.floor(((e.clientY - rect.top) / rect.height) * height))),
    col: Math.min(width - 1, Math.max(0, Math.floor(((e.clientX - rect.left) / rect.width) * width))),
  };
}

/** CSS pixels per value so a tile is about `target` wide, whole numbers when enlarging. */
export function fitScale(height: number, width: number, target: number): number {
  const s = target / Math.max(height, width);
  return s >= 1 ? Math.floor(s) : s;
}
