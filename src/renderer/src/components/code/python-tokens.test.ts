import { describe, expect, it } from 'vitest';
import { tokenLines, tokenizePython } from './python-tokens';

describe('tokenizePython', () => {
  it('colours keywords, names, numbers, strings and comments, and keeps every character', () => {
    const source = "import torch.nn as nn  # layers\nx = nn.Conv2d(1, 16, 3, padding='same')\n";
    const tokens = tokenizePython(source);
    expect(tokens.map((t) => t.text).join('')).toBe(source);
    expect(tokens.filter((t) => t.kind === 'keyword').map((t) => t.text)).toEqual(['import', 'as']);
    expect(tokens.filter((t) => t.kind === 'number').map((t) => t.text)).toEqual(['1', '16', '3']);
    expect(tokens.find((t) => t.kind === 'string')?.text).toBe("'same'");
    expect(tokens.find((t) => t.kind === 'comment')?.text).toBe('# layers');
  });
  it('splits a triple-quoted string over its lines', () => {
    const lines = tokenLines('s = """a\nb"""\nprint(s)');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toEqual([{ kind: 'string', text: 'b"""' }]);
    expect(lines[2]![0]).toEqual({ kind: 'builtin', text: 'print' });
  });
});
