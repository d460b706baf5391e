import { answersJson } from '../../shared/homework/answers';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sequentialGraph } from '../../shared/graph/build';
import { serializeProject } from '../../shared/project/project-file';
import { NEW_LAYERS_EXPECTED } from '../../shared/interop/fixtures/keras3-new-layers.expected';
import { homeworkNet, smallResNet } from '../../shared/templates/course-networks';
import { runCli, USAGE } from './cli';

const root = resolve(__dirname, '../../..');
const fixtures = join(root, 'src/shared/interop/fixtures');

/** A fake file system and captured output. */
function harness(files: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const io = {
    readFile: async (path: string) => {
      if (path in files) return files[path]!;
      if (path.startsWith(fixtures)) return readFileSync(path, 'utf8');
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    },
    stdout: (s: string) => void (out.stdout += s),
    stderr: (s: string) => void (out.stderr += s),
  };
  return { io, out, run: (...argv: string[]) => runCli(argv, io) };
}

const homework = serializeProject(homeworkNet());
/** Conv2D after a Flatten: a rank error on the conv. */
const broken = serializeProject(sequentialGraph([28, 28, 1], [{ type: 'Flatten' }, { type: 'Conv2D', params: { filters: 8, kernel_size: [3, 3] } }]));

describe('cnn-studio summary --json', () => {
  it('homework network: every layer’s shape and parameters, exit 0', async () => {
    const { out, run } = harness({ 'homework.cnnstudio.json': homework });
    expect(await run('summary', 'homework.cnnstudio.json', '--json')).toBe(0);
    expect(out.stderr).toBe('');
    const layer = (name: string, type: string, shape: number[], params: number) => ({
      name,
      type,
      output_shape: shape,
      params,
      trainable_params: params,
      non_trainable_params: 0,
    });
    expect(JSON.parse(out.stdout)).toEqual({
      status: 'ok',
      layers: [
        layer('input_layer', 'InputLayer', [32, 32, 3], 0),
        layer('conv2d', 'Conv2D', [16, 16, 8], 224),
        layer('conv2d_1', 'Conv2D', [8, 8, 16], 1168),
        layer('max_pooling2d', 'MaxPooling2D', [4, 4, 16], 0),
        layer('global_average_pooling2d', 'GlobalAveragePooling2D', [16], 0),
      ],
      total_params: 1392,
      trainable_params: 1392,
      non_trainable_params: 0,
      errors: [],
    });
    expect(out.stdout).toContain('"output_shape": [16, 16, 8],'); // shapes on one line
  });

  it('a network with errors: status "error", the error names the layer, exit 1', async () => {
    const { out, run } = harness({ 'broken.cnnstudio.json': broken });
    expect(await run('summary', '--json', 'broken.cnnstudio.json')).toBe(1);
    const summary = JSON.parse(out.stdout);
    expect(summary.status).toBe('error');
    expect(summary.errors).toEqual([
      {
        layer: 'conv2d',
        code: 'rank-mismatch',
        message: expect.stringMatching(/^Conv2D expects an H × W × C image \(rank 3\), but "flatten" gives \(784\), rank 1\.$/),
      },
    ]);
    expect(summary.layers.map((l: { name: string; output_shape: unknown }) => [l.name, l.output_shape])).toEqual([
      ['input_layer', [28, 28, 1]],
      ['flatten', [784]],
      ['conv2d', null],
    ]);
  });

  it('Keras and TensorFlow.js files (a Keras 3 model with every 1-D, 2-D and 3-D layer type among them); import warnings go to stderr, not into the JSON', async () => {
    const { out, run } = harness();
    expect(await run('summary', join(fixtures, 'tfjs-lenet5-model.json'), '--json')).toBe(0);
    expect(JSON.parse(out.stdout).total_params).toBe(61_706);
    expect(out.stderr).toBe(
      'cnn-studio: warning: Only the architecture was imported: to import the trained weights too, open the model file together with its weight file (lenet5.weights.bin).\n',
    );

    const k = harness();
    expect(await k.run('summary', join(fixtures, 'keras3-fashion-mnist-sequential.json'), '--json')).toBe(0);
    expect(JSON.parse(k.out.stdout).total_params).toBe(1_413_834);

    const n = harness();
    expect(await n.run('summary', join(fixtures, 'keras3-new-layers.json'), '--json')).toBe(0);
    const summary = JSON.parse(n.out.stdout);
    expect(n.out.stderr).toBe('');
    expect(summary).toMatchObject({ status: 'ok', total_params: 2_135, errors: [] });
    expect(
      Object.fromEntries(
        summary.layers.map((l: { name: string; type: string; output_shape: number[]; params: number }) => [l.name, [l.type, l.output_shape, l.params]]),
      ),
    ).toEqual(NEW_LAYERS_EXPECTED);

    const u = harness();
    expect(await u.run('summary', join(fixtures, 'keras3-unknown-layer.json'), '--json')).toBe(1);
    expect(JSON.parse(u.out.stdout).errors).toEqual([{ layer: 'unit_normalization', code: 'unsupported-layer', message: expect.any(String) }]);
  });
});

