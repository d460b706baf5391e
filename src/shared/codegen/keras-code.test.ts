// The generated Keras code against the Keras JSON the app exports for the same graph. Keras and
// TensorFlow are not installable here (no wheels for this machine's Python, and no network for pip), so
// the code is not run: Python's own parser (`ast`) reads every generated file, and a walker pulls out each
// layer call (`keras.layers.X(...)`, `keras.Input(...)`, the custom layer classes) with its keyword
// arguments (`ast.literal_eval`). Then, for every exported layer: the class matches, every keyword equals
// the config's value and differs from Keras' default, and every config key not passed equals the default
// in KERAS_DEFAULTS, so the defaults table is checked too. One Python process reads all the files.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { trainingOptionsSchema } from '../api/schemas';
import { analyzeGraph } from '../engine/analyze';
import { LAYER_SPECS } from '../engine/registry';
import { randomNetwork } from '../engine/random-network';
import { GraphBuilder, sequentialGraph } from '../graph/build';
import type { NetworkGraph } from '../graph/graph';
import { exportKerasModel } from '../interop/keras-export';
import { TEMPLATES } from '../templates';
import { generateKerasCode, kerasDefault, KERAS_DEFAULTS, layerKwargs, pyLiteral, sameJson, type CodeSettings } from './keras-code';

const PYTHON = '/usr/bin/python3';
const hasPython = existsSync(PYTHON);

const WALKER = String.raw`
import ast, json, sys

out = {}
for path in sys.argv[1:]:
    try:
        tree = ast.parse(open(path, encoding="utf-8").read(), filename=path)
    except SyntaxError as e:
        out[path] = {"error": f"{e.msg} at line {e.lineno}: {e.text!r}"}
        continue
    custom = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Attribute) and isinstance(f.value.value, ast.Name) and f.value.value.id == "keras" and f.value.attr == "layers":
            cls = f.attr
        elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "keras" and f.attr == "Input":
            cls = "Input"
        elif isinstance(f, ast.Name) and f.id in custom:
            cls = f.id
        else:
            continue
        calls.append({"class": cls, "line": node.lineno, "positional": len(node.args), "kwargs": {k.arg: ast.literal_eval(k.value) for k in node.keywords}})
    calls.sort(key=lambda c: c["line"])
    out[path] = {"calls": calls}
json.dump(out, sys.stdout)
`;

interface Call {
  class: string;
  line: number;
  positional: number;
  kwargs: Record<string, unknown>;
}

const base = { epochs: 3, batchSize: 32, learningRate: 0.001, seed: 7 };
/** Settings that reach every branch of the generator: optimizers, losses, datasets, validation, callbacks. */
const SETTINGS: CodeSettings[] = [
  { datasetId: 'mnist', options: trainingOptionsSchema.parse({ ...base }) },
  {
    datasetId: 'fashion-mnist',
    options: trainingOptionsSchema.parse({
      ...base,
      optimizer: 'nadam',
      loss: 'categoricalCrossentropy',
      validationSplit: 0.1,
      preprocessing: 'standardize',
      earlyStopping: { monitor: 'val_accuracy', patience: 2, restoreBestWeights: true },
      reduceLrOnPlateau: { factor: 0.5, patience: 1, minLearningRate: 1e-5 },
      trainLimit: 512,
      testLimit: 128,
    }),
  },
  { datasetId: 'user:flowers', classNames: ['daisy', 'rose'], options: trainingOptionsSchema.parse({ ...base, optimizer: 'nesterov', momentum: 0.8 }) },
  { datasetId: 'sobel:mnist', options: trainingOptionsSchema.parse({ ...base, optimizer: 'sgd', loss: 'meanSquaredError', trainLimit: 100 }) },
  { datasetId: 'synthetic-linear', options: trainingOptionsSchema.parse({ ...base, optimizer: 'rmsprop', loss: 'meanSquaredError', shuffle: false }) },
  {
    datasetId: 'user:folder',
    options: trainingOptionsSchema.parse({
      ...base,
      optimizer: 'adagrad',
      loss: 'categoricalCrossentropy',
      validationSplit: 0.25,
      preprocessing: 'standardize',
    }),
  },
  { datasetId: 'mnist', options: trainingOptionsSchema.parse({ ...base, optimizer: 'momentum', loss: 'binaryCrossentropy' }) },
];

