/**
 * The IDX format of the MNIST files (http://yann.lecun.com/exdb/mnist/): a 4-byte magic number — two zero
 * bytes, a type byte (0x08 = unsigned byte, the only type MNIST uses) and the number of dimensions — then
 * one big-endian uint32 per dimension, then the data. Labels are `0x00000801` (count), images `0x00000803`
 * (count × rows × columns). Pure: works on a `Uint8Array` from any host.
 */
import type { ImageSplit } from './image-dataset';

export const IDX_LABELS_MAGIC = 0x00000801;
export const IDX_IMAGES_MAGIC = 0x00000803;

/** A file that is not the IDX data it should be; the message names the file and what is wrong. */
export class IdxFormatError extends Error {
  override name = 'IdxFormatError';
}

export interface IdxImages {
  count: number;
  height: number;
  width: number;
  /** count × height × width bytes: a view into the input, not a copy. */
  pixels: Uint8Array;
}

export interface IdxLabels {
  count: number;
  /** count bytes: a view into the input, not a copy. */
  labels: Uint8Array;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function readHeader(bytes: Uint8Array, name: string, magic: number, kind: string): number[] {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new IdxFormatError(`${name}: the file is gzip-compressed; decompress it before parsing.`);
  }
  if (bytes.length < 4) throw new IdxFormatError(`${name}: the file is ${plural(bytes.length, 'byte')}, too short for an IDX header.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0, false);
  if (found !== magic) {
    const other = found === IDX_LABELS_MAGIC ? ' (an IDX label file)' : found === IDX_IMAGES_MAGIC ? ' (an IDX image file)' : '';
    throw new IdxFormatError(`${name}: not an IDX ${kind} file: magic number ${hex(found)}${other}, expected ${hex(magic)}.`);
  }
  const rank = magic & 0xff;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new IdxFormatError(`${name}: the file is ${plural(bytes.length, 'byte')}, shorter than its ${headerBytes}-byte IDX header.`);
  }
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  return dims;
}

/** Parses an IDX image file (magic 0x00000803). */
export function parseIdxImages(bytes: Uint8Array, name = 'images'): IdxImages {
  const [count, height, width] = readHeader(bytes, name, IDX_IMAGES_MAGIC, 'image') as [number, number, number];
  if (height === 0 || width === 0) throw new IdxFormatError(`${name}: header says images of ${height}×${width}: an image needs at least one pixel.`);
  const perImage = height * width;
  const available = bytes.length - 16;
  const expected = count * perImage;
  if (available !== expected) {
    const holds = Math.floor(available / perImage);
    const rest = available - holds * perImage;
    const detail = rest === 0 ? `${holds}` : `${holds} and ${plural(rest, 'byte')} more`;
    throw new IdxFormatError(`${name}: header says ${plural(count, 'image')} of ${height}×${width} but the file holds ${detail}.`);
  }
  return { count, height, width, pixels: bytes.subarray(16, 16 + expected) };
}

/** Parses an IDX label file (magic 0x00000801). */
export function parseIdxLabels(bytes: Uint8Array, name = 'labels'): IdxLabels {
  const [count] = readHeader(bytes, name, IDX_LABELS_MAGIC, 'label') as [number];
  const available = bytes.length - 8;
  if (available !== count) {
    throw new IdxFormatError(`${name}: header says ${plural(count, 'label')} but the file holds ${available}.`);
  }
  return { count, labels: bytes.subarray(8, 8 + count) };
}

export interface IdxPairOptions {
  /** Used in messages, e.g. 'train' → "train-images", "train-labels". */
  name: string;
  /** Labels must be below this. */
  classCount: number;
}

/**
 * Parses matching image and label files into one split, checking that they agree on the count and that
 * every label is a valid class. The result owns fresh buffers (safe to transfer between threads).
 */
export function parseIdxSplit(imageBytes: Uint8Array, labelBytes: Uint8Array, options: IdxPairOptions): ImageSplit & { height: number; width: number } {
  const images = parseIdxImages(imageBytes, `${options.name}-images`);
  const labels = parseIdxLabels(labelBytes, `${options.name}-labels`);
  if (images.count !== labels.count) {
    throw new IdxFormatError(
      `${options.name}: ${options.name}-images holds ${plural(images.count, 'image')} but ${options.name}-labels holds ${plural(labels.count, 'label')}.`,
    );
  }
  for (let i = 0; i < labels.count; i++) {
    const label = labels.labels[i]!;
    if (label >= options.classCount) {
      throw new IdxFormatError(
        `${options.name}-labels: label ${i} is ${label}, but there are only ${options.classCount} classes (0–${options.classCount - 1}).`,
      );
    }
  }
  // new Uint8Array(view) copies (a Node Buffer's slice() would not).
  return { images: new Uint8Array(images.pixels), labels: new Uint8Array(labels.labels), count: images.count, height: images.height, width: images.width };
}

/** Builds IDX bytes (the inverse of the parsers): for tests and for writing files. */
export function encodeIdx(magic: typeof IDX_LABELS_MAGIC | typeof IDX_IMAGES_MAGIC, dims: number[], data: Uint8Array): Uint8Array {
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, header);
  return out;
}
