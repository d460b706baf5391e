/**
 * Image files → 8-bit pictures the worker can convert to the Input. Decoding skips colour management
 * so the bytes are the file's own (the values a Python notebook reads), and a picture whose pixels are
 * all gray (R = G = B) becomes one channel.
 */
import type { Picture } from '../../../shared/api/training-protocol';

export async function decodePicture(source: Blob): Promise<Picture> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(source, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    throw new Error('This file is not an image the app can read (PNG, JPEG, GIF, WebP or BMP).');
  }
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { colorSpace: 'srgb' })!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  let gray = true;
  for (let i = 0; i < rgba.length && gray; i += 4) gray = rgba[i] === rgba[i + 1] && rgba[i] === rgba[i + 2];
  const channels = gray ? 1 : 3;
  const pixels = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    if (gray) pixels[p] = rgba[p * 4]!;
    else for (let c = 0; c < 3; c++) pixels[p * 3 + c] = rgba[p * 4 + c]!;
  }
  return { pixels, height, width, channels };
}

export async function pictureFromUrl(url: string): Promise<Picture> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${url} (${response.status}).`);
  return decodePicture(await response.blob());
}

/** The i-th image of a dataset sample batch as a picture. */
export function samplePicture(s: { images: Uint8Array; height: number; width: number; channels: 1 | 3 }, i: number): Picture {
  const size = s.height * s.width * s.channels;
  return { pixels: s.images.slice(i * size, (i + 1) * size), height: s.height, width: s.width, channels: s.channels };
}
