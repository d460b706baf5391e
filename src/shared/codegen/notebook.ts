/**
 * Jupyter notebooks (nbformat 4.5) from cells, the layer table with the engine's arithmetic, and the
 * Keras notebook: markdown cells that explain each block, the Keras code's sections as code cells, and
 * a plot of the training curves. The PyTorch notebook reuses `buildNotebook` and `layerTableMarkdown`.
 */
import { KERAS_LOSS_NAMES } from '../api/schemas';
import { analyzeGraph } from '../engine/analyze';
import { fmtInt, kerasShape } from '../engine/format';
import type { NetworkGraph } from '../graph/graph';
import { kerasSections, type CodeSettings } from './keras-code';

export interface NotebookCell {
  kind: 'markdown' | 'code';
  source: string;
}

/** Lines as nbformat stores them: each with its newline, the last without. */
function sourceLines(source: string): string[] {
  const lines = source.replace(/\s+$/, '').split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l));
}

/** An nbformat 4.5 notebook (JSON text) for a Python 3 kernel; cell ids are `cell-1`, `cell-2`, … */
export function buildNotebook(cells: NotebookCell[], meta: { title?: string } = {}): string {
  const notebook = {
    cells: cells.map((cell, i) =>
      cell.kind === 'markdown'
        ? { cell_type: 'markdown', id: `cell-${i + 1}`, metadata: {}, source: sourceLines(cell.source) }
        : { cell_type: 'code', execution_count: null, id: `cell-${i + 1}`, metadata: {}, outputs: [], source: sourceLines(cell.source) },
    ),
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: {
        codemirror_mode: { name: 'ipython', version: 3 },
        file_extension: '.py',
        mimetype: 'text/x-python',
        name: 'python',
        nbconvert_exporter: 'python',
        pygments_lexer: 'ipython3',
      },
      ...(meta.title ? { title: meta.title } : {}),
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}

/** Text for a markdown table cell: pipes escaped, line breaks as `<br>`. */
const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '<br>');

/**
 * Every layer as a markdown table: name, type, output shape (as Keras prints it), parameters and the
 * arithmetic from the engine's traces (`H: ⌊(32 + 2·1 − 3)/2⌋ + 1 = 16`), then the totals.
 */
export function layerTableMarkdown(graph: NetworkGraph): string {
  const analysis = analyzeGraph(graph);
  const rows = analysis.order.map((id) => {
    const n = analysis.nodes[id]!;
    const shape = n.shape ? kerasShape(n.shape) : n.status === 'blocked' ? '(waiting)' : '(error)';
    const arithmetic = n.trace.map((t) => `${t.label}: ${t.text}`).join('\n');
    return `| ${cell(n.name)} | ${cell(n.type)} | ${cell(shape)} | ${n.status === 'ok' ? fmtInt(n.params.total) : '?'} | ${cell(arithmetic)} |`;
  });
  const { totals } = analysis;
  return [
    '| Layer | Type | Output shape | Params | Arithmetic |',
    '|---|---|---|---:|---|',
    ...rows,
    '',
    `Total parameters: **${fmtInt(totals.params)}** (trainable ${fmtInt(totals.trainable)}, non-trainable ${fmtInt(totals.nonTrainable)}); ` +
      `${fmtInt(totals.macs)} multiply-adds per sample.`,
  ].join('\n');
}

const OPTIMIZER_TEXT: Record<string, string> = {
  sgd: 'plain stochastic gradient descent (w ← w − lr·∇)',
  momentum: 'SGD with momentum (a running average of the gradients)',
  nesterov: 'SGD with Nesterov momentum (the gradient taken after the momentum step)',
  adam: 'Adam (per-weight step sizes from running averages of the gradient and its square)',
  nadam: 'Nadam (Adam with Nesterov momentum)',
  rmsprop: 'RMSprop (each gradient divided by a running average of its square)',
  adagrad: 'Adagrad (step sizes that shrink with each weight’s accumulated squared gradients)',
};

/** The training curves from `history.history` (loss, and accuracy where it was measured). */
export const PLOT_HISTORY = `import matplotlib.pyplot as plt

curves = history.history
metrics = [m for m in ("loss", "accuracy") if m in curves]
fig, axes = plt.subplots(1, len(metrics), figsize=(6 * len(metrics), 4), squeeze=False)
for ax, metric in zip(axes[0], metrics):
    ax.plot(range(1, len(curves[metric]) + 1), curves[metric], marker="o", label="training")
    if "val_" + metric in curves:
        ax.plot(range(1, len(curves["val_" + metric]) + 1), curves["val_" + metric], marker="o", label="validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.set_title(metric)
    ax.legend()
plt.tight_layout()
plt.show()`;

