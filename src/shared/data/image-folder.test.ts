import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_FILE_BYTES, planImageFolder, readImageFolder, type FolderFile } from './image-folder';

const files = (...paths: string[]): FolderFile[] => paths.map((path) => ({ path, size: 100 }));
/** A decoder that paints every pixel one colour, from the file name's length. */
const solid = async (f: FolderFile, width: number, height: number) => new Uint8ClampedArray(width * height * 4).fill(f.path.length * 10);

describe('planImageFolder', () => {
  it('takes the first-level sub-folders as classes, sorted, and leaves out hidden files and non-images', () => {
    const plan = planImageFolder(
      files('pets/dogs/1.png', 'pets/cats/a.jpg', 'pets/cats/deeper/b.JPEG', 'pets/.DS_Store', 'pets/cats/._a.jpg', 'pets/notes.txt', 'pets/top.png'),
      4,
    );
    expect(plan.name).toBe('pets');
    expect(plan.classNames).toEqual(['cats', 'dogs']);
    expect(plan.images.map((i) => [i.file.path, i.label])).toEqual([
      ['pets/dogs/1.png', 1],
      ['pets/cats/a.jpg', 0],
      ['pets/cats/deeper/b.JPEG', 0],
    ]);
    expect(plan.skipped).toBe(4);
  });

  it('says what to pick when the folder is not one folder per class', () => {
    expect(() => planImageFolder(files('pets/a.png', 'pets/b.png'), 4)).toThrow(/one sub-folder per class/);
    expect(() => planImageFolder(files('pets/dogs/a.png', 'pets/dogs/b.png'), 4)).toThrow('Only one class folder ("dogs")');
    const many = Array.from({ length: 257 }, (_, i) => `root/c${i}/x.png`);
    expect(() => planImageFolder(files(...many), 4)).toThrow('257 class folders; at most 256');
  });

  it('refuses huge files and folders before anything is decoded', () => {
    expect(() => planImageFolder([{ path: 'r/a/x.png', size: MAX_IMAGE_FILE_BYTES + 1 }, ...files('r/b/y.png')], 4)).toThrow(
      /r\/a\/x\.png is 64 MiB, more than the 64 MiB/,
    );
    const big = Array.from({ length: 40 }, (_, i) => ({ path: `r/${i % 2}/x${i}.png`, size: 60 * 2 ** 20 }));
    expect(() => planImageFolder(big, 4)).toThrow(/add up to 2400 MiB/);
    // 2,000 images of 224×224×3 are 287 MiB decoded.
    expect(() =>
      planImageFolder(
        Array.from({ length: 2000 }, (_, i) => ({ path: `r/${i % 2}/x${i}.png`, size: 10 })),
        224 * 224 * 3,
      ),
    ).toThrow(/2,000 images at the Input's size take 287 MiB/);
  });
});

describe('readImageFolder', () => {
  it('keeps luma for gray Inputs and RGB for colour ones', async () => {
    const gray = await readImageFolder(files('r/a/x.png', 'r/bb/y.png'), { height: 2, width: 1, channels: 1 }, solid);
    expect(Array.from(gray.images)).toEqual([90, 90, 100, 100]);
    expect(Array.from(gray.labels)).toEqual([0, 1]);
    const rgb = await readImageFolder(files('r/a/x.png', 'r/bb/y.png'), { height: 1, width: 1, channels: 3 }, solid);
    expect(Array.from(rgb.images)).toEqual([90, 90, 90, 100, 100, 100]);
  });

  it('names the image that could not be decoded', async () => {
    const broken = async (f: FolderFile, w: number, h: number) => {
      if (f.path.endsWith('y.png')) throw new Error('InvalidStateError');
      return solid(f, w, h);
    };
    await expect(readImageFolder(files('r/a/x.png', 'r/b/y.png'), { height: 1, width: 1, channels: 1 }, broken)).rejects.toThrow(
      'r/b/y.png could not be decoded as an image: re-save it as PNG or JPEG, or leave it out.',
    );
  });
});