describe('cnn-studio summary (table)', () => {
  it('prints the Keras-style table with each layer’s arithmetic', async () => {
    const { out, run } = harness({ 'nets/homework.cnnstudio.json': homework });
    expect(await run('summary', 'nets/homework.cnnstudio.json')).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe('Model: "homework"');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ conv2d \(Conv2D\) +\(None, 16, 16, 8\) +224$/),
        expect.stringMatching(/^ conv2d_1 \(Conv2D\) +\(None, 8, 8, 16\) +1,168$/),
        '      H: ⌊(16 + 2·1 − 3)/2⌋ + 1 = 8',
        '      params: (3·3·8 + 1)·16 = 1,168',
        'Total params: 1,392 (5.4 KiB)',
      ]),
    );
    expect(out.stdout.endsWith('\n')).toBe(true);
  });

  it('shows the error under the layer, exit 1', async () => {
    const { out, run } = harness({ 'broken.json': broken });
    expect(await run('summary', 'broken.json')).toBe(1);
    expect(out.stdout).toMatch(/ conv2d \(Conv2D\) +\(error\) +\?\n {6}ERROR \[rank-mismatch\] Conv2D expects/);
  });

  it('uses the model name the Keras file gives', async () => {
    const { out, run } = harness();
    expect(await run('summary', join(fixtures, 'tfkeras2-functional-skip.json'))).toBe(0);
    expect(out.stdout).toMatch(/^Model: "residual_block"\n/);
    expect(out.stdout).toContain('Connected to');
  });
});

/** The harness with folders (`listDir` over the fake files) and a writable in-memory file system. */
function folders(files: Record<string, string>) {
  const h = harness(files);
  const written = new Map<string, string | Uint8Array>();
  const io = {
    ...h.io,
    listDir: async (path: string) => {
      const inside = Object.keys(files).filter((f) => f.startsWith(`${path.replace(/\/$/, '')}/`));
      if (!inside.length) throw new Error('not a folder');
      return inside.map((f) => f.slice(path.replace(/\/$/, '').length + 1)).filter((f) => !f.includes('/'));
    },
    writeFile: async (path: string, contents: string | Uint8Array) => void written.set(path, contents),
    exists: async (path: string) => path in files || written.has(path),
  };
  return { ...h, written, run: (...argv: string[]) => runCli(argv, io) };
}