export function kerasNotebook(
  graph: NetworkGraph,
  settings: CodeSettings,
  opts: { weightsFile?: string; name?: string } = {},
): { ok: true; notebook: string } | { ok: false; error: string } {
  const result = kerasSections(graph, settings, { ...opts, target: 'notebook' });
  if (!result.ok) return result;
  const { sections, data, parts } = result.generated;
  const { options } = settings;
  const name = opts.name ?? 'model';
  const explain: Record<string, string> = {
    Imports:
      'NumPy holds the arrays, TensorFlow runs the network and Keras builds it. In Colab they are installed already; elsewhere `pip install tensorflow` (Keras comes with it).',
    Settings:
      `The training settings from CNN Studio: ${options.epochs} epoch(s) of batches of ${options.batchSize} images. ` +
      '`keras.utils.set_random_seed` seeds Python, NumPy and TensorFlow, so a run starts from the same weights and shuffles the same way each time. ' +
      'Set `MIRRORED = True` to train on every GPU of this machine with `tf.distribute.MirroredStrategy` (each batch is split between them).',
    'Custom layers': 'Keras has no layer for this, so it is written here as a small `keras.layers.Layer` subclass.',
    'The model':
      (parts.sequential
        ? 'The network is a chain, so `keras.Sequential` lists its layers in order.'
        : 'The network branches or merges, so it is written with the functional API: each layer is called on the output of the layers it reads.') +
      ' Every keyword argument is one that differs from Keras’ default; each layer’s output shape follows from the arithmetic below ' +
      '(`None` is the batch axis). `model.summary()` prints the same shapes and counts.\n\n' +
      layerTableMarkdown(graph),
    'Trained weights': `The weights trained in CNN Studio, from \`${opts.weightsFile ?? ''}\` (one array per layer weight, in Keras’ layout), copied into the layers with \`set_weights\`. Without the file the network keeps its fresh random weights.`,
    'The data': data.description,
    Compile:
      `\`compile\` chooses how the network learns: the optimizer ${OPTIMIZER_TEXT[options.optimizer]} with learning rate ${options.learningRate}, ` +
      `the loss \`${KERAS_LOSS_NAMES[options.loss]}\` it minimizes` +
      (data.kind === 'classification' ? ', and accuracy, the fraction of images whose most likely class is the right one, to report.' : '.'),
    Fit:
      '`fit` trains: each epoch shuffles the training data, cuts it into batches and takes one optimizer step per batch; after each epoch it measures the loss on the ' +
      (options.validationSplit > 0 ? `last ${Math.round(options.validationSplit * 100)} % of the training data, held out.` : 'validation data.') +
      (options.earlyStopping
        ? ` Early stopping ends training when \`${options.earlyStopping.monitor}\` stops improving${options.earlyStopping.restoreBestWeights ? ' and restores the best epoch’s weights' : ''}.`
        : '') +
      (options.reduceLrOnPlateau ? ` The learning rate is multiplied by ${options.reduceLrOnPlateau.factor} when the validation loss stops improving.` : '') +
      ' `history.history` keeps every epoch’s numbers for the plot below; `evaluate` measures the trained network on the test data.',
  };
  const cells: NotebookCell[] = [
    {
      kind: 'markdown',
      source:
        `# ${name} in Keras\n\nGenerated by CNN Studio from the same layer registry that computed the shapes in the app. ` +
        'Run the cells from the top (in Jupyter or Colab): they build the network, load the data, train it and plot the training curves.',
    },
  ];
  for (const section of sections) {
    cells.push({ kind: 'markdown', source: `## ${section.title}\n\n${explain[section.title] ?? ''}`.trimEnd() });
    cells.push({ kind: 'code', source: section.code });
  }
  cells.push({
    kind: 'markdown',
    source:
      '## Training curves\n\nLoss (and accuracy) per epoch, on the training data and on the validation data. A validation curve that turns up while the training curve keeps falling is overfitting.',
  });
  cells.push({ kind: 'code', source: PLOT_HISTORY });
  return { ok: true, notebook: buildNotebook(cells, { title: `${name} (Keras)` }) };
}
