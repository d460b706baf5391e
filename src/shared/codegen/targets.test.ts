import { describe, expect, it } from 'vitest';
import { fashionMnistCnn, homeworkNet } from '../templates/course-networks';
import { codeSettings, EXPORT_TARGETS, exportTarget, liveCode } from './targets';

const settings = codeSettings('fashion-mnist', { epochs: 2 });

describe('export targets', () => {
  it("mark each layer's own lines in the live PyTorch and Keras code", () => {
    const graph = fashionMnistCnn();
    for (const target of ['pytorch', 'keras'] as const) {
      const code = liveCode(target, graph, settings);
      if (!code.ok) throw new Error(code.error);
      const lines = code.code.split('\n');
      const conv = code.layers.find((l) => l.nodeId === 'conv2d_1')!;
      const marked = lines.slice(conv.lines[0] - 1, conv.lines[1]).join('\n');
      expect(marked).toContain(target === 'pytorch' ? 'self.conv2d_1 =' : 'name="conv2d_1"');
      expect(marked).not.toContain('conv2d_2');
    }
  });

  it('write every target for a valid network, named after the project; trained weights go beside a script', () => {
    const graph = homeworkNet();
    for (const { id, extension } of EXPORT_TARGETS) {
      const out = exportTarget(id, { graph, fileName: 'Homework: dims.cnnstudio.json', settings: codeSettings('mnist') });
      if (!out.ok) throw new Error(out.error);
      expect(out.files[0]!.name.endsWith(extension)).toBe(true);
    }
    const withWeights = exportTarget('pytorch', {
      graph,
      fileName: 'hw.cnnstudio.json',
      settings: codeSettings('mnist'),
      trained: [{ nodeId: 'conv2d', name: 'kernel', shape: [3, 3, 3, 8], values: new Float32Array(216) }],
    });
    expect(withWeights.ok && withWeights.files.map((f) => f.name)).toEqual(['hw.py', 'hw.npz']);
  });
});
