import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../engine/analyze';
import { sequentialGraph } from '../graph/build';
import type { NetworkGraph } from '../graph/graph';
import { TEMPLATES } from '../templates';
import { homeworkNet, smallResNet } from '../templates/course-networks';
import { diagramFile } from './export-files';
import { DIAGRAM_PALETTES, diagramShape, diagramSvg, xmlText, type DiagramLayout, type DiagramTheme } from './diagram-svg';

/**
 * Why a text is no well-formed XML document (empty when it is): tags nest and balance, attributes are
 * quoted, `&` only starts an entity, `<` only a tag, and there is exactly one root element.
 */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  for (const [token] of body.matchAll(/<[^>]*>|[^<]+/g)) {
    if (!token.startsWith('<')) {
      if (token.replace(entity, '').includes('&')) problems.push(`a bare & in ${JSON.stringify(token)}`);
      if (stack.length === 0 && token.trim()) problems.push(`text outside the root: ${JSON.stringify(token)}`);
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>$/.exec(token);
    if (!tag) {
      problems.push(`a malformed tag ${token}`);
      continue;
    }
    const [, closing, name, attributes, selfClosing] = tag;
    if (attributes!.replace(entity, '').includes('&')) problems.push(`a bare & in ${token}`);
    if (closing) {
      if (stack.pop() !== name) problems.push(`</${name}> closes nothing open`);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name!);
    }
  }
  if (body.replace(/<[^>]*>|[^<]+/g, '') !== '') problems.push('a stray <');
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

