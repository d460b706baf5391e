/**
 * A fast reader for the `fashion-mnist` package's class files: `{"data": [[784 integers 0–255], …]}`.
 * `JSON.parse` on the ten 15 MB files builds 70,000 arrays of 784 boxed numbers and takes seconds; this
 * scans the bytes once and writes pixels straight into one `Uint8Array`. It accepts exactly that shape
 * (whitespace anywhere, the single key "data") and says where anything else is. Empty entries (`[]`) are
 * skipped and reported: the package's class 0 file has two.
 */

export class PixelJsonError extends Error {
  override name = 'PixelJsonError';
}

export interface PixelArrays {
  /** count × pixelsPerImage bytes, fresh buffer. */
  pixels: Uint8Array;
  count: number;
  /** Positions (in the file's "data" array) of the empty entries that were skipped. */
  skippedEmpty: number[];
}

const enum Ch {
  Tab = 9,
  Lf = 10,
  Cr = 13,
  Space = 32,
  Quote = 34,
  Comma = 44,
  Minus = 45,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  LBracket = 91,
  RBracket = 93,
  LBrace = 123,
  RBrace = 125,
}

export function parsePixelArraysJson(bytes: Uint8Array, pixelsPerImage: number, name = 'JSON'): PixelArrays {
  let pos = 0;
  const n = bytes.length;
  const fail = (what: string): never => {
    const found = pos < n ? `'${String.fromCharCode(bytes[pos]!)}'` : 'the end of the file';
    throw new PixelJsonError(`${name}: ${what} at byte ${pos}, found ${found}.`);
  };
  const ws = (): void => {
    while (pos < n) {
      const c = bytes[pos]!;
      if (c !== Ch.Space && c !== Ch.Lf && c !== Ch.Cr && c !== Ch.Tab) break;
      pos++;
    }
  };
  const expect = (c: number, what: string): void => {
    ws();
    if (bytes[pos] !== c) fail(`expected ${what}`);
    pos++;
  };

  // Skip a UTF-8 byte-order mark.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) pos = 3;
  expect(Ch.LBrace, "'{'");
  expect(Ch.Quote, 'the key "data"');
  const key = 'data';
  for (let i = 0; i < key.length; i++, pos++) if (bytes[pos] !== key.charCodeAt(i)) fail('expected the key "data"');
  if (bytes[pos] !== Ch.Quote) fail('expected the key "data"');
  pos++;
  expect(Ch.Colon, "':'");
  expect(Ch.LBracket, "'[' opening the image list");

  // Every value takes at least two bytes ("0,"), so this bounds the image count.
  const capacity = Math.floor(n / (2 * pixelsPerImage)) + 1;
  let out = new Uint8Array(capacity * pixelsPerImage);
  let count = 0;
  let entry = 0;
  const skippedEmpty: number[] = [];

  ws();
  if (bytes[pos] === Ch.RBracket) pos++;
  else {
    for (;;) {
      expect(Ch.LBracket, `'[' opening image ${entry}`);
      ws();
      let values = 0;
      const base = count * pixelsPerImage;
      if (bytes[pos] === Ch.RBracket) pos++;
      else {
        for (;;) {
          ws();
          let c = bytes[pos];
          if (c === undefined || c < Ch.Zero || c > Ch.Nine) {
            if (c === Ch.Minus) fail(`image ${entry}, value ${values}: pixel values must be 0–255`);
            fail(`image ${entry}, value ${values}: expected an integer`);
          }
          let v = 0;
          while (c !== undefined && c >= Ch.Zero && c <= Ch.Nine) {
            v = v * 10 + (c - Ch.Zero);
            c = bytes[++pos];
          }
          if (v > 255) fail(`image ${entry}, value ${values}: ${v} is not a pixel value (0–255)`);
          if (values >= pixelsPerImage) fail(`image ${entry} has more than ${pixelsPerImage} values`);
          if (base + values >= out.length) {
            const grown = new Uint8Array(out.length * 2);
            grown.set(out);
            out = grown;
          }
          out[base + values++] = v;
          ws();
          c = bytes[pos];
          if (c === Ch.Comma) pos++;
          else if (c === Ch.RBracket) {
            pos++;
            break;
          } else fail(`image ${entry}, value ${values - 1}: expected ',' or ']' after an integer (fractions and exponents are not pixel values)`);
        }
      }
      if (values === 0) skippedEmpty.push(entry);
      else if (values !== pixelsPerImage) fail(`image ${entry} has ${values} values, expected ${pixelsPerImage}; it ends`);
      else count++;
      entry++;
      ws();
      const c = bytes[pos];
      if (c === Ch.Comma) pos++;
      else if (c === Ch.RBracket) {
        pos++;
        break;
      } else fail(`expected ',' or ']' after image ${entry - 1}`);
    }
  }
  expect(Ch.RBrace, '\'}\' (only the key "data" is expected)');
  ws();
  if (pos !== n) fail('expected the end of the file');
  return { pixels: out.slice(0, count * pixelsPerImage), count, skippedEmpty };
}
