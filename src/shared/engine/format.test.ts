// Values in messages are written the way the inspector's fields write them.
import { describe, expect, it } from 'vitest';
import { paramValueText } from './format';

describe('paramValueText', () => {
  it('writes a tuple as the field does, not as JSON', () => {
    expect(paramValueText([3, 3])).toBe('3, 3');
    expect(
      paramValueText([
        [1, 1],
        [2, 2],
      ]),
    ).toBe('(1, 1), (2, 2)');
  });
  it('numbers, booleans, text and nothing', () => {
    expect(paramValueText(2.5)).toBe('2.5');
    expect(paramValueText(true)).toBe('true');
    expect(paramValueText('same')).toBe('same');
    expect(paramValueText('same', true)).toBe('"same"');
    expect(paramValueText(null)).toBe('');
    expect(paramValueText(undefined)).toBe('');
  });
});