/** Every template and valid random graphs from the engine's property generator (every layer type, branches, merges, two inputs). */
function cases(): { label: string; graph: NetworkGraph }[] {
  const out = TEMPLATES.map((t) => ({ label: `template ${t.slug}`, graph: t.build() }));
  const random: NetworkGraph[] = [];
  fc.assert(
    fc.property(fc.gen(), (g) => {
      if (random.length >= 60) return;
      const graph = randomNetwork(g, false, 0);
      if (analyzeGraph(graph).ok) random.push(graph);
    }),
    { numRuns: 400, seed: 14 },
  );
  // What 60 random graphs may miss: a PyTorch-padded transposed convolution (`_full` + Cropping2D), Minimum.
  const b = new GraphBuilder();
  const up = b.add('Conv2DTranspose', { filters: 4, kernel_size: [3, 3], strides: [2, 2], padding: 1, output_padding: [1, 1] }, [b.input([8, 8, 3])]);
  const t = b.add('Conv2DTranspose', { filters: 4, kernel_size: [2, 2], strides: [2, 2], padding: 'same' }, [up]);
  const c = b.add('Conv2D', { filters: 4, kernel_size: [1, 1], strides: [2, 2] }, [t]);
  b.add('Minimum', {}, [up, c]);
  // The 1-D family, which random graphs draw only after a sequence input.
  const sequence = sequentialGraph(
    [16, 3],
    [
      { type: 'SeparableConv1D', params: { filters: 4, kernel_size: [3], depth_multiplier: 2 } },
      { type: 'DepthwiseConv1D', params: { kernel_size: [3], padding: 'same' } },
      { type: 'Conv1DTranspose', params: { filters: 3, kernel_size: [3], strides: [2], padding: 1 } },
      { type: 'ZeroPadding1D', params: { padding: [[0, 1]] } },
      { type: 'Cropping1D', params: { cropping: 2 } },
      { type: 'UpSampling1D', params: { size: 3 } },
      { type: 'MaxPooling1D', params: { pool_size: [3], padding: 1 } },
      { type: 'AveragePooling1D', params: { padding: 'same' } },
      { type: 'GlobalMaxPooling1D' },
    ],
  );
  const drawn = [...out.map((c) => c.graph), ...random, b.graph, sequence];
  const seen = new Set(drawn.flatMap((g) => g.nodes.map((n) => n.type)));
  // Any other layer type the random graphs missed, alone after an input of a rank it takes.
  const INPUTS: Record<number, number[]> = { 1: [12], 2: [12, 4], 3: [8, 8, 6], 4: [4, 6, 6, 2] };
  const missed = LAYER_SPECS.filter((spec) => !seen.has(spec.type) && spec.inputs.min === 1 && spec.inputs.max >= 1)
    .map((spec) => ({ label: `${spec.type} alone`, graph: sequentialGraph(INPUTS[spec.inputRank === 'any' ? 3 : spec.inputRank[0]!]!, [{ type: spec.type }]) }))
    .filter((c) => analyzeGraph(c.graph).ok);
  for (const spec of LAYER_SPECS.filter((s) => !seen.has(s.type) && s.family === 'merge')) {
    const m = new GraphBuilder();
    const x = m.input([4, 4, 2]);
    m.add(spec.type, {}, [m.add('Conv2D', { filters: 2, kernel_size: [1, 1] }, [x]), x]);
    missed.push({ label: `${spec.type} alone`, graph: m.graph });
  }
  return [
    ...out,
    ...random.map((graph, i) => ({ label: `random graph ${i}`, graph })),
    { label: 'transposed + Minimum', graph: b.graph },
    { label: '1-D layers', graph: sequence },
    ...missed,
  ];
}

