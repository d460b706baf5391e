import { describe, expect, it } from 'vitest';
import { starterGraph } from '../graph/starter-graph';
import { parseProject, serializeProject } from './project-file';

describe('project file', () => {
  it('round-trips a graph', () => {
    const graph = starterGraph();
    const parsed = parseProject(serializeProject(graph));
    expect(parsed).toEqual({ ok: true, value: { format: 'cnn-studio-project', version: 1, graph } });
  });

  it('names the broken field of a damaged file', () => {
    const text = JSON.stringify({ format: 'cnn-studio-project', version: 1, graph: { nodes: [{ id: 'a', type: 'Dense', name: 'a', params: { units: {} } }], edges: [] } });
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
  const options = { currentVersion: 2, migrations: { 1: ({ network, ...rest }: Record<string, unknown>) => ({ ...rest, graph: network }) } };

  it('upgrades an old file step by step through the migration table', () => {
    const old = JSON.stringify({ format: 'cnn-studio-project', version: 1, network: graph });
    expect(parseProject(old, 'old.cnnstudio.json', options)).toEqual({ ok: true, value: { format: 'cnn-studio-project', version: 2, graph } });
  });

  it('says so when a step is missing, and when a migration fails', () => {
    const old = JSON.stringify({ format: 'cnn-studio-project', version: 1, network: graph });
    expect(parseProject(old, 'a.cnnstudio.json', { currentVersion: 2, migrations: {} })).toEqual({
      ok: false,
      error: 'a.cnnstudio.json uses file version 1, which this app can no longer convert. Nothing was changed.',
    });
    const throwing = { currentVersion: 2, migrations: { 1: () => { throw new Error('no graph'); } } };
    expect(parseProject(old, 'a.cnnstudio.json', throwing)).toMatchObject({ ok: false, error: 'a.cnnstudio.json could not be upgraded from version 1: no graph. Nothing was changed.' });
  });

  it('refuses a non-integer version with the path and reason', () => {
    expect(parseProject(JSON.stringify({ format: 'cnn-studio-project', version: '1', graph }), 'v.cnnstudio.json')).toMatchObject({
      ok: false,
      error: expect.stringContaining('version: expected a whole number ≥ 1, got "1"'),
    });
  });
});
