// Fuzzes the dataset readers with real-shaped files, mutated: IDX images and labels (alone and as a pair),
// the fashion-mnist pixel JSON, and the user's CSV. These readers throw by design; what they may throw is
// a message that names the file (and the line, byte or field), never an engine error. What they return
// must hold together (sizes, labels below the class count).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteEdit, editBytes, editText, FUZZ_CASES, fuzzSettings, mutatedJsonText, readerFault, textEdit, type Json } from '../testing/fuzz';
import { encodeIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, IdxFormatError, parseIdxImages, parseIdxLabels, parseIdxSplit } from './idx';
import { parsePixelArraysJson, PixelJsonError } from './pixel-json';
import { parseCsvImages, parseIdxPair, type LabelledImages } from './user-data';

const fuzz = fuzzSettings(1703);

/** Runs a throwing reader; a fault if it throws something other than a message naming one of `names`. */
function thrownFault(read: () => void, names: readonly string[], errorClass: new (...args: never[]) => Error = Error): string | null {
  try {
    read();
    return null;
  } catch (e) {
    if (!(e instanceof errorClass)) return `threw ${String(e)} instead of a ${errorClass.name}`;
    const named = names.find((n) => e.message.includes(n)) ?? names[0]!;
    return readerFault(e.message, named);
  }
}

function check(fault: string | null): void {
  if (fault) throw new Error(fault);
}

function labelledFault(data: LabelledImages): string | null {
  const pixels = data.height * data.width * data.channels;
  if (!(pixels > 0)) return `accepted images of ${data.height}×${data.width}×${data.channels}`;
  if (data.images.length !== data.labels.length * pixels) return `${data.images.length} pixels for ${data.labels.length} images of ${pixels}`;
  if (data.labels.some((l) => l >= data.classNames.length)) return `a label is not below the ${data.classNames.length} classes`;
  if (data.labels.length < 2) return `accepted ${data.labels.length} images`;
  return null;
}

// Six 4×3 images and their labels (classes 0–4).
const pixels = new Uint8Array(6 * 12).map((_, i) => (i * 29) & 0xff);
const labels = new Uint8Array([0, 1, 2, 3, 4, 0]);
const imageFile = encodeIdx(IDX_IMAGES_MAGIC, [6, 4, 3], pixels);
const labelFile = encodeIdx(IDX_LABELS_MAGIC, [6], labels);
const bytes = fc.array(byteEdit, { minLength: 1, maxLength: 3 });

describe('IDX, fuzzed', () => {
  it(`${FUZZ_CASES} mutated IDX image files and ${FUZZ_CASES} label files: a value that holds together, or an IdxFormatError naming the file (seed ${fuzz.seed})`, () => {
    fc.assert(
      fc.property(bytes, (edits) => {
        let parsed: ReturnType<typeof parseIdxImages> | undefined;
        check(thrownFault(() => (parsed = parseIdxImages(editBytes(imageFile, edits), 'train-images')), ['train-images'], IdxFormatError));
        if (parsed && parsed.pixels.length !== parsed.count * parsed.height * parsed.width) throw new Error(`inconsistent images: ${JSON.stringify(parsed)}`);
      }),
      fuzz.params(FUZZ_CASES),
    );
    fc.assert(
      fc.property(bytes, (edits) => {
        let parsed: ReturnType<typeof parseIdxLabels> | undefined;
        check(thrownFault(() => (parsed = parseIdxLabels(editBytes(labelFile, edits), 'train-labels')), ['train-labels'], IdxFormatError));
        if (parsed && parsed.labels.length !== parsed.count) throw new Error(`inconsistent labels: ${JSON.stringify(parsed)}`);
      }),
      fuzz.params(FUZZ_CASES),
    );
  });

  it(`${FUZZ_CASES} mutated IDX pairs, as the user picks them and as the bundled sets are read (seed ${fuzz.seed})`, () => {
    fc.assert(
      fc.property(fc.array(byteEdit, { maxLength: 2 }), fc.array(byteEdit, { maxLength: 2 }), fc.boolean(), (imageEdits, labelEdits, swap) => {
        const images = { name: 'images.idx3-ubyte', bytes: editBytes(imageFile, imageEdits) };
        const labelBytes = { name: 'labels.idx1-ubyte', bytes: editBytes(labelFile, labelEdits) };
        const names = [images.name, labelBytes.name, 'Pick two IDX files'];
        let data: LabelledImages | undefined;
        check(thrownFault(() => (data = parseIdxPair(swap ? [labelBytes, images] : [images, labelBytes], 'mine')), names));
        if (data) check(labelledFault(data));
        check(thrownFault(() => parseIdxSplit(images.bytes, labelBytes.bytes, { name: 'train', classCount: 5 }), ['train'], IdxFormatError));
      }),
      fuzz.params(FUZZ_CASES),
    );
  });
});

