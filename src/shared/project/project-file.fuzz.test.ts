// Fuzzes the project reader (parseProject, and what opening does next: decoding the stored weights and
// analysing the graph) with real project files of every format version, mutated. Every case must end in
// a project or in a message that names the file, never a throw or an engine error's text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../engine/analyze';
import { starterGraph } from '../graph/starter-graph';
import { TEMPLATES } from '../templates';
import { FUZZ_CASES, fuzzSettings, mutatedJsonText, readerFault, type Json } from '../testing/fuzz';
import { parseProject, PROJECT_VERSION, serializeProject } from './project-file';
import type { RunRecord } from './run-record';
import { decodeTensor, encodeTensor } from './weights';

const fuzz = fuzzSettings(1701);
const FILE = 'fuzzed.cnnstudio.json';

const run: RunRecord = {
  id: 'job-1',
  startedAt: '2026-11-23T10:00:00.000Z',
  datasetId: 'mnist',
  options: { epochs: 2, optimizer: 'adam' },
  epochs: [{ epoch: 1, loss: 0.3, accuracy: 0.9, valLoss: 0.4, learningRate: 0.001 }],
  reason: 'completed',
  bestEpoch: 1,
  testLoss: 0.1,
  testAccuracy: 0.97,
  samplesPerSecond: 4000,
  backend: 'wasm',
};
const kernel = encodeTensor({ nodeId: 'dense_1', name: 'kernel', shape: [2, 3], values: new Float32Array([1, 2, 3, 4, 5, 6]) });

/** Version 2 files (a template, a trained one with runs) and a version 1 file (graph only). */
const files: Json[] = [
  JSON.parse(serializeProject(starterGraph(), { runs: [run], trained: { runId: 'job-1', weights: [kernel] } })) as Json,
  JSON.parse(serializeProject(TEMPLATES.find((t) => t.slug === 'mnist-cnn')!.build())) as Json,
  { format: 'cnn-studio-project', version: 1, graph: JSON.parse(JSON.stringify(TEMPLATES.find((t) => t.slug === 'homework')!.build())) as Json },
];

/** What opening a project does with the text; returns a fault, or null. */
function openFault(text: string): string | null {
  let parsed: ReturnType<typeof parseProject>;
  try {
    parsed = parseProject(text, FILE);
  } catch (e) {
    return `parseProject threw: ${String(e)}`;
  }
  if (!parsed.ok) return readerFault(parsed.error, FILE);
  try {
    analyzeGraph(parsed.value.graph);
  } catch (e) {
    return `the graph it accepted makes the engine throw: ${String(e)}`;
  }
  for (const stored of parsed.value.trained?.weights ?? []) {
    try {
      decodeTensor(stored);
    } catch (e) {
      // The project store reports this as "the trained weights in <file> are damaged (…)".
      const fault = readerFault(`${FILE}: ${(e as Error).message}`, FILE);
      if (fault) return fault;
    }
  }
  return null;
}

describe('project files, fuzzed', () => {
  it('the unmutated files open (version 1 is upgraded)', () => {
    for (const file of files) {
      const parsed = parseProject(JSON.stringify(file), FILE);
      expect(parsed.ok && parsed.value.version).toBe(PROJECT_VERSION);
    }
  });

  it(`${FUZZ_CASES} mutated project files each open or are refused with a message naming the file (seed ${fuzz.seed})`, () => {
    fc.assert(
      fc.property(mutatedJsonText(files), (text) => {
        const fault = openFault(text);
        if (fault) throw new Error(fault);
      }),
      fuzz.params(FUZZ_CASES),
    );
  });
});
