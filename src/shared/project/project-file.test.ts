import { describe, expect, it } from 'vitest';
import { starterGraph } from '../graph/starter-graph';
import { parseProject, PROJECT_VERSION, serializeProject } from './project-file';
import type { RunRecord } from './run-record';
import { base64ToBytes, bytesToBase64, decodeTensor, encodeTensor } from './weights';

describe('project file', () => {
  it('round-trips a graph', () => {
    const graph = starterGraph();
    const parsed = parseProject(serializeProject(graph));
    expect(parsed).toEqual({ ok: true, value: { format: 'cnn-studio-project', version: PROJECT_VERSION, graph, runs: [], trained: null } });
  });

  it('keeps training runs and trained weights with the graph, bit for bit', () => {
    const graph = starterGraph();
    const run: RunRecord = {
      id: 'job-1',
      startedAt: '2026-11-23T10:00:00.000Z',
      datasetId: 'mnist',
      options: { epochs: 2, optimizer: 'adam' },
      epochs: [{ epoch: 1, loss: 0.3, accuracy: 0.9, learningRate: 0.001 }],
      reason: 'completed',
      bestEpoch: null,
      testLoss: 0.1,
      testAccuracy: 0.97,
      samplesPerSecond: 4000,
      backend: 'wasm',
    };
    const kernel = { nodeId: 'dense', name: 'kernel', shape: [4, 1], values: new Float32Array([0.1, -2.5e-7, Math.PI, -0]) };
    const parsed = parseProject(serializeProject(graph, { runs: [run], trained: { runId: 'job-1', weights: [encodeTensor(kernel)] } }));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.runs).toEqual([run]);
    const back = decodeTensor(parsed.value.trained!.weights[0]!);
    expect(back.shape).toEqual([4, 1]);
    expect(Array.from(back.values)).toEqual(Array.from(kernel.values));
  });

  it('refuses stored weights whose size disagrees with their shape', () => {
    const stored = encodeTensor({ nodeId: 'dense', name: 'kernel', shape: [2], values: new Float32Array([1, 2]) });
    expect(() => decodeTensor({ ...stored, shape: [3] })).toThrow('weights of dense/kernel: 8 bytes for shape [3] (expected 12)');
  });

  it('encodes base64 like the standard alphabet with padding', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253]);
    expect(bytesToBase64(bytes)).toBe('AAEC+vv8/Q==');
    expect(Array.from(base64ToBytes('AAEC+vv8/Q=='))).toEqual(Array.from(bytes));
    expect(() => base64ToBytes('AA*')).toThrow('invalid base64 character at position 2');
  });

  it('opens a version 1 file (graph only) as a project with no runs', () => {
    const graph = starterGraph();
    const parsed = parseProject(JSON.stringify({ format: 'cnn-studio-project', version: 1, graph }));
    expect(parsed).toEqual({ ok: true, value: { format: 'cnn-studio-project', version: PROJECT_VERSION, graph, runs: [], trained: null } });
  });

  it('names the broken field of a damaged file', () => {
    const text = JSON.stringify({
      format: 'cnn-studio-project',
      version: 1,
      graph: { nodes: [{ id: 'a', type: 'Dense', name: 'a', params: { units: {} } }], edges: [] },
    });
    const parsed = parseProject(text, 'net.cnnstudio.json');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^net\.cnnstudio\.json is damaged: graph\.nodes\.0\.params\.units: .*Nothing was changed\.$/);
  });

  it('recognises a foreign JSON file', () => {
    const parsed = parseProject('{"modelTopology": {}}', 'model.json');
    expect(!parsed.ok && parsed.error).toBe('model.json is not a CNN Studio project (no "format": "cnn-studio-project" field). Nothing was changed.');
  });

  it('refuses a file from a newer version with advice', () => {
    const parsed = parseProject(JSON.stringify({ format: 'cnn-studio-project', version: 99, graph: { nodes: [], edges: [] } }));
    expect(!parsed.ok && parsed.error).toMatch(/newer CNN Studio \(file version 99.*Update the app/);
  });

  it('refuses text that is not JSON', () => {
    expect(parseProject('PK\u0003\u0004garbage', 'x.zip')).toMatchObject({ ok: false, error: expect.stringMatching(/^x\.zip is not valid JSON/) });
  });
});

describe('project file migrations', () => {
  const graph = starterGraph();
  // A pretend format history: version 1 called the graph "network"; version 2 (current here) calls it "graph".
  const options = {
    currentVersion: 2,
    migrations: { 1: ({ network, ...rest }: Record<string, unknown>) => ({ ...rest, graph: network, runs: [], trained: null }) },
  };

  it('upgrades an old file step by step through the migration table', () => {
    const old = JSON.stringify({ format: 'cnn-studio-project', version: 1, network: graph });
    expect(parseProject(old, 'old.cnnstudio.json', options)).toEqual({
      ok: true,
      value: { format: 'cnn-studio-project', version: 2, graph, runs: [], trained: null },
    });
  });

  it('says so when a step is missing, and when a migration fails', () => {
    const old = JSON.stringify({ format: 'cnn-studio-project', version: 1, network: graph });
    expect(parseProject(old, 'a.cnnstudio.json', { currentVersion: 2, migrations: {} })).toEqual({
      ok: false,
      error: 'a.cnnstudio.json uses file version 1, which this app can no longer convert. Nothing was changed.',
    });
    const throwing = {
      currentVersion: 2,
      migrations: {
        1: () => {
          throw new Error('no graph');
        },
      },
    };
    expect(parseProject(old, 'a.cnnstudio.json', throwing)).toMatchObject({
      ok: false,
      error: 'a.cnnstudio.json could not be upgraded from version 1: no graph. Nothing was changed.',
    });
  });

  it('refuses a non-integer version with the path and reason', () => {
    expect(parseProject(JSON.stringify({ format: 'cnn-studio-project', version: '1', graph }), 'v.cnnstudio.json')).toMatchObject({
      ok: false,
      error: expect.stringContaining('version: expected a whole number ≥ 1, got "1"'),
    });
  });
});

describe('network identity', () => {
  it('ignores canvas positions, not params', async () => {
    const { sameNetwork } = await import('../graph/identity');
    const graph = starterGraph();
    const moved = { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: { x: 999, y: 1 } })) };
    expect(sameNetwork(graph, moved)).toBe(true);
    const changed = { ...graph, nodes: graph.nodes.map((n) => (n.type === 'Dense' ? { ...n, params: { ...n.params, units: 7 } } : n)) };
    expect(sameNetwork(graph, changed)).toBe(false);
  });
});
