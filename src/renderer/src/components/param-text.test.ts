// What a person types into a parameter field, and what it stores: asymmetric padding in particular.
import { describe, expect, it } from 'vitest';
import { getLayerSpec } from '../../../shared/engine/registry';
import type { ParamSchema } from '../../../shared/engine/types';
import { paramText, parseParamText, rangeHint } from './param-text';

const field = (type: string, key: string): ParamSchema => getLayerSpec(type)!.params.find((p) => p.key === key)!;

describe('padding and cropping fields (ZeroPadding2D, Cropping2D)', () => {
  const padding = field('ZeroPadding2D', 'padding');

  it('one number pads every side; two are (rows, columns); four are (top, bottom), (left, right)', () => {
    expect(parseParamText(padding, '2')).toBe(2);
    expect(parseParamText(padding, '1, 2')).toEqual([1, 2]);
    expect(parseParamText(padding, '0, 1, 2, 3')).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(parseParamText(padding, '((0, 1), (2, 3))')).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(parseParamText(padding, 'lots')).toBe('lots');
  });

  it('writes pairs as Keras does, so the text reads back to the same value', () => {
    const value = [
      [0, 1],
      [2, 3],
    ];
    expect(paramText(value)).toBe('(0, 1), (2, 3)');
    expect(parseParamText(padding, paramText(value))).toEqual(value);
  });

  it('says which forms it takes', () => {
    expect(rangeHint(padding)).toBe('default 1, 1 · an integer, 2 integers (rows, columns) or (top, bottom), (left, right), ≥ 0');
  });
});
