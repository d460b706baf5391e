/**
 * An image folder as a dataset: `<root>/<class>/…/<image>` (what Keras' `image_dataset_from_directory`
 * reads), one class per first-level sub-folder. The listing is checked here, before anything is decoded;
 * decoding and resizing are the host's (the renderer hands in the browser's decoder), so the whole reader
 * runs, and is fuzzed, under plain Node.
 */
import { MAX_CLASSES, MAX_USER_DATA_BYTES, type LabelledImages } from './user-data';

/** One picked file: its path below the picked folder's parent (`webkitRelativePath`) and its size in bytes. */
export interface FolderFile {
  path: string;
  size: number;
}

/** The host's decoder: the image resized to width × height as RGBA bytes; it throws when the file is not an image. */
export type DecodeResized<F extends FolderFile> = (file: F, width: number, height: number) => Promise<ArrayLike<number>>;

const IMAGE_FILE = /\.(png|jpe?g|gif|bmp|webp)$/i;
/** One image file larger than this is refused before the browser decodes it (a photo is a few MiB). */
export const MAX_IMAGE_FILE_BYTES = 64 * 2 ** 20;
/** All the image files together: what the browser holds while decoding them one by one. */
export const MAX_FOLDER_BYTES = 2 * 2 ** 30;

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

export interface FolderPlan<F extends FolderFile> {
  name: string;
  classNames: string[];
  /** The images to decode, each with its class index. */
  images: { file: F; label: number }[];
  /** How many picked files are not images and were left out (`.DS_Store`, notes, …). */
  skipped: number;
}

/**
 * Which files are images of which class; throws, with the fix, when the folder cannot be a dataset
 * (no class folders, one class, too many classes, files too big, more pixels than the app holds).
 */
export function planImageFolder<F extends FolderFile>(files: readonly F[], pixelsPerImage: number): FolderPlan<F> {
  const candidates: { file: F; parts: string[] }[] = [];
  let skipped = 0;
  for (const file of files) {
    const parts = file.path.split(/[/\\]/).filter((p) => p !== '' && p !== '.');
    const leaf = parts.at(-1) ?? '';
    // Hidden files and folders (.DS_Store, ._x.png from macOS, .git) are never images of a class.
    if (parts.length >= 3 && IMAGE_FILE.test(leaf) && !parts.slice(1).some((p) => p.startsWith('.'))) candidates.push({ file, parts });
    else skipped++;
  }
  if (candidates.length === 0) {
    throw new Error('No images found: pick a folder with one sub-folder per class (e.g. data/cats/…, data/dogs/…), holding PNG, JPEG, GIF, BMP or WebP files.');
  }
  const classNames = [...new Set(candidates.map((c) => c.parts[1]!))].sort();
  if (classNames.length < 2) throw new Error(`Only one class folder ("${classNames[0]}") was found: classification needs at least two.`);
  if (classNames.length > MAX_CLASSES) {
    throw new Error(
      `The folder has ${classNames.length} class folders; at most ${MAX_CLASSES} classes are supported: pick a folder whose sub-folders are the classes.`,
    );
  }
  if (candidates.length < 2) throw new Error('The folder holds one image: training needs at least two.');
  let total = 0;
  for (const { file } of candidates) {
    if (!(file.size <= MAX_IMAGE_FILE_BYTES)) {
      throw new Error(`${file.path} is ${mib(file.size)}, more than the ${mib(MAX_IMAGE_FILE_BYTES)} CNN Studio decodes per image: shrink it or leave it out.`);
    }
    total += file.size;
  }
  if (total > MAX_FOLDER_BYTES) throw new Error(`The images add up to ${mib(total)}, more than ${mib(MAX_FOLDER_BYTES)}: pick a subset of the folder.`);
  const decodedBytes = candidates.length * pixelsPerImage;
  if (decodedBytes > MAX_USER_DATA_BYTES) {
    throw new Error(
      `${candidates.length.toLocaleString('en-US')} images at the Input's size take ${mib(decodedBytes)}, more than the ${mib(MAX_USER_DATA_BYTES)} CNN Studio holds as a dataset: pick fewer images or a smaller Input.`,
    );
  }
  const index = new Map(classNames.map((c, i) => [c, i]));
  return {
    name: candidates[0]!.parts[0]!,
    classNames,
    images: candidates.map(({ file, parts }) => ({ file, label: index.get(parts[1]!)! })),
    skipped,
  };
}

/** Reads an image folder: plans it, then decodes each image at height × width and keeps gray (luma) or RGB. */
export async function readImageFolder<F extends FolderFile>(
  files: readonly F[],
  size: { height: number; width: number; channels: 1 | 3 },
  decode: DecodeResized<F>,
): Promise<LabelledImages> {
  const { height, width, channels } = size;
  const area = height * width;
  const plan = planImageFolder(files, area * channels);
  const pixels = new Uint8Array(plan.images.length * area * channels);
  const labels = new Uint8Array(plan.images.length);
  for (const [i, { file, label }] of plan.images.entries()) {
    let rgba: ArrayLike<number>;
    try {
      rgba = await decode(file, width, height);
    } catch {
      throw new Error(`${file.path} could not be decoded as an image: re-save it as PNG or JPEG, or leave it out.`);
    }
    if (rgba.length !== area * 4) throw new Error(`${file.path} decoded to ${rgba.length} bytes where ${width}×${height} RGBA is ${area * 4}.`);
    const base = i * area * channels;
    for (let p = 0; p < area; p++) {
      const r = rgba[p * 4]!;
      const g = rgba[p * 4 + 1]!;
      const b = rgba[p * 4 + 2]!;
      if (channels === 1) pixels[base + p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      else {
        pixels[base + p * 3] = r;
        pixels[base + p * 3 + 1] = g;
        pixels[base + p * 3 + 2] = b;
      }
    }
    labels[i] = label;
  }
  return { name: plan.name, height, width, channels, classNames: plan.classNames, images: pixels, labels };
}
