/**
 * Reads the user's own data from picked files, in the renderer (so both hosts share it): a CSV, an IDX
 * image + label pair (plain or .gz), or an image folder with one sub-folder per class (as Keras'
 * `image_dataset_from_directory` reads it), decoded by the browser and resized to the Input's size.
 */
import { checkUserDataSize, parseCsvImages, parseIdxPair, type LabelledImages } from '../../../shared/data/user-data';
import { readImageFolder, type DecodeResized, type FolderFile } from '../../../shared/data/image-folder';
import { bytesOf } from './unpack';

const baseName = (name: string) => name.replace(/\.gz$/i, '').replace(/\.[^.]+$/, '');

async function readIdxPair(files: File[]): Promise<LabelledImages> {
  const named = await Promise.all(files.map(async (file) => ({ name: file.name, bytes: await bytesOf(file) })));
  const images = named.find((f) => f.bytes[2] === 0x08 && f.bytes[3] === 3);
  return parseIdxPair(named, baseName(images?.name ?? files[0]!.name));
}

/** A picked file as the folder reader sees it. */
type PickedImage = FolderFile & { file: File };

/** The browser's decoder for the folder reader: one canvas of the Input's size, reused for every image. */
function browserDecoder(width: number, height: number): DecodeResized<PickedImage> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  return async ({ file }) => {
    const bitmap = await createImageBitmap(file);
    try {
      context.clearRect(0, 0, width, height);
      context.drawImage(bitmap, 0, 0, width, height);
    } finally {
      bitmap.close();
    }
    return context.getImageData(0, 0, width, height).data;
  };
}

/** What the user picked, as labelled images; `inputShape` sizes decoded folder images. */
export async function readUserData(files: File[], inputShape: number[] | undefined): Promise<LabelledImages> {
  if (files.length === 0) throw new Error('No file was picked.');
  if (files.some((f) => f.webkitRelativePath)) {
    const [height, width, channels] = inputShape?.length === 3 ? inputShape : [28, 28, 1];
    const picked = files.map((file) => ({ path: file.webkitRelativePath || file.name, size: file.size, file }));
    return readImageFolder(picked, { height: height!, width: width!, channels: channels === 3 ? 3 : 1 }, browserDecoder(width!, height!));
  }
  if (files.length === 1 && /\.csv$/i.test(files[0]!.name)) {
    checkUserDataSize(files[0]!.name, files[0]!.size);
    return parseCsvImages(await files[0]!.text(), baseName(files[0]!.name));
  }
  return readIdxPair(files);
}
