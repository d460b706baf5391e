import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../engine/analyze';
import { kerasShape } from '../engine/format';
import { sequentialGraph } from '../graph/build';
import { homeworkNet, smallResNet } from '../templates/course-networks';
import { TEMPLATES } from '../templates';
import { csvField, csvText } from './csv';
import { summaryFile } from './export-files';
import { markdownText, summaryCsv, summaryMarkdown } from './summary-table';

const homework = homeworkNet();
const analysis = analyzeGraph(homework);
/** Conv2D after a Flatten: a rank error on the conv. */
const broken = sequentialGraph([28, 28, 1], [{ type: 'Flatten' }, { type: 'Conv2D', params: { filters: 8, kernel_size: [3, 3] } }]);

/** A CSV text's records, parsed back (quotes, doubled quotes, commas and newlines inside quotes). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n') {
      endField();
      records.push(record);
      record = [];
    } else field += ch;
  }
  expect(field).toBe('');
  return records;
}

describe('summaryMarkdown', () => {
  it('the homework network: the table, the totals and the cost, exactly', () => {
    expect(summaryMarkdown(homework, analysis, { name: 'homework' })).toBe(
      [
        '## Model: "homework"',
        '',
        '| Layer (type) | Output Shape | Param # |',
        '| --- | --- | ---: |',
        '| input_layer (InputLayer) | (None, 32, 32, 3) | 0 |',
        '| conv2d (Conv2D) | (None, 16, 16, 8) | 224 |',
        '| conv2d_1 (Conv2D) | (None, 8, 8, 16) | 1,168 |',
        '| max_pooling2d (MaxPooling2D) | (None, 4, 4, 16) | 0 |',
        '| global_average_pooling2d (GlobalAveragePooling2D) | (None, 16) | 0 |',
        '',
        '**Total params:** 1,392 (5.4 KiB)  ',
        '**Trainable params:** 1,392 (5.4 KiB)  ',
        '**Non-trainable params:** 0 (0 B)',
        '',
        'Multiply-adds per sample: 129,024 · activations per sample: 25.1 KiB',
        '',
      ].join('\n'),
    );
  });

  it('with arithmetic: each layer’s trace lines under the table, in a section of their own', () => {
    const md = summaryMarkdown(homework, analysis, { arithmetic: true });
    expect(md.startsWith('## Model: "model"\n')).toBe(true);
    const after = md.slice(md.indexOf('### Arithmetic'));
    expect(after).toContain(
      [
        '**conv2d_1 (Conv2D)**',
        '',
        '- H: ⌊(16 + 2·1 − 3)/2⌋ + 1 = 8',
        '- W: ⌊(16 + 2·1 − 3)/2⌋ + 1 = 8',
        '- params: (3·3·8 + 1)·16 = 1,168',
        '- MACs: 8·8·16·72 = 73,728',
        '- receptive field: 7×7 px, jump 4×4, start 1, 1',
      ].join('\n'),
    );
    // The input has no arithmetic, so no heading of its own.
    expect(after).not.toContain('input_layer');
    expect(summaryMarkdown(homework, analysis)).not.toContain('### Arithmetic');
  });

  it('a branching network gets the "Connected to" column', () => {
    const res = smallResNet();
    const md = summaryMarkdown(res, analyzeGraph(res));
    expect(md).toContain('| Layer (type) | Output Shape | Param # | Connected to |\n| --- | --- | ---: | --- |\n');
    expect(md).toContain('| add (Add) | (None, 32, 32, 16) | 0 | batch_normalization_1, conv2d |');
    expect(md).toContain('**Non-trainable params:** 192 (768 B)');
  });

  it('a layer with an error: "(error)", "?", and the error with its fix in the arithmetic', () => {
    const md = summaryMarkdown(broken, analyzeGraph(broken), { arithmetic: true });
    expect(md).toContain('| conv2d (Conv2D) | (error) | ? |');
    expect(md).toMatch(/\*\*conv2d \(Conv2D\)\*\*\n\n- ERROR \[rank-mismatch\] Conv2D expects .* Fix: /);
  });

  it('escapes what Markdown would read as markup, but leaves conv2d_1 alone', () => {
    expect(markdownText('a|b *c* <d> `e` [f] _g_ conv2d_1 \\')).toBe('a\\|b \\*c\\* \\<d\\> \\`e\\` [f] \\_g\\_ conv2d_1 \\\\');
    const named = { ...homework, nodes: homework.nodes.map((n) => (n.id === 'conv2d' ? { ...n, name: 'left|right' } : n)) };
    expect(summaryMarkdown(named, analyzeGraph(named))).toContain('| left\\|right (Conv2D) | (None, 16, 16, 8) | 224 |');
  });

  it('every template: one row per layer with its shape and parameter count', () => {
    for (const t of TEMPLATES) {
      const graph = t.build();
      const a = analyzeGraph(graph);
      const md = summaryMarkdown(graph, a, { name: t.title, arithmetic: true });
      for (const id of a.order) {
        const n = a.nodes[id]!;
        expect(md, `${t.slug}: ${n.name}`).toContain(`| ${n.name} (${n.type}) | ${kerasShape(n.shape!)} |`);
      }
    }
  });
});

describe('summaryCsv', () => {
  it('the homework network: exact rows, plain numbers, quoted shapes, a total row', () => {
    expect(summaryCsv(homework, analysis)).toBe(
      [
        'layer,type,output_shape,params,trainable_params,non_trainable_params,connected_to',
        'input_layer,InputLayer,"(None, 32, 32, 3)",0,0,0,',
        'conv2d,Conv2D,"(None, 16, 16, 8)",224,224,0,input_layer',
        'conv2d_1,Conv2D,"(None, 8, 8, 16)",1168,1168,0,conv2d',
        'max_pooling2d,MaxPooling2D,"(None, 4, 4, 16)",0,0,0,conv2d_1',
        'global_average_pooling2d,GlobalAveragePooling2D,"(None, 16)",0,0,0,max_pooling2d',
        '(total),,,1392,1392,0,',
        '',
      ].join('\n'),
    );
  });

  it('with arithmetic: one more column, the lines joined with " ; "', () => {
    const records = parseCsv(summaryCsv(homework, analysis, { arithmetic: true }));
    expect(records[0]!.at(-1)).toBe('arithmetic');
    expect(records.every((r) => r.length === 8)).toBe(true);
    expect(records[3]).toEqual([
      'conv2d_1',
      'Conv2D',
      '(None, 8, 8, 16)',
      '1168',
      '1168',
      '0',
      'conv2d',
      'H: ⌊(16 + 2·1 − 3)/2⌋ + 1 = 8 ; W: ⌊(16 + 2·1 − 3)/2⌋ + 1 = 8 ; params: (3·3·8 + 1)·16 = 1,168 ; MACs: 8·8·16·72 = 73,728 ; receptive field: 7×7 px, jump 4×4, start 1, 1',
    ]);
    expect(records[1]!.at(-1)).toBe(''); // the input has no arithmetic
  });

  it('branches: the inputs of a merge, quoted together; errors leave the counts empty', () => {
    const res = smallResNet();
    const add = parseCsv(summaryCsv(res, analyzeGraph(res))).find((r) => r[0] === 'add');
    expect(add).toEqual(['add', 'Add', '(None, 32, 32, 16)', '0', '0', '0', 'batch_normalization_1, conv2d']);
    const rows = parseCsv(summaryCsv(broken, analyzeGraph(broken), { arithmetic: true }));
    expect(rows[3]!.slice(0, 7)).toEqual(['conv2d', 'Conv2D', '(error)', '', '', '', 'flatten']);
    expect(rows[3]![7]).toMatch(/^ERROR \[rank-mismatch\] Conv2D expects/);
  });

  it('quotes commas, quotes and line breaks, and reads back what it wrote', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(1168)).toBe('1168');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    const rows = [
      ['name', 'note'],
      ['x,"y"', 'line 1\nline 2'],
    ];
    expect(parseCsv(csvText(rows))).toEqual(rows);
  });

  it('every template: one record per layer and the totals, all of the same width', () => {
    for (const t of TEMPLATES) {
      const graph = t.build();
      const a = analyzeGraph(graph);
      const records = parseCsv(summaryCsv(graph, a, { arithmetic: true }));
      expect(records.length, t.slug).toBe(a.order.length + 2);
      expect(new Set(records.map((r) => r.length)), t.slug).toEqual(new Set([8]));
      expect(records.at(-1)!.slice(0, 4), t.slug).toEqual(['(total)', '', '', String(a.totals.params)]);
    }
  });
});

describe('summaryFile', () => {
  it('names the file after the project and includes the arithmetic', () => {
    const md = summaryFile(homework, 'Homework: dimensions.cnnstudio.json', 'md');
    expect(md.name).toBe('Homework_dimensions.summary.md');
    expect(md.text).toMatch(/^## Model: "Homework: dimensions"\n/);
    expect(md.text).toContain('### Arithmetic');
    const csv = summaryFile(homework, 'Homework: dimensions.cnnstudio.json', 'csv');
    expect(csv.name).toBe('Homework_dimensions.summary.csv');
    expect(csv.text).toBe(summaryCsv(homework, analysis, { arithmetic: true }));
  });
});