/** The text content of every `<text>` element, unescaped. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

const svgOf = (graph: NetworkGraph, theme: DiagramTheme = 'light', layout: DiagramLayout = 'canvas') =>
  diagramSvg(graph, analyzeGraph(graph), { theme, layout });

describe('diagramSvg', () => {
  it('(the XML check itself finds what is wrong)', () => {
    expect(xmlProblems('<svg><g></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><text>a & b</text></svg>')).toEqual(['a bare & in "a & b"']);
    expect(xmlProblems('<svg a=b/>')).toEqual(['a malformed tag <svg a=b/>', '0 root elements']);
    expect(xmlProblems('<svg/><svg/>')).toEqual(['2 root elements']);
    expect(xmlProblems('<svg><text x="1">1 &lt; 2</text><g/></svg>')).toEqual([]);
  });

  it('every template, both layouts and themes: one box per layer with its shape, one path per connection, well-formed XML', () => {
    for (const t of TEMPLATES) {
      const graph = t.build();
      const analysis = analyzeGraph(graph);
      for (const layout of ['canvas', 'auto'] as const)
        for (const theme of ['light', 'dark'] as const) {
          const svg = diagramSvg(graph, analysis, { theme, layout, name: t.title });
          const where = `${t.slug} ${layout} ${theme}`;
          expect(xmlProblems(svg), where).toEqual([]);
          expect(svg.match(/<g class="layer"/g)?.length, where).toBe(graph.nodes.length);
          expect(svg.match(/<path [^>]*class="edge"/g)?.length ?? 0, where).toBe(graph.edges.length);
          const shown = texts(svg);
          for (const id of analysis.order) {
            const n = analysis.nodes[id]!;
            expect(shown, `${where}: ${n.name}`).toContain(diagramShape(n.shape!));
            expect(shown, `${where}: ${n.name}`).toContain(n.name);
            expect(svg, `${where}: ${n.name}`).toContain(`data-node-id="${id}"`);
          }
        }
    }
  });

  it('the homework network: name, type and settings, shape and parameters in each box', () => {
    const shown = texts(svgOf(homeworkNet()));
    expect(shown).toEqual([
      'input_layer',
      'InputLayer',
      '32×32×3',
      '0 params',
      'conv2d',
      'Conv2D · 8@3×3 s2 same',
      '16×16×8',
      '224 params',
      'conv2d_1',
      'Conv2D · 16@3×3 s2 p1',
      '8×8×16',
      '1,168 params',
      'max_pooling2d',
      'MaxPooling2D · 2×2 s2 valid',
      '4×4×16',
      '0 params',
      'global_average_pooling2d',
      'GlobalAveragePooling2D',
      '16',
      '0 params',
    ]);
  });

  it('the dark theme draws with the dark colours, the light one with the light', () => {
    const dark = svgOf(homeworkNet(), 'dark', 'auto');
    const light = svgOf(homeworkNet(), 'light', 'auto');
    expect(dark).toContain(`class="background" x="0" y="0" width="268" height="648" fill="${DIAGRAM_PALETTES.dark.background}"`);
    expect(DIAGRAM_PALETTES.dark.background).toBe('#14171f');
    expect(dark).toContain(`fill="${DIAGRAM_PALETTES.dark.ink}"`);
    expect(dark).toContain(`fill="${DIAGRAM_PALETTES.dark.box}"`);
    expect(dark).not.toContain('#ffffff');
    expect(dark).toContain('data-theme="dark"');
    expect(light).toContain('fill="#ffffff"');
    expect(light).not.toContain(DIAGRAM_PALETTES.dark.background);
    expect(light).not.toContain(DIAGRAM_PALETTES.dark.ink);
  });

  it('a layer with an error gets the error mark and its message; the layers after it wait', () => {
    const broken = sequentialGraph(
      [28, 28, 1],
      [{ type: 'Flatten' }, { type: 'Conv2D', params: { filters: 8, kernel_size: [3, 3] } }, { type: 'Dense', params: { units: 10 } }],
    );
    const svg = svgOf(broken);
    expect(xmlProblems(svg)).toEqual([]);
    const conv = svg.slice(svg.indexOf('<g class="layer" data-node-id="conv2d"'), svg.indexOf('<g class="layer" data-node-id="dense"'));
    expect(conv).toContain('data-status="error" data-error="rank-mismatch"');
    expect(conv).toContain('<g class="error-mark">');
    expect(conv).toContain(`stroke="${DIAGRAM_PALETTES.light.danger}"`);
    expect(texts(conv)).toEqual(['conv2d', 'Conv2D · 8@3×3 s1 valid', 'Conv2D expects an H × W × C', 'image (rank 3), but "flatten"…', '!']);
    expect(conv).toMatch(/<title>conv2d \(Conv2D\): Conv2D expects .* Fix: Move Conv2D before the Flatten/);
    expect(svg.match(/class="error-mark"/g)).toHaveLength(1);
    expect(texts(svg)).toContain('waiting on conv2d');
  });

  it('escapes the text it writes', () => {
    expect(xmlText(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;');
    const graph = homeworkNet();
    const named = { ...graph, nodes: graph.nodes.map((n) => (n.id === 'conv2d' ? { ...n, name: 'a<b & "c"' } : n)) };
    const svg = diagramSvg(named, analyzeGraph(named), { name: 'Tom & Jerry' });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('font-size="13" font-weight="600" fill="#1d2433">a&lt;b &amp; &quot;c&quot;</text>');
    expect(texts(svg)).toContain('a<b & "c"');
    expect(svg).toContain('<title>Tom &amp; Jerry</title>');
  });

  it('layout "canvas" keeps the canvas positions; "auto" or a layer without a position uses the auto-layout', () => {
    const graph = homeworkNet();
    const moved = { ...graph, nodes: graph.nodes.map((n, i) => ({ ...n, position: { x: 1000 + 300 * i, y: -500 + 10 * i } })) };
    const boxes = (svg: string) => [...svg.matchAll(/<g class="layer"[^]*?<rect x="(-?[\d.]+)" y="(-?[\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    // Shifted so the top-left box starts at the margin.
    expect(boxes(svgOf(moved))).toEqual(moved.nodes.map((_, i) => [24 + 300 * i, 24 + 10 * i]));
    expect(svgOf(moved)).toMatch(/^<\?xml[^]*<svg [^>]*width="1468" height="168"/);
    const auto = boxes(svgOf(moved, 'light', 'auto'));
    expect(new Set(auto.map(([x]) => x))).toEqual(new Set([24])); // one column
    expect(auto.map(([, y]) => y)).toEqual([24, 154, 284, 414, 544]);
    const unplaced = { ...moved, nodes: moved.nodes.map((n, i) => (i === 2 ? { ...n, position: undefined } : n)) };
    expect(boxes(svgOf(unplaced))).toEqual(auto);
  });

  it('connections: into a merge side by side along its top; with the auto-layout, around the boxes in between', () => {
    const res = smallResNet();
    const svg = svgOf(res, 'light', 'auto');
    const add = res.edges.filter((e) => e.target === 'add');
    expect(add).toHaveLength(2);
    const ends = add.map((e) => {
      const d = new RegExp(`d="([^"]*)" class="edge" data-edge-id="${e.id}"`).exec(svg)?.[1] ?? '';
      return d
        .split(/[ MLQC]+/)
        .filter(Boolean)
        .at(-1);
    });
    expect(new Set(ends).size).toBe(2); // two arrowheads, not one on top of the other
    expect(svg.match(/marker-end="url\(#arrow-light\)"/g)).toHaveLength(res.edges.length);
    // The skip connection from conv2d bends (dagre's route) instead of running under the boxes.
    const skip = res.edges.find((e) => e.source === 'conv2d' && e.target === 'add')!;
    expect(new RegExp(`d="M[^"]*Q[^"]*" class="edge" data-edge-id="${skip.id}"`).test(svg)).toBe(true);
  });

  it('an empty network is still a valid picture', () => {
    const svg = diagramSvg({ nodes: [], edges: [] }, analyzeGraph({ nodes: [], edges: [] }));
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toContain('class="layer"');
  });
});

describe('diagramFile', () => {
  it('names the file after the project and titles the picture with it', () => {
    const file = diagramFile(homeworkNet(), 'Homework: dimensions.cnnstudio.json', { theme: 'dark', layout: 'auto' });
    expect(file.name).toBe('Homework_dimensions.svg');
    expect(file.text).toContain('<title>Homework: dimensions</title>');
    expect(file.text).toContain('data-theme="dark"');
  });
});
