import { describe, expect, it } from 'vitest';
import { parsePixelArraysJson } from './pixel-json';

const enc = (s: string) => new TextEncoder().encode(s);

describe('parsePixelArraysJson', () => {
  it('reads the fashion-mnist layout, skipping empty entries', () => {
    const parsed = parsePixelArraysJson(enc('{"data":[[0,1,2,255],[],[9,8,7,6] ,\n [ 5 , 4,3,2 ],[]]}'), 4, 'c.json');
    expect(parsed.count).toBe(3);
    expect(Array.from(parsed.pixels)).toEqual([0, 1, 2, 255, 9, 8, 7, 6, 5, 4, 3, 2]);
    expect(parsed.skippedEmpty).toEqual([1, 4]);
    expect(parsed.pixels.buffer.byteLength).toBe(12);
  });

  it('agrees with JSON.parse on a large random document', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const images = Array.from({ length: 50 }, () => Array.from({ length: 784 }, () => Math.floor(rand() * 256)));
    const parsed = parsePixelArraysJson(enc(JSON.stringify({ data: images })), 784);
    expect(parsed.count).toBe(50);
    expect(Array.from(parsed.pixels)).toEqual(images.flat());
  });

  it('accepts an empty list', () => {
    expect(parsePixelArraysJson(enc(' { "data" : [ ] } '), 4)).toMatchObject({ count: 0, skippedEmpty: [] });
  });

  it('says what is wrong and where', () => {
    expect(() => parsePixelArraysJson(enc('{"data":[[1,2,3]]}'), 4, 'c.json')).toThrow(
      "c.json: image 0 has 3 values, expected 4; it ends at byte 16, found ']'.",
    );
    expect(() => parsePixelArraysJson(enc('{"data":[[1,2,3,4,5]]}'), 4, 'c.json')).toThrow(/image 0 has more than 4 values/);
    expect(() => parsePixelArraysJson(enc('{"data":[[1,2,300,4]]}'), 4, 'c.json')).toThrow(/image 0, value 2: 300 is not a pixel value/);
    expect(() => parsePixelArraysJson(enc('{"data":[[1,-2,3,4]]}'), 4)).toThrow(/pixel values must be 0–255/);
    expect(() => parsePixelArraysJson(enc('{"data":[[1,2.5,3,4]]}'), 4)).toThrow(/fractions and exponents/);
    expect(() => parsePixelArraysJson(enc('{"pixels":[]}'), 4)).toThrow(/expected the key "data"/);
    expect(() => parsePixelArraysJson(enc('{"data":[[1,2,3,4]]'), 4)).toThrow(/expected '}'.*the end of the file/);
    expect(() => parsePixelArraysJson(enc('{"data":[[1,2,3,4]'), 4)).toThrow("JSON: expected ',' or ']' after image 0 at byte 18, found the end of the file.");
    expect(() => parsePixelArraysJson(enc('{"data":[],"x":1}'), 4)).toThrow(/only the key "data"/);
  });
});
