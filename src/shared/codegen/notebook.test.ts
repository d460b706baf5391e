// Notebooks: nbformat's own validator (Debian's python3-nbformat, run by /usr/bin/python3 in one process
// for all of them) accepts every generated notebook, and Python's parser reads every code cell. Keras
// and TensorFlow are not installable here, so the Keras notebook is validated and parsed, not executed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainingOptionsSchema } from '../api/schemas';
import { analyzeGraph } from '../engine/analyze';
import { TEMPLATES } from '../templates';
import { buildNotebook, kerasNotebook, layerTableMarkdown } from './notebook';

const PYTHON = '/usr/bin/python3';
const hasNbformat = (() => {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import nbformat'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const VALIDATE = String.raw`
import ast, json, sys
import nbformat

out = {}
for path in sys.argv[1:]:
    try:
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        nbformat.validate(nb)
        for cell in nb.cells:
            if cell.cell_type == "code":
                ast.parse(cell.source)
        out[path] = {"ok": True, "cells": len(nb.cells), "minor": nb.nbformat_minor}
    except Exception as e:
        out[path] = {"ok": False, "error": f"{type(e).__name__}: {e}"[:2000]}
json.dump(out, sys.stdout)
`;

const options = trainingOptionsSchema.parse({
  epochs: 2,
  batchSize: 64,
  learningRate: 0.01,
  seed: 3,
  earlyStopping: { monitor: 'val_loss', patience: 1, restoreBestWeights: true },
  reduceLrOnPlateau: { factor: 0.2, patience: 1, minLearningRate: 0 },
});

describe('notebooks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'notebooks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds nbformat 4.5 JSON with cell ids, a python3 kernelspec and language_info', () => {
    const nb = JSON.parse(
      buildNotebook(
        [
          { kind: 'markdown', source: '# Title\n\ntext' },
          { kind: 'code', source: 'x = 1\nprint(x)\n' },
        ],
        { title: 'T' },
      ),
    );
    expect(nb.nbformat).toBe(4);
    expect(nb.nbformat_minor).toBe(5);
    expect(nb.metadata.kernelspec.name).toBe('python3');
    expect(nb.metadata.language_info.name).toBe('python');
    expect(nb.cells.map((c: { id: string }) => c.id)).toEqual(['cell-1', 'cell-2']);
    expect(nb.cells[1]).toEqual({ cell_type: 'code', execution_count: null, id: 'cell-2', metadata: {}, outputs: [], source: ['x = 1\n', 'print(x)'] });
  });

  it("tables every layer with its Keras shape, parameters and the engine's arithmetic", () => {
    const graph = TEMPLATES.find((t) => t.slug === 'homework')!.build();
    const table = layerTableMarkdown(graph);
    const analysis = analyzeGraph(graph);
    for (const id of analysis.order) {
      const n = analysis.nodes[id]!;
      expect(table).toContain(`| ${n.name} | ${n.type} | (None, ${n.shape!.join(', ')}) |`);
      for (const t of n.trace) expect(table).toContain(`${t.label}: ${t.text}`);
    }
    expect(table).toContain('⌊(16 + 2·1 − 3)/2⌋ + 1 = 8');
    expect(table).toContain('Total parameters: **');
  });

  it('writes the Keras notebook: explained blocks, the code sections, the training curves', () => {
    const graph = TEMPLATES.find((t) => t.slug === 'fashion-mnist')!.build();
    const result = kerasNotebook(graph, { datasetId: 'fashion-mnist', options }, { weightsFile: 'model.npz' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const nb = JSON.parse(result.notebook) as { cells: { cell_type: string; source: string[] }[] };
    const text = nb.cells.map((c) => c.source.join(''));
    expect(text.some((t) => t.startsWith('## The model') && t.includes('| Layer | Type | Output shape | Params | Arithmetic |'))).toBe(true);
    expect(text.some((t) => t.includes('`compile` chooses how the network learns'))).toBe(true);
    expect(text.some((t) => t.includes('model.compile('))).toBe(true);
    expect(text.some((t) => t.includes('history = model.fit('))).toBe(true);
    expect(text.at(-1)).toContain('history.history');
    expect(text.at(-1)).toContain('matplotlib');
    // Notebook settings are plain assignments (no argparse in a kernel).
    expect(text.join('\n')).not.toContain('argparse');
  });

  it('refuses a network with an error', () => {
    const graph = TEMPLATES.find((t) => t.slug === 'mnist-cnn')!.build();
    const broken = { ...graph, edges: [] };
    expect(kerasNotebook(broken, { datasetId: 'mnist', options }).ok).toBe(false);
  });

  it.skipIf(!hasNbformat)(
    'every template’s Keras notebook validates with nbformat and its code cells parse (skipped where /usr/bin/python3 has no nbformat)',
    () => {
      const datasets = ['mnist', 'fashion-mnist', 'user:folder', 'sobel:mnist', 'synthetic-linear'];
      const paths = TEMPLATES.flatMap((t, i) => {
        const result = kerasNotebook(t.build(), { datasetId: t.dataset ?? datasets[i % datasets.length]!, options }, i % 2 ? { weightsFile: 'net.npz' } : {});
        if (!result.ok) throw new Error(`${t.slug}: ${result.error}`);
        const path = join(dir, `${t.slug}.ipynb`);
        writeFileSync(path, result.notebook);
        return [path];
      });
      const generic = join(dir, 'generic.ipynb');
      writeFileSync(
        generic,
        buildNotebook([
          { kind: 'markdown', source: layerTableMarkdown(TEMPLATES[1]!.build()) },
          { kind: 'code', source: 'print(1)' },
        ]),
      );
      paths.push(generic);
      const report = JSON.parse(execFileSync(PYTHON, ['-c', VALIDATE, ...paths], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })) as Record<
        string,
        { ok: boolean; error?: string; minor?: number }
      >;
      for (const path of paths) expect(report[path], path).toMatchObject({ ok: true, minor: 5 });
    },
    60_000,
  );
});
