/**
 * Seeds, sizes and mutations for the fuzz suites (`*.fuzz.test.ts`) and the kill test. Test support only:
 * no app code imports it.
 *
 * - A fixed seed by default, so every run checks the same cases; `FUZZ_SEED=random` (or a number)
 *   explores others, and `FUZZ_SCALE=10` runs ten times as many. fast-check prints the seed and the
 *   shrunk case of any failure.
 * - Inputs are real files mutated: a JSON tree edited at random nodes (a value replaced by a hostile
 *   one, a key dropped, an element duplicated, a node wrapped in a list or turned into a string), then
 *   its text cut, spliced or flipped; or bytes flipped, cut, spliced and overwritten with big numbers.
 * - `readerFault` says whether a reader's answer is a fault: an internal error's text (a TypeError,
 *   a RangeError, a stack trace) where a message for a person should be.
 */
import fc from 'fast-check';

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};

export interface FuzzSettings {
  seed: number;
  /** `base` cases, times FUZZ_SCALE. */
  runs(base: number): number;
  /** fast-check parameters: the seed and `runs(base)` cases. */
  params(base: number): { seed: number; numRuns: number };
}

export function fuzzSettings(defaultSeed: number): FuzzSettings {
  const seed = env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(env.FUZZ_SEED) || defaultSeed;
  const scale = Number(env.FUZZ_SCALE) > 0 ? Number(env.FUZZ_SCALE) : 1;
  const runs = (base: number) => Math.max(1, Math.round(base * scale));
  return { seed, runs, params: (base) => ({ seed, numRuns: runs(base) }) };
}

/** At least this many cases per reader per run (the floor). */
export const FUZZ_CASES = 10_000;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values that break readers: wrong types, edges of ranges, absurd sizes, prototype keys, path tricks. */
export const hostileJson: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Json>(null, true, false, 0, -1, 1, 2, 3, 0.5, -0.5, 1e9, -1e9, 2 ** 31, 2 ** 32, 2 ** 53, 1e308, -1e308) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Json>(
      '',
      ' ',
      'NaN',
      'Infinity',
      '-1',
      '1e9',
      '__proto__',
      'constructor',
      '../../etc/passwd',
      'C:\\x',
      '\u0000',
      'x'.repeat(5000),
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom<Json>([], {}, [null], [[]], [-1], [1e9, 1e9], [0, 0, 0], { __proto__: null } as unknown as Json) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 100_000 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> },
);

export type JsonEdit =
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'wrap'; at: number }
  | { kind: 'stringify'; at: number }
  | { kind: 'rename'; at: number; key: string };

export const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileJson }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrap' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stringify' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('rename' as const),
      at: fc.nat(),
      key: fc.constantFrom('__proto__', 'constructor', '', 'class_name', 'config', 'x'),
    }),
  },
);

type Slot = { parent: Json[] | { [key: string]: Json }; key: string | number };

/** Every place in the tree that holds a value (the root is not one: it is edited through its children). */
function slots(tree: Json): Slot[] {
  const out: Slot[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i });
        walk(child);
      });
    } else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        out.push({ parent: node, key });
        walk(child);
      }
    }
  };
  walk(tree);
  return out;
}

/** A copy of `tree` with the edits applied, each at the slot `at` picks (modulo how many there are). */
export function editJson(tree: Json, edits: readonly JsonEdit[]): Json {
  const copy = JSON.parse(JSON.stringify(tree)) as Json;
  for (const edit of edits) {
    const all = slots(copy);
    if (all.length === 0) break;
    const { parent, key } = all[edit.at % all.length]!;
    // Copies, so no value is shared between two places (or with the arbitrary's constants).
    const get = (): Json => JSON.parse(JSON.stringify((parent as Record<string | number, Json>)[key] ?? null)) as Json;
    const set = (value: Json) => ((parent as Record<string | number, Json>)[key] = value);
    switch (edit.kind) {
      case 'replace':
        set(JSON.parse(JSON.stringify(edit.value ?? null)) as Json);
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.splice(key as number, 0, get());
        else set([get(), get()]);
        break;
      case 'wrap':
        set([get()]);
        break;
      case 'stringify':
        set(JSON.stringify(get()));
        break;
      case 'rename':
        if (!Array.isArray(parent)) {
          const value = get();
          delete parent[key as string];
          Object.defineProperty(parent, edit.key, { value, enumerable: true, writable: true, configurable: true });
        }
        break;
    }
  }
  return copy;
}

