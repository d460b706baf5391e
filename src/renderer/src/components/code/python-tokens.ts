/**
 * A small Python tokenizer for highlighting exported code: keywords, strings (incl. triple-quoted
 * and f-strings), numbers, comments, decorators and names. Not a parser: enough to colour what the
 * generators write.
 */
export type TokenKind = 'keyword' | 'string' | 'number' | 'comment' | 'decorator' | 'builtin' | 'name' | 'text';

export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set(
  'and as assert async await break class continue def del elif else except False finally for from global if import in is lambda None nonlocal not or pass raise return True try while with yield'.split(
    ' ',
  ),
);
const BUILTINS = new Set(
  'print len range int float str list dict tuple set min max sum abs isinstance super enumerate zip open round sorted any all'.split(' '),
);

const PATTERN =
  /(#[^\n]*)|((?:[rbfRBF]{0,2})(?:"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'))|(@[A-Za-z_][\w.]*)|(\b\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?\b)|([A-Za-z_]\w*)|(\s+|.)/g;

export function tokenizePython(source: string): Token[] {
  const tokens: Token[] = [];
  for (const m of source.matchAll(PATTERN)) {
    const [text, comment, string, decorator, number, name] = m;
    const kind: TokenKind = comment
      ? 'comment'
      : string
        ? 'string'
        : decorator
          ? 'decorator'
          : number
            ? 'number'
            : name
              ? KEYWORDS.has(name)
                ? 'keyword'
                : BUILTINS.has(name)
                  ? 'builtin'
                  : 'name'
              : 'text';
    const last = tokens.at(-1);
    // Runs of plain text merge, so a line is a handful of spans, not one per character.
    if (kind === 'text' && last?.kind === 'text') last.text += text;
    else tokens.push({ kind, text });
  }
  return tokens;
}

/** The tokens of each line (a multi-line string is split at its newlines), for a line-numbered view. */
export function tokenLines(source: string): Token[][] {
  const lines: Token[][] = [[]];
  for (const token of tokenizePython(source)) {
    const parts = token.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) lines.at(-1)!.push({ kind: token.kind, text: part });
    });
  }
  return lines;
}