describe('cnn-studio summary: several files, folders, formats', () => {
  const res = serializeProject(smallResNet());
  const klass = { 'class/homework.cnnstudio.json': homework, 'class/res.json': res, 'class/notes.txt': 'not a model', 'class/hw.cnnhomework.json': '{}' };

  it('a folder: its model files in name order (not notes, homework files or subfolders), one table each', async () => {
    const { out, run } = folders({ ...klass, 'class/old/x.json': broken });
    expect(await run('summary', 'class')).toBe(0);
    expect(out.stderr).toBe('');
    const sections = out.stdout.split(/^File: /m).slice(1);
    expect(sections.map((t) => t.split('\n')[0])).toEqual(['class/homework.cnnstudio.json', 'class/res.json']);
    expect(sections[0]).toMatch(/^class\/homework\.cnnstudio\.json\nModel: "homework"\n/);
    expect(sections[0]).toContain('      params: (3·3·8 + 1)·16 = 1,168');
    expect(sections[1]).toContain('Model: "res"');
    expect(sections[1]).toContain('Total params: 20,138 (78.7 KiB)');
  });

  it('several files as JSON: an array, each with its file; an unreadable one is left out, listed on stderr, exit 2', async () => {
    const { out, run } = folders(klass);
    expect(await run('summary', 'class/homework.cnnstudio.json', 'missing.json', 'class/res.json', '--json')).toBe(2);
    const summaries = JSON.parse(out.stdout);
    expect(summaries.map((s: { file: string; total_params: number }) => [s.file, s.total_params])).toEqual([
      ['class/homework.cnnstudio.json', 1392],
      ['class/res.json', 20_138],
    ]);
    expect(summaries[0].layers[1]).toEqual({
      name: 'conv2d',
      type: 'Conv2D',
      output_shape: [16, 16, 8],
      params: 224,
      trainable_params: 224,
      non_trainable_params: 0,
    });
    expect(out.stderr).toBe('cnn-studio: cannot read missing.json: no such file.\ncnn-studio: 1 of 3 could not be read: missing.json\n');
  });

  it('--format json --arithmetic adds each layer’s arithmetic; one file stays one object', async () => {
    const { out, run } = folders(klass);
    expect(await run('summary', 'class/homework.cnnstudio.json', '--format', 'json', '--arithmetic')).toBe(0);
    const summary = JSON.parse(out.stdout);
    expect(summary.layers[2].arithmetic).toEqual([
      'H: ⌊(16 + 2·1 − 3)/2⌋ + 1 = 8',
      'W: ⌊(16 + 2·1 − 3)/2⌋ + 1 = 8',
      'params: (3·3·8 + 1)·16 = 1,168',
      'MACs: 8·8·16·72 = 73,728',
      'receptive field: 7×7 px, jump 4×4, start 1, 1',
    ]);
  });

  it('--format csv: one file without, several with a leading file column and one header', async () => {
    const one = folders(klass);
    expect(await one.run('summary', 'class/homework.cnnstudio.json', '--format=csv')).toBe(0);
    expect(one.out.stdout.split('\n').slice(0, 3)).toEqual([
      'layer,type,output_shape,params,trainable_params,non_trainable_params,connected_to',
      'input_layer,InputLayer,"(None, 32, 32, 3)",0,0,0,',
      'conv2d,Conv2D,"(None, 16, 16, 8)",224,224,0,input_layer',
    ]);
    const many = folders(klass);
    expect(await many.run('summary', 'class', '--format', 'csv', '--arithmetic')).toBe(0);
    const lines = many.out.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('file,layer,type,output_shape,params,trainable_params,non_trainable_params,connected_to,arithmetic');
    expect(lines.filter((l) => l.startsWith('file,'))).toHaveLength(1);
    expect(lines).toContain('class/homework.cnnstudio.json,(total),,,1392,1392,0,,');
    expect(lines.find((l) => l.startsWith('class/res.json,add,'))).toMatch(
      /^class\/res\.json,add,Add,"\(None, 32, 32, 16\)",0,0,0,"batch_normalization_1, conv2d",.+/,
    );
    expect(lines).toHaveLength(1 + 6 + 20);
  });

  it('--format md: the Markdown table, one section per file; the arithmetic only when asked', async () => {
    const one = folders(klass);
    expect(await one.run('summary', 'class/homework.cnnstudio.json', '--format', 'md')).toBe(0);
    expect(one.out.stdout).toMatch(/^## Model: "homework"\n\n\| Layer \(type\) \| Output Shape \| Param # \|\n/);
    expect(one.out.stdout).toContain('| conv2d_1 (Conv2D) | (None, 8, 8, 16) | 1,168 |');
    expect(one.out.stdout).not.toContain('### Arithmetic');
    const many = folders(klass);
    expect(await many.run('summary', 'class', '--format', 'md', '--arithmetic')).toBe(0);
    expect(many.out.stdout).toMatch(/^# class\/homework\.cnnstudio\.json\n\n## Model: "homework"\n/);
    expect(many.out.stdout).toContain('\n# class/res.json\n\n## Model: "res"\n');
    expect(many.out.stdout.match(/### Arithmetic/g)).toHaveLength(2);
  });

  it('the table without the arithmetic; exit 1 when one of the networks has errors', async () => {
    const { out, run } = folders({ ...klass, 'broken.json': broken });
    expect(await run('summary', 'class/homework.cnnstudio.json', 'broken.json', '--no-arithmetic')).toBe(1);
    expect(out.stdout).not.toContain('params: (3·3·8 + 1)·16');
    expect(out.stdout).toContain('File: broken.json\nModel: "broken"');
    expect(out.stdout).toMatch(/ conv2d \(Conv2D\) +\(error\) +\?\n/);
  });

  it('a folder without model files, or a folder as a FILE where folders cannot be listed: exit 2', async () => {
    const { out, run } = folders({ 'empty/notes.txt': 'x' });
    expect(await run('summary', 'empty')).toBe(2);
    expect(out.stderr).toBe(
      'cnn-studio: empty: a folder without model files (*.json).\ncnn-studio: 1 of 1 could not be read: empty: a folder without model files (*.json)\n',
    );
    expect(out.stdout).toBe('');
    const plain = harness();
    plain.io.readFile = async () => {
      throw Object.assign(new Error('EISDIR: illegal operation on a directory, read'), { code: 'EISDIR' });
    };
    expect(await plain.run('summary', 'class')).toBe(2);
    expect(plain.out.stderr).toBe('cnn-studio: cannot read class: it is a folder.\n');
  });
});

describe('cnn-studio diagram', () => {
  it('writes the SVG beside the file, never over an existing one without --force; --theme and --layout', async () => {
    const { run, written, out } = folders({ 'work/homework.cnnstudio.json': homework });
    expect(await run('diagram', 'work/homework.cnnstudio.json')).toBe(0);
    const svg = String(written.get('work/homework.svg'));
    expect(svg).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
    for (const shape of ['32×32×3', '16×16×8', '8×8×16', '4×4×16']) expect(svg).toContain(`>${shape}</text>`);
    expect(svg).toContain('<title>homework</title>');
    expect(svg).toContain('data-theme="light"');
    expect(out.stdout).toBe('wrote work/homework.svg\n');
    expect(await run('diagram', 'work/homework.cnnstudio.json')).toBe(2);
    expect(out.stderr).toBe('cnn-studio: work/homework.svg exists; nothing was written (use --force to overwrite).\n');
    expect(await run('diagram', 'work/homework.cnnstudio.json', '--force', '--theme', 'dark', '--layout', 'auto')).toBe(0);
    expect(String(written.get('work/homework.svg'))).toContain('data-theme="dark"');
    expect(await run('diagram', 'work/homework.cnnstudio.json', '-o', 'slides/net.svg')).toBe(0);
    expect(written.has('slides/net.svg')).toBe(true);
  });

  it('a network with errors is drawn with its error marks (exit 1); an unreadable file exits 2', async () => {
    const { run, written, out } = folders({ 'broken.cnnstudio.json': broken });
    expect(await run('diagram', 'broken.cnnstudio.json')).toBe(1);
    expect(String(written.get('broken.svg'))).toContain('data-error="rank-mismatch"');
    expect(out.stderr).toBe('cnn-studio: the network has errors (marked in the diagram).\n');
    expect(await run('diagram', 'missing.json')).toBe(2);
    expect(written.size).toBe(1);
  });
});

describe('files that cannot be read: exit 2', () => {
  it('a missing file', async () => {
    const { out, run } = harness();
    expect(await run('summary', 'nope.json')).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe('cnn-studio: cannot read nope.json: no such file.\n');
  });

  it('not JSON, or JSON that is no model', async () => {
    const { out, run } = harness({ 'a.json': '{"layers": [', 'b.json': '{"name": "x"}' });
    expect(await run('summary', 'a.json')).toBe(2);
    expect(out.stderr).toMatch(/^cnn-studio: a\.json is not valid JSON \(/);
    expect(await run('summary', 'b.json', '--json')).toBe(2);
    expect(out.stderr).toMatch(/cnn-studio: b\.json: not a CNN Studio project/);
    expect(out.stdout).toBe('');
  });

  it('a model file with a dangling reference says where', async () => {
    const { out, run } = harness();
    const file = join(fixtures, 'broken-dangling-input.json');
    expect(await run('summary', file)).toBe(2);
    expect(out.stderr).toBe(`cnn-studio: ${file}: layer "dense_3" refers to unknown input "foo".\n`);
  });
});

describe('usage', () => {
  it.each([
    [[], 'no command given.'],
    [['sumary', 'x.json'], 'unknown command "sumary".'],
    [['summary'], 'no FILE given.'],
    [['summary', 'a.json', '--format', 'yaml'], '--format takes table, json, csv, md (got "yaml").'],
    [['summary', 'a.json', '--format'], '--format takes table, json, csv, md (got nothing).'],
    [['summary', 'a.json', '--json', '--format=csv'], '--json and --format csv disagree.'],
    [['diagram'], 'no FILE given.'],
    [['diagram', 'a.json', 'b.json'], 'one FILE at a time (got 2).'],
    [['diagram', 'a.json', '--theme', 'blue'], '--theme takes light or dark (got "blue").'],
    [['diagram', 'a.json', '--layout'], '--layout takes canvas or auto (got nothing).'],
    [['summary', 'a.json', '--yaml'], 'unknown option "--yaml".'],
  ])('%j → exit 2 with the usage line', async (argv, problem) => {
    const { out, run } = harness();
    expect(await run(...argv)).toBe(2);
    expect(out.stderr).toBe(`cnn-studio: ${problem}\n${USAGE}\n`);
    expect(out.stdout).toBe('');
  });

  it('--help prints the usage and exits 0', async () => {
    const { out, run } = harness();
    expect(await run('--help')).toBe(0);
    expect(out.stdout.startsWith(`${USAGE}\n`)).toBe(true);
    expect(out.stdout).toContain('Exit status: 0');
    expect(await run('summary', '-h')).toBe(0);
  });
});

describe('bin/cnn-studio.cjs (the real process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bin = join(root, 'bin/cnn-studio.cjs');
  const spawn = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

  // The built out/main/cli.js when `npm run build` made it, else the source through tsx.
  it(`runs ${existsSync(join(root, 'out/main/cli.js')) ? 'out/main/cli.js' : 'the source through tsx'} from another folder and keeps the exit codes`, () => {
    writeFileSync(join(dir, 'homework.cnnstudio.json'), homework);
    writeFileSync(join(dir, 'broken.cnnstudio.json'), broken);
    const ok = spawn(['summary', 'homework.cnnstudio.json', '--json']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ status: 'ok', total_params: 1392 });
    const bad = spawn(['summary', 'broken.cnnstudio.json']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('ERROR [rank-mismatch]');
    const missing = spawn(['summary', 'missing.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('cnn-studio: cannot read missing.json: no such file.\n');
  });

  it('runs the TypeScript source through tsx when asked to', () => {
    writeFileSync(join(dir, 'homework.cnnstudio.json'), homework);
    const result = spawn(['summary', 'homework.cnnstudio.json'], { CNN_STUDIO_CLI_FROM_SOURCE: '1' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Model: "homework"\n/);
    expect(result.stdout).toContain('Total params: 1,392');
  });
});

describe('cnn-studio export', () => {
  /** The harness with a writable in-memory file system. */
  function writable(files: Record<string, string>) {
    const h = harness(files);
    const written = new Map<string, string | Uint8Array>();
    const io = {
      ...h.io,
      writeFile: async (path: string, contents: string | Uint8Array) => void written.set(path, contents),
      exists: async (path: string) => path in files || written.has(path),
    };
    return { ...h, written, run: (...argv: string[]) => runCli(argv, io) };
  }

  it('writes Keras model JSON and PyTorch code beside the file, never over an existing one without --force', async () => {
    const { run, written, out } = writable({ 'work/homework.cnnstudio.json': homework });
    expect(await run('export', 'work/homework.cnnstudio.json', '--to', 'keras-json')).toBe(0);
    expect(JSON.parse(String(written.get('work/homework.keras.json'))).class_name).toBe('Functional');
    expect(await run('export', 'work/homework.cnnstudio.json', '--to', 'pytorch', '-o', 'out/net.py')).toBe(0);
    expect(String(written.get('out/net.py'))).toContain('def build_model()');
    expect(out.stdout).toContain('wrote out/net.py');
    expect(await run('export', 'work/homework.cnnstudio.json', '--to', 'pytorch', '-o', 'out/net.py')).toBe(2);
    expect(out.stderr).toContain('out/net.py exists; nothing was written (use --force to overwrite).');
    expect(await run('export', 'work/homework.cnnstudio.json', '--to', 'pytorch', '-o', 'out/net.py', '--force')).toBe(0);
  });

  it('damaged trained weights: the network is exported without them, with the reason, and no stack trace', async () => {
    const graph = homeworkNet();
    const conv = graph.nodes.find((n) => n.type === 'Conv2D')!;
    const damaged = serializeProject(graph, { trained: { runId: 'r1', weights: [{ nodeId: conv.id, name: 'kernel', shape: [3, 3, 3, 8], data: 'AAAA' }] } });
    const { run, written, out } = writable({ 'w.cnnstudio.json': damaged });
    expect(await run('export', 'w.cnnstudio.json', '--to', 'pytorch', '-o', 'w.py')).toBe(0);
    expect(String(written.get('w.py'))).toContain('def build_model()');
    expect(out.stderr).toMatch(/the trained weights in w\.cnnstudio\.json are damaged \(weights of .*\/kernel: 3 bytes/);
    expect(out.stderr).not.toMatch(/internal error|at .*\.ts:/);
  });

  it('a network with errors is printed and nothing is written (exit 1); bad arguments exit 2', async () => {
    const { run, written, out } = writable({ 'broken.cnnstudio.json': broken });
    expect(await run('export', 'broken.cnnstudio.json', '--to', 'keras')).toBe(1);
    expect(written.size).toBe(0);
    expect(out.stderr).toContain('the network has errors; nothing was written.');
    expect(await run('export', 'broken.cnnstudio.json')).toBe(2);
    expect(await run('export', 'broken.cnnstudio.json', '--to', 'caffe')).toBe(2);
    expect(out.stderr).toContain('unknown target "caffe"');
    expect(await run('export', 'missing.json', '--to', 'keras')).toBe(2);
  });
});

describe('cnn-studio homework make / grade', () => {
  function classroom(files: Record<string, string>) {
    const h = harness(files);
    const written = new Map<string, string>();
    const io = {
      ...h.io,
      readFile: async (path: string) => (written.has(path) ? written.get(path)! : h.io.readFile(path)),
      writeFile: async (path: string, contents: string | Uint8Array) => void written.set(path, String(contents)),
      exists: async (path: string) => path in files || written.has(path),
      listDir: async (path: string) => {
        const inside = Object.keys(files).filter((f) => f.startsWith(`${path}/`));
        if (!inside.length) throw new Error('not a folder');
        return inside.map((f) => f.slice(path.length + 1));
      },
    };
    return { ...h, written, run: (...argv: string[]) => runCli(argv, io) };
  }
  const right = 'layer,output_shape,params\nconv2d,16×16×8,224\nconv2d_1,"(None, 8, 8, 16)","1,168"\nmax_pooling2d,4x4x16,0\nglobal_average_pooling2d,16,0\n';
  const twoWrong =
    '# student: Bo\nlayer,output_shape,params\nconv2d,15×15×8,224\nconv2d_1,8×8×16,1152\nmax_pooling2d,4×4×16,0\nglobal_average_pooling2d,16,0\n';
  const partial = 'layer,output_shape,params\nconv2d,16×16×8,224\n';

  it('makes a homework without answers, then grades a folder: right, wrong, partial and unreadable files', async () => {
    const { run, written, out } = classroom({
      'hw.cnnstudio.json': homework,
      'class/ada.csv': right,
      'class/bo.csv': twoWrong,
      'class/cy.csv': partial,
      'class/dee.json': '{ not json',
    });
    expect(await run('homework', 'make', 'hw.cnnstudio.json', '-o', 'hw.cnnhomework.json')).toBe(0);
    expect(written.get('hw.cnnhomework.json')).not.toContain('1168');
    expect(await run('grade', 'hw.cnnhomework.json', 'class')).toBe(2); // one file could not be read; the others are graded
    expect(out.stdout).toContain('ada (class/ada.csv): 8 / 8');
    expect(out.stdout).toContain('Bo (class/bo.csv): 6 / 8');
    expect(out.stdout).toContain('conv2d output_shape: gave 15×15×8, expected (None, 16, 16, 8)');
    expect(out.stdout).toContain('conv2d_1 params: gave 1152, expected 1,168');
    expect(out.stdout).toContain('params: (3·3·8 + 1)·16 = 1,168');
    expect(out.stdout).toContain('cy (class/cy.csv): 2 / 8');
    expect(out.stderr).toContain('could not grade class/dee.json is not valid JSON');
  });

  it('writes the gradebook as JSON and CSV; exit 0 when everything was graded', async () => {
    const { run, out } = classroom({ 'hw.cnnstudio.json': homework, 'a.csv': right, 'b.csv': twoWrong });
    expect(await run('homework', 'make', 'hw.cnnstudio.json', '--ask', 'shape,params')).toBe(0);
    out.stdout = '';
    expect(await run('grade', 'hw.cnnhomework.json', 'a.csv', 'b.csv', '--json')).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.students.map((s: { student: string; score: number }) => [s.student, s.score])).toEqual([
      ['a', 8],
      ['Bo', 6],
    ]);
    expect(report.students[1].answers.find((a: { correct: boolean }) => !a.correct)).toMatchObject({
      layer: 'conv2d',
      field: 'output_shape',
      expected: '(None, 16, 16, 8)',
    });
    expect(report.class.most_often_wrong).toEqual([
      { layer: 'conv2d', count: 1 },
      { layer: 'conv2d_1', count: 1 },
    ]);
    out.stdout = '';
    expect(await run('grade', 'hw.cnnhomework.json', 'a.csv', 'b.csv', '--csv')).toBe(0);
    expect(out.stdout).toBe('student,file,score,max_score\na,a.csv,8,8\nBo,b.csv,6,8\n');
    expect(await run('grade', 'hw.cnnhomework.json')).toBe(2);
    expect(await run('homework', 'make', 'hw.cnnstudio.json', '--ask', 'colour')).toBe(2);
  });

  it('asks receptive fields (--ask rf) and grades the JSON answers file the app saves', async () => {
    const saved = answersJson({
      student: 'Ada',
      problems: [],
      rows: [
        { layer: 'conv2d', values: { receptive_field: '3×3' } },
        { layer: 'conv2d_1', values: { receptive_field: '5' } },
      ],
    });
    const { run, out } = classroom({ 'hw.cnnstudio.json': homework, 'ada.answers.json': saved });
    expect(await run('homework', 'make', 'hw.cnnstudio.json', '--ask', 'rf', '-o', 'rf.cnnhomework.json')).toBe(0);
    out.stdout = '';
    expect(await run('grade', 'rf.cnnhomework.json', 'ada.answers.json', '--json')).toBe(0);
    const [ada] = JSON.parse(out.stdout).students;
    expect(ada.student).toBe('Ada');
    // conv2d sees 3×3; conv2d_1 (3×3 at jump 2) sees 7×7, so "5" is wrong; the 2×2 pool at jump 4 sees 11×11; global pooling mixes everything.
    expect(ada.answers.map((a: { layer: string; expected: string; correct: boolean }) => [a.layer, a.expected, a.correct])).toEqual([
      ['conv2d', '3×3', true],
      ['conv2d_1', '7×7', false],
      ['max_pooling2d', '11×11', false],
      ['global_average_pooling2d', 'global', false],
    ]);
  });
});
