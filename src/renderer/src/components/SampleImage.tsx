import { useEffect, useRef } from 'react';

/** One 8-bit image (H × W × C bytes) on a canvas, one pixel per value, scaled up without smoothing. */
export function SampleImage({
  pixels,
  height,
  width,
  channels,
  scale = 2,
  className,
}: {
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
  scale?: number;
  className?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const image = context.createImageData(width, height);
    for (let p = 0; p < width * height; p++) {
      const r = pixels[p * channels]!;
      image.data[p * 4] = r;
      image.data[p * 4 + 1] = channels === 3 ? pixels[p * 3 + 1]! : r;
      image.data[p * 4 + 2] = channels === 3 ? pixels[p * 3 + 2]! : r;
      image.data[p * 4 + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [pixels, height, width, channels]);
  return (
    <canvas
      ref={ref}
      width={width}
      height={height}
      className={className}
      style={{ width: width * scale, height: height * scale, imageRendering: 'pixelated' }}
    />
  );
}
