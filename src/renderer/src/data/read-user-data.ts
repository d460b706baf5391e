/**
 * Reads the user's own data from picked files, in the renderer (so both hosts share it): a CSV, an IDX
 * image + label pair (plain or .gz), or an image folder with one sub-folder per class (as Keras'
 * `image_dataset_from_directory` reads it), decoded by the browser and resized to the Input's size.
 */
import { checkUserDataSize, parseCsvImages, parseIdxPair, type LabelledImages } from '../../../shared/data/user-data';
import { bytesOf } from './unpack';

const IMAGE_FILE = /\.(png|jpe?g|gif|bmp|webp)$/i;

const baseName = (name: string) => name.replace(/\.gz$/i, '').replace(/\.[^.]+$/, '');

async function readIdxPair(files: File[]): Promise<LabelledImages> {
  const named = await Promise.all(files.map(async (file) => ({ name: file.name, bytes: await bytesOf(file) })));
  const images = named.find((f) => f.bytes[2] === 0x08 && f.bytes[3] === 3);
  return parseIdxPair(named, baseName(images?.name ?? files[0]!.name));
}

/** Decodes every image under `<root>/<class>/…`, resized to height × width, gray or RGB. */
async function readFolder(files: File[], height: number, width: number, channels: number): Promise<LabelledImages> {
  const images = files.filter((f) => IMAGE_FILE.test(f.name) && f.webkitRelativePath.split('/').length >= 3);
  if (images.length === 0) throw new Error('No images found: pick a folder with one sub-folder per class (e.g. data/cats/…, data/dogs/…).');
  const classOf = (f: File) => f.webkitRelativePath.split('/')[1]!;
  const classNames = [...new Set(images.map(classOf))].sort();
  if (classNames.length < 2) throw new Error(`Only one class folder ("${classNames[0]}") was found: classification needs at least two.`);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  const pixels = new Uint8Array(images.length * height * width * channels);
  const labels = new Uint8Array(images.length);
  for (const [i, file] of images.entries()) {
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(file);
    } catch {
      throw new Error(`${file.webkitRelativePath} could not be decoded as an image.`);
    }
    context.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const rgba = context.getImageData(0, 0, width, height).data;
    for (let p = 0; p < width * height; p++) {
      const [r, g, b] = [rgba[p * 4]!, rgba[p * 4 + 1]!, rgba[p * 4 + 2]!];
      if (channels === 1) pixels[i * width * height + p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      else pixels.set([r, g, b], (i * width * height + p) * 3);
    }
    labels[i] = classNames.indexOf(classOf(file));
  }
  return { name: images[0]!.webkitRelativePath.split('/')[0]!, height, width, channels, classNames, images: pixels, labels };
}

/** What the user picked, as labelled images; `inputShape` sizes decoded folder images. */
export async function readUserData(files: File[], inputShape: number[] | undefined): Promise<LabelledImages> {
  if (files.length === 0) throw new Error('No file was picked.');
  if (files.some((f) => f.webkitRelativePath)) {
    const [height, width, channels] = inputShape?.length === 3 ? inputShape : [28, 28, 1];
    return readFolder(files, height!, width!, channels === 3 ? 3 : 1);
  }
  if (files.length === 1 && /\.csv$/i.test(files[0]!.name)) {
    checkUserDataSize(files[0]!.name, files[0]!.size);
    return parseCsvImages(await files[0]!.text(), baseName(files[0]!.name));
  }
  return readIdxPair(files);
}
