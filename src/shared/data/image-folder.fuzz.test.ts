// Fuzzes the image-folder reader: picked folders with hostile listings (hidden files, one class, 300
// classes, odd separators, huge or negative sizes, non-images) and a decoder that fails the way a browser
// does (throws, or hands back the wrong number of bytes). The reader returns labelled images that hold
// together, or throws a message for a person: never an engine error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_CASES, fuzzSettings, readerFault } from '../testing/fuzz';
import { MAX_IMAGE_FILE_BYTES, readImageFolder, type FolderFile } from './image-folder';

const fuzz = fuzzSettings(1711);

type Fake = FolderFile & { decode: 'ok' | 'throws' | 'short' | 'long' };

const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('cats', 'dogs', 'birds', 'a', 'b', 'c', 'Z', 'deep', 'x y', 'émoji😀', '__proto__', 'constructor') },
  { weight: 1, arbitrary: fc.constantFrom('', '.', '..', '.hidden', '.DS_Store', '\\', ' ') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 299 }).map((n) => `class${n}`) },
);
const leaf = fc
  .tuple(
    fc.constantFrom('img', '0', '._img', '.hidden', 'photo.final', ''),
    fc.constantFrom('.png', '.PNG', '.jpg', '.jpeg', '.gif', '.bmp', '.webp', '.txt', '.csv', '', '.png.gz', '.svg'),
  )
  .map(([base, ext]) => base + ext);
const size = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 50_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(MAX_IMAGE_FILE_BYTES, MAX_IMAGE_FILE_BYTES + 1, 2 ** 31, 2 ** 40, -1, Number.NaN, Infinity) },
);
const file: fc.Arbitrary<Fake> = fc
  .record({
    dirs: fc.array(segment, { minLength: 0, maxLength: 4 }),
    leaf,
    separator: fc.constantFrom('/', '/', '/', '\\', '//'),
    size,
    decode: fc.constantFrom<Fake['decode']>('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'throws', 'short', 'long'),
  })
  .map(({ dirs, leaf: name, separator, size: bytes, decode }) => ({ path: ['root', ...dirs, name].join(separator), size: bytes, decode }));
/** Most folders are well-formed (a few classes of many images) so that the decode path is reached often. */
const folder = fc.oneof(
  { weight: 1, arbitrary: fc.array(file, { maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.record({
          cls: fc.constantFrom('cats', 'dogs', 'birds'),
          n: fc.nat(99),
          decode: fc.constantFrom<Fake['decode']>('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'throws'),
        }),
        { minLength: 0, maxLength: 12 },
      )
      .map((rows) => rows.map(({ cls, n, decode }) => ({ path: `root/${cls}/${n}.png`, size: 1000 + n, decode }))),
  },
);
const shapes = fc.constantFrom(
  { height: 4, width: 3, channels: 1 as const },
  { height: 2, width: 2, channels: 3 as const },
  { height: 8, width: 8, channels: 3 as const },
);

async function decode(f: Fake, width: number, height: number): Promise<Uint8ClampedArray> {
  if (f.decode === 'throws') throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
  const length = width * height * 4 + (f.decode === 'short' ? -4 : f.decode === 'long' ? 4 : 0);
  return new Uint8ClampedArray(length).fill(f.path.length);
}

describe('image folders, fuzzed', () => {
  it(`${FUZZ_CASES} picked folders: labelled images that hold together, or a message for a person (seed ${fuzz.seed})`, async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(folder, shapes, async (files, shape) => {
        try {
          const data = await readImageFolder(files, shape, decode);
          accepted++;
          const count = data.labels.length;
          expect(count).toBeGreaterThanOrEqual(2);
          expect(data.classNames.length).toBeGreaterThanOrEqual(2);
          expect(data.images.length).toBe(count * shape.height * shape.width * shape.channels);
          for (const label of data.labels) expect(label).toBeLessThan(data.classNames.length);
          // No hidden file and no non-image was read as an image.
          expect(new Set(data.classNames).size).toBe(data.classNames.length);
          for (const name of data.classNames) expect(name.startsWith('.')).toBe(false);
        } catch (e) {
          if (!(e instanceof Error) || e.name === 'AssertionError') throw e;
          // A message about one file names it; a message about the folder says what to pick.
          const named = files.find((f) => e.message.includes(f.path))?.path;
          const fault = named ? readerFault(e.message, named) : readerFault(e.message, e.message.includes('pick') ? 'pick' : 'folder');
          if (fault) throw new Error(fault);
        }
      }),
      fuzz.params(FUZZ_CASES),
    );
    // The listings must reach the decoder and the result often enough to test them.
    expect(accepted).toBeGreaterThan(FUZZ_CASES / 10);
  }, 120_000);
});
