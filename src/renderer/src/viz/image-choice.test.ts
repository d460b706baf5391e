import { describe, expect, it } from 'vitest';
import { imageOptionValue, parseImageOption } from './image-choice';

describe('image picker option values', () => {
  it('the Filter Lab writes photos by id, "Look inside" with photo:', () => {
    expect(imageOptionValue({ kind: 'photo', id: 'camera' }, '')).toBe('camera');
    expect(imageOptionValue({ kind: 'photo', id: 'camera' }, 'photo:')).toBe('photo:camera');
    expect(imageOptionValue({ kind: 'sample', index: 3 }, '')).toBe('sample:3');
    expect(imageOptionValue({ kind: 'file', name: 'me.png' }, 'photo:')).toBe('file');
  });

  it('reads a value back into the choice, and nothing for the file entry', () => {
    for (const prefix of ['', 'photo:']) {
      expect(parseImageOption(`${prefix}chelsea`, prefix)).toEqual({ kind: 'photo', id: 'chelsea' });
      expect(parseImageOption('sample:0', prefix)).toEqual({ kind: 'sample', index: 0 });
      expect(parseImageOption('file', prefix)).toBeUndefined();
      expect(parseImageOption('sample:x', prefix)).toBeUndefined();
    }
    expect(parseImageOption('camera', 'photo:')).toBeUndefined();
  });
});
