// Fuzzes the model importer (importModelJson: Keras JSON from tf.keras 2 and Keras 3, TensorFlow.js
// model.json with its weight manifest and shards) with the real fixture files, mutated. Every case must
// end in a graph the engine can analyse, or in a message that names the file; no throw, no engine
// error's text, and no warning that leaks one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../engine/analyze';
import { trainingProblems } from '../engine/trainability';
import { byteEdit, editBytes, editJson, FUZZ_CASES, fuzzSettings, jsonEdit, mutatedJsonText, readerFault, type Json } from '../testing/fuzz';
import { importModelJson } from './keras-import';

const fuzz = fuzzSettings(1702);
const FILE = 'fuzzed-model.json';
const fixtures = join(__dirname, 'fixtures');
const models = readdirSync(fixtures)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(fixtures, f), 'utf8')) as Json);

/** The fault in an import's outcome (a throw, an engine error's text, a graph the engine throws on), or null. */
function importFault(text: string, weights: ReadonlyMap<string, ArrayBuffer> = new Map()): string | null {
  let result: ReturnType<typeof importModelJson>;
  try {
    result = importModelJson(text, FILE, weights);
  } catch (e) {
    return `importModelJson threw: ${String(e)}`;
  }
  if (!result.ok) {
    // The importer's last resort ("could not be imported (<engine error>)") is a bug found, not a message.
    if (/: could not be imported \(/.test(result.error)) return `an unexpected error was caught: ${result.error.slice(0, 300)}`;
    return readerFault(result.error, FILE);
  }
  for (const warning of result.warnings) {
    const fault = readerFault(`${FILE}: ${warning}`, FILE);
    if (fault) return `warning: ${fault}`;
  }
  try {
    analyzeGraph(result.graph);
  } catch (e) {
    return `the imported graph makes the engine throw: ${String(e)}`;
  }
  return null;
}

/** The tfjs fixture with the weight shard its manifest asks for, of the right size. */
const tfjs = JSON.parse(readFileSync(join(fixtures, 'tfjs-lenet5-model.json'), 'utf8')) as {
  weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[];
};
const shard = tfjs.weightsManifest[0]!.paths[0]!.split('/').pop()!;
const weightBytes = new Uint8Array(tfjs.weightsManifest[0]!.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0) * 4).map(
  (_, i) => (i * 37) & 0xff,
);

describe('model files, fuzzed', () => {
  it('every fixture imports or is refused cleanly as it is', () => {
    expect(models.length).toBeGreaterThanOrEqual(7);
    for (const model of models) expect(importFault(JSON.stringify(model))).toBeNull();
    expect(importModelJson(JSON.stringify(tfjs), FILE, new Map([[shard, weightBytes.buffer]]))).toMatchObject({
      ok: true,
      warnings: ['Imported the trained weights of 5 layers from lenet5.weights.bin.'],
    });
  });

  it(`${FUZZ_CASES} mutated Keras / tfjs model files each import or are refused with a message naming the file (seed ${fuzz.seed})`, () => {
    fc.assert(
      fc.property(mutatedJsonText(models), (text) => {
        const fault = importFault(text);
        if (fault) throw new Error(fault);
      }),
      fuzz.params(FUZZ_CASES),
    );
  });

  it(`${FUZZ_CASES} mutated tfjs weight manifests and shards each import or are refused cleanly (seed ${fuzz.seed})`, () => {
    const manifest = tfjs.weightsManifest as unknown as Json;
    fc.assert(
      fc.property(fc.array(jsonEdit, { minLength: 1, maxLength: 3 }), fc.array(byteEdit, { maxLength: 2 }), (edits, bytes) => {
        const text = JSON.stringify({ ...tfjs, weightsManifest: editJson(manifest, edits) });
        const fault = importFault(text, new Map([[shard, editBytes(weightBytes, bytes).buffer as ArrayBuffer]]));
        if (fault) throw new Error(fault);
      }),
      fuzz.params(FUZZ_CASES),
    );
  });

  it('a Dense layer of 10⁹ units is refused up front with the reason, before anything is allocated', () => {
    const text = readFileSync(join(fixtures, 'keras3-fashion-mnist-sequential.json'), 'utf8').replace('"units": 128', '"units": 1000000000');
    const imported = importModelJson(text, 'huge.json');
    if (!imported.ok) throw new Error(imported.error);
    const analysis = analyzeGraph(imported.graph);
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'invalid-param',
        message: 'Units must be at most 1000000, got 1000000000.',
        fix: 'Use 1000000 or less.',
        param: 'units',
      }),
    ]);
    const data = { name: 'Fashion-MNIST', height: 28, width: 28, channels: 1, classes: 10 };
    expect(
      trainingProblems({ graph: imported.graph, analysis, data, loss: 'categoricalCrossentropy', batchSize: 32, optimizer: 'adam', memoryLimitBytes: 2 ** 31 }),
    ).toEqual(['Fix the network first (layer "dense"): Units must be at most 1000000, got 1000000000. Use 1000000 or less.']);
  });
});