export type TextEdit = { kind: 'cut'; at: number } | { kind: 'splice'; at: number; text: string } | { kind: 'drop'; at: number; length: number };

export const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(),
    text: fc.constantFrom('"', ',', '}', ']', '[', '{', ':', '\\', '\n', '\r\n', '-', '0', '9e9', 'null', '\u2028', '\uFEFF', '\uD800'),
  }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
);

export function editText(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % (out.length + 1);
    if (edit.kind === 'cut') out = out.slice(0, at);
    else if (edit.kind === 'splice') out = out.slice(0, at) + edit.text + out.slice(at);
    else out = out.slice(0, at) + out.slice(at + edit.length);
  }
  return out;
}

/** A quarter of the time, one or two edits to the text (most of those make it invalid JSON). */
const textEdits = fc.oneof({ weight: 3, arbitrary: fc.constant<TextEdit[]>([]) }, { weight: 1, arbitrary: fc.array(textEdit, { minLength: 1, maxLength: 2 }) });

/** A JSON file mutated: edits to its tree, then (sometimes) to its text. */
export function mutatedJsonText(trees: readonly Json[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat({ max: trees.length - 1 }), fc.array(jsonEdit, { minLength: 1, maxLength: 4 }), textEdits, fc.boolean())
    .map(([which, edits, texts, pretty]) => editText(JSON.stringify(editJson(trees[which]!, edits), null, pretty ? 2 : undefined), texts));
}

export type ByteEdit =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'cut'; at: number }
  | { kind: 'uint32'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: number[] };

export const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('uint32' as const),
      // Header fields live in the first bytes: aim there most of the time.
      at: fc.oneof(fc.integer({ min: 0, max: 16 }), fc.nat()),
      value: fc.oneof(fc.constantFrom(0, 1, 2, 3, 255, 256, 0x7fffffff, 0x80000000, 0xffffffff, 0x00000801, 0x00000803, 0x1f8b0800), fc.nat()),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }) }),
  },
);

export function editBytes(bytes: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  let out = bytes.slice();
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % (out.length + 1);
    if (edit.kind === 'flip') {
      if (at < out.length) out[at] = edit.value;
    } else if (edit.kind === 'cut') out = out.slice(0, at);
    else if (edit.kind === 'uint32') {
      const start = Math.min(at - (at % 4), Math.max(0, out.length - 4));
      if (out.length >= 4) new DataView(out.buffer, out.byteOffset).setUint32(start, edit.value >>> 0, false);
    } else {
      const grown = new Uint8Array(out.length + edit.bytes.length);
      grown.set(out.subarray(0, at));
      grown.set(edit.bytes, at);
      grown.set(out.subarray(at), at + edit.bytes.length);
      out = grown;
    }
  }
  return out;
}

/** Text from a JavaScript engine fault rather than a reader: it should never reach a person. */
const ENGINE_FAULT = new RegExp(
  [
    'Cannot read propert',
    'Cannot set propert',
    'Cannot convert',
    "Cannot use 'in' operator",
    'called on non-object',
    'is not a function',
    'is not iterable',
    'is not a constructor',
    '(undefined|null) is not',
    'Invalid array length',
    'Maximum call stack',
    'Invalid typed array length',
    'Start offset',
    'Offset is outside',
    'out of bounds',
    'Array buffer allocation failed',
    '\\n\\s+at [\\w.<>]+ \\(',
  ].join('|'),
);

/** Why a reader's message is a fault (it leaks an engine error, or does not name the file), or null if it is fine. */
export function readerFault(message: string, fileName: string): string | null {
  if (ENGINE_FAULT.test(message)) return `an internal error reached the message: ${message.slice(0, 300)}`;
  if (!message.includes(fileName)) return `the message does not name the file ${fileName}: ${message.slice(0, 300)}`;
  return null;
}
