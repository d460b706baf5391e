/**
 * The diagram as a PNG: the SVG drawn by the browser onto a canvas at twice its size (sharp on
 * high-density screens and projectors), then encoded. The renderer's job because it needs a canvas.
 */

/** Browsers refuse canvases above about 16k pixels a side; a larger diagram is drawn smaller. */
const MAX_SIDE = 16_384;

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('the browser could not draw the SVG'));
    image.src = url;
  });
}

/** The SVG's own size, from its `width` / `height` attributes (what the image loads at). */
function svgSize(svg: string, image: HTMLImageElement): { width: number; height: number } {
  const tag = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const attribute = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(tag)?.[1]);
  return { width: attribute('width') || image.naturalWidth, height: attribute('height') || image.naturalHeight };
}

export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = await loadImage(url);
    const { width, height } = svgSize(svg, image);
    const factor = Math.min(scale, MAX_SIDE / width, MAX_SIDE / height);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * factor));
    canvas.height = Math.max(1, Math.round(height * factor));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas is available');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the canvas could not be encoded as PNG');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
