/**
 * The PyTorch script as a Jupyter notebook, as the course works (Colab): each block of the script
 * in its own code cell, a markdown cell before it saying what it does, the engine's layer table
 * with its arithmetic, and a plot of the training curves at the end.
 */
import type { NetworkGraph } from '../graph/graph';
import { buildNotebook, layerTableMarkdown } from './notebook';
import { generatePytorchScript, type ScriptSettings } from './pytorch-script';

/** What each block of the script is, for the markdown cell before it. */
const EXPLAINED: Record<string, string> = {
  Imports: 'PyTorch (and NumPy / torchvision where the data needs them).',
  Model:
    "`build_model()` returns an `nn.Module` whose children are the app's layers, in graph order and named after them. It computes in PyTorch's layout (N, C, H, W) with Keras' semantics: TF-style 'same' padding, Keras' Flatten order, BatchNorm momentum and epsilon, glorot-uniform kernels.",
  Settings: 'The training settings of the app (dataset, optimizer, loss, learning rate, epochs, batch size, validation, callbacks, seed).',
  Data: 'MNIST / Fashion-MNIST from local IDX files (`--data`) or torchvision, an image folder or a CSV; pixels × 1/255 as the app does, fed as (N, C, H, W).',
  Training:
    "The app's training loop: the same optimizer rule, loss, validation, early stopping and learning-rate schedule; under `torchrun` it uses DistributedDataParallel.",
  'Summary and check': "The layer table from forward hooks, and `--check`, which compares PyTorch's predictions with the app's on the exported test images.",
  Main: 'The command line of the script (`main(argv)`): the cells below call it with arguments instead.',
};

export function pytorchNotebook(graph: NetworkGraph, settings: ScriptSettings): { ok: true; notebook: string } | { ok: false; error: string } {
  const script = generatePytorchScript(graph, settings);
  if (!script.ok) return script;
  const cells: { kind: 'markdown' | 'code'; source: string }[] = [
    {
      kind: 'markdown',
      source: `# ${settings.datasetId} CNN, exported by CNN Studio\n\nEvery layer's output shape and parameter count, with the arithmetic behind them:\n\n${layerTableMarkdown(graph)}`,
    },
  ];
  for (const section of script.sections) {
    cells.push({ kind: 'markdown', source: `## ${section.title}\n\n${EXPLAINED[section.title] ?? ''}`.trim() });
    // In a notebook `__name__` is "__main__" too: the command-line entry would parse the kernel's arguments.
    cells.push({ kind: 'code', source: section.code.replace(/\n*if __name__ == "__main__":[\s\S]*$/, '\n').trimEnd() });
  }
  cells.push(
    {
      kind: 'markdown',
      source:
        '## Run it\n\nThe layer table, then a short training run (set `CNN_STUDIO_DATA` to a folder of MNIST IDX files to train offline; raise the limit and epochs for the real thing).',
    },
    { kind: 'code', source: 'summary()' },
    {
      kind: 'code',
      source: [
        'import os',
        "data = ['--data', os.environ['CNN_STUDIO_DATA']] if os.environ.get('CNN_STUDIO_DATA') else []",
        "main(['--train', '--epochs', os.environ.get('CNN_STUDIO_EPOCHS', '1'), '--limit', os.environ.get('CNN_STUDIO_LIMIT', '512'), '--out', 'runs'] + data)",
      ].join('\n'),
    },
    { kind: 'markdown', source: '## Training curves\n\nFrom `runs/metrics.csv`, one row per epoch.' },
    {
      kind: 'code',
      source: [
        'import csv',
        "rows = list(csv.DictReader(open('runs/metrics.csv')))",
        'try:',
        '    import matplotlib.pyplot as plt',
        "    epochs = [int(r['epoch']) for r in rows]",
        '    for key in [k for k in rows[0] if k != "epoch"] if rows else []:',
        '        try:',
        '            plt.plot(epochs, [float(r[key]) for r in rows], label=key)',
        '        except ValueError:',
        '            pass',
        "    plt.xlabel('epoch'); plt.legend(); plt.show()",
        'except ImportError:',
        '    for r in rows: print(r)',
      ].join('\n'),
    },
  );
  return { ok: true, notebook: buildNotebook(cells, { title: `${settings.datasetId} CNN (PyTorch)` }) };
}