describe('Python literals', () => {
  it('writes JSON values as Python literals (lists as tuples)', () => {
    expect(pyLiteral([3, 3])).toBe('(3, 3)');
    expect(pyLiteral([5])).toBe('(5,)');
    expect(
      pyLiteral([
        [1, 1],
        [2, 2],
      ]),
    ).toBe('((1, 1), (2, 2))');
    expect(pyLiteral({ class_name: 'GlorotUniform', config: { seed: null } })).toBe('{"class_name": "GlorotUniform", "config": {"seed": None}}');
    expect(pyLiteral(true)).toBe('True');
    expect(pyLiteral('a "b"')).toBe('"a \\"b\\""');
    expect(pyLiteral(1e-7)).toBe('1e-7');
  });

  it('passes only what differs from the default, required arguments first, name last', () => {
    const config = { name: 'c', trainable: true, dtype: 'float32', kernel_size: [3, 3], strides: [1, 1], padding: 'same', filters: 8 };
    expect(layerKwargs('Conv2D', config)).toEqual([
      ['filters', 8],
      ['kernel_size', [3, 3]],
      ['padding', 'same'],
      ['name', 'c'],
    ]);
    // Pooling strides default to the pool size.
    expect(layerKwargs('MaxPooling2D', { name: 'p', pool_size: [3, 3], strides: [3, 3] })).toEqual([
      ['pool_size', [3, 3]],
      ['name', 'p'],
    ]);
  });
});

