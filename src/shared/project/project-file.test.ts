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
    const parsed = parseProject(text, 'net.cnnstudio');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^net\.cnnstudio is damaged: graph\.nodes\.0\.params\.units: .*Nothing was changed\.$/);
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