describe('pixel JSON (fashion-mnist files), fuzzed', () => {
  const PIXELS = 9;
  const file: Json = { data: [Array.from({ length: PIXELS }, (_, i) => i * 28), [], Array.from({ length: PIXELS }, () => 255)] };
  it(`${FUZZ_CASES} mutated pixel JSON files: pixels that hold together, or a PixelJsonError naming the file and byte (seed ${fuzz.seed})`, () => {
    fc.assert(
      fc.property(mutatedJsonText([file]), fc.array(byteEdit, { maxLength: 1 }), (text, edits) => {
        let parsed: ReturnType<typeof parsePixelArraysJson> | undefined;
        const input = editBytes(new TextEncoder().encode(text), edits);
        check(thrownFault(() => (parsed = parsePixelArraysJson(input, PIXELS, 'class-3.json')), ['class-3.json'], PixelJsonError));
        if (parsed && parsed.pixels.length !== parsed.count * PIXELS) throw new Error(`inconsistent: ${parsed.pixels.length} bytes for ${parsed.count}`);
      }),
      fuzz.params(FUZZ_CASES),
    );
  });
});

describe('CSV datasets, fuzzed', () => {
  const header = ['label', ...Array.from({ length: 9 }, (_, i) => `p${i}`)].join(',');
  const rows = Array.from({ length: 5 }, (_, r) => [r % 2 ? 'cat' : 'dog', ...Array.from({ length: 9 }, (_, i) => (r * 50 + i * 3) % 256)].join(','));
  const cell = fc.constantFrom('', ' ', '0', '1', '0.5', '-1', '256', '1e3', '0x10', 'NaN', 'Infinity', '"1"', 'x', ',', '\r', '\n', ' 7 ', '٣');
  const csv = fc
    .tuple(fc.boolean(), fc.array(fc.tuple(fc.nat(), fc.nat(), cell), { maxLength: 4 }), fc.array(textEdit, { maxLength: 2 }), fc.boolean())
    .map(([withHeader, cells, texts, crlf]) => {
      const grid = [...(withHeader ? [header] : []), ...rows].map((line) => line.split(','));
      for (const [row, col, value] of cells) {
        const target = grid[row % grid.length]!;
        target[col % target.length] = value;
      }
      return editText(grid.map((r) => r.join(',')).join(crlf ? '\r\n' : '\n'), texts);
    });
  it(`${FUZZ_CASES} mutated CSV datasets: labelled images that hold together, or a message naming the file (seed ${fuzz.seed})`, () => {
    fc.assert(
      fc.property(csv, (text) => {
        let data: LabelledImages | undefined;
        check(thrownFault(() => (data = parseCsvImages(text, 'pets.csv')), ['pets.csv']));
        if (data) check(labelledFault(data));
      }),
      fuzz.params(FUZZ_CASES),
    );
  });

  it('a CSV over the size cap is refused before it is split, with the reason', () => {
    const big = { length: 300 * 2 ** 20 } as unknown as string;
    expect(() => parseCsvImages(big, 'huge.csv')).toThrow('huge.csv is 300 MiB, more than the 256 MiB CNN Studio reads as a dataset');
  });
});