describe('Keras code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keras-code-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a network with an error, saying where', () => {
    const graph = TEMPLATES.find((t) => t.slug === 'mnist-cnn')!.build();
    const broken = { ...graph, nodes: graph.nodes.map((n) => (n.type === 'Dense' ? { ...n, params: { ...n.params, units: 0 } } : n)) };
    const result = generateKerasCode(broken, SETTINGS[0]!);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/layer "dense"/);
  });

  it('writes Sequential for a chain and the functional API for branches', () => {
    const code = (slug: string) => {
      const r = generateKerasCode(TEMPLATES.find((t) => t.slug === slug)!.build(), SETTINGS[0]!);
      return r.ok ? r.code : r.error;
    };
    expect(code('mnist-cnn')).toContain('keras.Sequential(');
    expect(code('mnist-cnn')).not.toContain('keras.Model(');
    expect(code('resnet-small')).toContain('keras.Model(inputs=');
    expect(code('inception')).toMatch(/keras\.layers\.Concatenate\(name="[^"]+"\)\(\[/);
  });

  it('writes compile and fit with the app settings', () => {
    const graph = TEMPLATES.find((t) => t.slug === 'fashion-mnist')!.build();
    const r = generateKerasCode(graph, SETTINGS[1]!, { weightsFile: 'model.npz' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.code).toContain('optimizer=keras.optimizers.Nadam(learning_rate=0.001)');
    expect(r.code).toContain('loss="categorical_crossentropy"');
    expect(r.code).toContain('metrics=["accuracy"]');
    expect(r.code).toContain('validation_split=0.1');
    expect(r.code).toContain('keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=3, restore_best_weights=True)');
    expect(r.code).toContain('keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2, min_lr=0.00001, min_delta=0)');
    expect(r.code).toContain('keras.utils.set_random_seed(SEED)');
    expect(r.code).toContain('keras.datasets.fashion_mnist.load_data()');
    expect(r.code).toContain('tf.distribute.MirroredStrategy() if MIRRORED');
    expect(r.code).toContain('parser.add_argument("--mirrored"');
    expect(r.code).toContain('set_weights');
    expect(r.sections.map((s) => s.title)).toEqual(['Imports', 'Settings', 'The model', 'Trained weights', 'The data', 'Compile', 'Fit']);
  });

  it.skipIf(!hasPython)(
    'parses with Python, and every layer call equals the Keras JSON export (class, keywords, defaults)',
    () => {
      const all = cases();
      expect(all.length).toBeGreaterThanOrEqual(TEMPLATES.length + 50);
      const files = all.map(({ label, graph }, i) => {
        const settings = SETTINGS[i % SETTINGS.length]!;
        const result = generateKerasCode(graph, settings, i % 2 ? { weightsFile: 'model.npz', name: 'net' } : {});
        if (!result.ok) throw new Error(`${label}: ${result.error}`);
        const path = join(dir, `case${i}.py`);
        writeFileSync(path, result.code);
        return { label, graph, path, result };
      });
      const walked = JSON.parse(execFileSync(PYTHON, ['-c', WALKER, ...files.map((f) => f.path)], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 })) as Record<
        string,
        { error?: string; calls?: Call[] }
      >;
      const classes = new Set<string>();
      for (const { label, graph, path, result } of files) {
        const entry = walked[path]!;
        expect(entry.error, `${label} does not parse`).toBeUndefined();
        const exported = exportKerasModel(graph);
        if (!exported.ok || !result.ok) throw new Error(label);
        const layers = exported.model.config.layers;
        const calls = entry.calls!;
        expect(calls.length, label).toBe(layers.length);
        const byName = new Map(calls.map((c) => [c.kwargs.name, c]));
        for (const layer of layers) {
          const where = `${label}, layer ${layer.name}`;
          const call = byName.get(layer.name);
          expect(call, where).toBeDefined();
          if (!call) continue;
          expect(call.positional, where).toBe(0);
          if (layer.class_name === 'InputLayer') {
            expect(call.class, where).toBe('Input');
            expect(call.kwargs, where).toEqual({ shape: (layer.config.batch_input_shape as number[]).slice(1), name: layer.name });
            continue;
          }
          classes.add(layer.class_name);
          expect(call.class, where).toBe(layer.class_name);
          for (const [key, value] of Object.entries(call.kwargs)) {
            if (key === 'name') continue;
            expect(Object.hasOwn(layer.config, key), `${where}: ${key} is not in the exported config`).toBe(true);
            expect(sameJson(value, layer.config[key]), `${where}: ${key}=${JSON.stringify(value)}, config ${JSON.stringify(layer.config[key])}`).toBe(true);
            const fallback = kerasDefault(layer.class_name, key, layer.config);
            expect(fallback.known && sameJson(value, fallback.value), `${where}: ${key} is passed with its default value`).toBe(false);
          }
          for (const [key, value] of Object.entries(layer.config)) {
            if (key === 'name' || Object.hasOwn(call.kwargs, key)) continue;
            const fallback = kerasDefault(layer.class_name, key, layer.config);
            expect(fallback.known, `${where}: ${key} is left out but has no default`).toBe(true);
            if (fallback.known) expect(sameJson(value, fallback.value), `${where}: ${key} left out, config ${JSON.stringify(value)}`).toBe(true);
          }
        }
        // Each node's line range holds its layer calls.
        const lines = result.code.split('\n');
        const nodeNames = new Map(graph.nodes.map((n) => [n.id, n.name]));
        expect(new Set(result.layers.map((l) => l.nodeId)), label).toEqual(new Set(graph.nodes.map((n) => n.id)));
        for (const { nodeId, lines: range } of result.layers) {
          const text = lines.slice(range[0] - 1, range[1]).join('\n');
          expect(text, `${label}: lines of ${nodeId}`).toContain(pyLiteral(nodeNames.get(nodeId)!).slice(0, -1));
        }
      }
      // Every Keras class in the defaults table was written at least once (so every row of the table was checked).
      expect(Object.keys(KERAS_DEFAULTS).filter((c) => !classes.has(c))).toEqual([]);
    },
    60_000,
  );
});
