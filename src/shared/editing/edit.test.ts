import { describe, expect, it } from 'vitest';
import { sequentialGraph } from '../graph/build';
import { starterGraph } from '../graph/starter-graph';
import { analyzeGraph } from '../engine/analyze';
import {
  addAfter,
  addLayer,
  connect,
  connectionProblem,
  copyFragment,
  insertOnEdge,
  pasteFragment,
  pasteOffset,
  removeElements,
  rename,
  renameProblem,
  setParam,
} from './edit';
import { commit, createHistory, redo, replacePresent, undo } from './history';

const base = () => sequentialGraph([28, 28, 1], [{ type: 'Conv2D', params: { filters: 8, kernel_size: [3, 3] } }, { type: 'Flatten' }]);

describe('graph edits', () => {
  it('adds layers with Keras names and explicit defaults', () => {
    const { graph, id } = addLayer(base(), 'Conv2D', { x: 0, y: 0 });
    expect(id).toBe('conv2d_1');
    expect(graph.nodes.at(-1)!.params).toEqual({
      filters: 32,
      kernel_size: [3, 3],
      strides: [1, 1],
      padding: 'valid',
      dilation_rate: [1, 1],
      groups: 1,
      activation: 'linear',
      use_bias: true,
      data_format: 'channels_last',
    });
  });

  it('refuses loops, self-connections, duplicates and a second input into a single-input layer', () => {
    const g = base();
    expect(connectionProblem(g, 'flatten', 'conv2d')).toBe('Conv2D takes only one input; use Add or Concatenate to join branches.');
    const extra = addLayer(g, 'Add', { x: 0, y: 0 }).graph;
    const looped = connect(connect(extra, 'flatten', 'add'), 'input_layer', 'add');
    expect(connectionProblem(looped, 'add', 'conv2d')).toMatch(/one input/);
    expect(connectionProblem(connect(extra, 'conv2d', 'add'), 'add', 'conv2d')).not.toBeNull();
    expect(connectionProblem(g, 'conv2d', 'conv2d')).toBe('A layer cannot feed itself.');
    expect(connectionProblem(g, 'input_layer', 'conv2d')).toBe('These layers are already connected.');
    const twoDense = addLayer(addLayer(g, 'Dense', { x: 0, y: 0 }).graph, 'Dense', { x: 0, y: 0 }).graph;
    const chained = connect(connect(twoDense, 'flatten', 'dense'), 'dense', 'dense_1');
    expect(connectionProblem(chained, 'dense_1', 'flatten')).toMatch(/one input|loop/);
  });

  it('detects a loop through several layers', () => {
    const g = sequentialGraph([8], [{ type: 'Dense' }, { type: 'Dense' }, { type: 'Add' }]);
    expect(connectionProblem(g, 'add', 'add')).toBe('A layer cannot feed itself.');
    const withAdd = connect(g, 'input_layer', 'add');
    expect(connectionProblem(withAdd, 'add', 'dense')).toMatch(/one input/);
    const g2 = sequentialGraph([8], [{ type: 'Add' }, { type: 'Dense' }]);
    expect(connectionProblem(g2, 'dense', 'add')).toBe('That connection would make a loop.');
  });

  it('inserts a layer on an edge, rewiring both sides', () => {
    const result = insertOnEdge(base(), 'e_conv2d_flatten', 'MaxPooling2D')!;
    expect(result.graph.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['input_layer>conv2d', 'conv2d>max_pooling2d', 'max_pooling2d>flatten']);
    expect(analyzeGraph(result.graph).nodes.flatten!.shape).toEqual([13 * 13 * 8]);
  });

  it('adds after the selected layer and connects it', () => {
    const { graph, id } = addAfter(base(), 'flatten', 'Dense', { x: 0, y: 0 });
    expect(graph.edges.at(-1)).toMatchObject({ source: 'flatten', target: id });
  });

  it('removes nodes with their edges, keeps untouched nodes identical', () => {
    const g = base();
    const after = removeElements(g, ['conv2d']);
    expect(after.nodes.map((n) => n.id)).toEqual(['input_layer', 'flatten']);
    expect(after.edges).toEqual([]);
    expect(after.nodes[0]).toBe(g.nodes[0]);
  });

  it('changes params and renames with uniqueness checks', () => {
    const g = setParam(base(), 'conv2d', 'kernel_size', [5, 5]);
    expect(analyzeGraph(g).nodes.conv2d!.shape).toEqual([24, 24, 8]);
    expect(renameProblem(g, 'conv2d', 'flatten')).toBe('Another layer is already called "flatten".');
    expect(renameProblem(g, 'conv2d', '1st')).toMatch(/start with a letter/);
    expect(rename(g, 'conv2d', 'edges').nodes[1]!.name).toBe('edges');
    // Setting a value a param already has is no edit at all (no undo step).
    expect(setParam(g, 'conv2d', 'kernel_size', [5, 5])).toBe(g);
  });

  it('copies and pastes with fresh names, internal edges only', () => {
    const g = base();
    const fragment = copyFragment(g, ['conv2d', 'flatten']);
    const { graph, ids } = pasteFragment(g, fragment, { x: 40, y: 40 });
    expect(ids).toEqual(['conv2d_1', 'flatten_1']);
    expect(graph.edges.at(-1)).toMatchObject({ source: 'conv2d_1', target: 'flatten_1' });
    expect(graph.nodes.find((n) => n.id === 'conv2d_1')!.position).toEqual({ x: 40, y: 150 });
  });

  it('pastes copies beside the originals, never on top of them', () => {
    const g = base();
    const fragment = copyFragment(g, ['conv2d', 'flatten']);
    const offset = pasteOffset(fragment);
    const { graph, ids } = pasteFragment(g, fragment, offset);
    const originalsRight = Math.max(...fragment.nodes.map((n) => n.position!.x)) + 200;
    for (const id of ids) expect(graph.nodes.find((n) => n.id === id)!.position!.x).toBeGreaterThan(originalsRight);
    expect(offset.y).toBe(0);
  });
});

describe('history', () => {
  it('undoes and redoes, and coalesces typing into one step', () => {
    let h = createHistory('a');
    h = commit(h, 'b');
    h = commit(h, 'c1', 'field');
    h = commit(h, 'c12', 'field');
    h = commit(h, 'c123', 'field');
    expect(h.past).toEqual(['a', 'b']);
    h = undo(h);
    expect(h.present).toBe('b');
    h = redo(h);
    expect(h.present).toBe('c123');
    h = replacePresent(h, 'd');
    expect(h.past).toEqual(['a', 'b']);
    h = commit(undo(h), 'e');
    expect(h.future).toEqual([]);
  });
});

describe('auto-layout', () => {
  it('places every layer below its inputs and branches side by side', async () => {
    const { autoLayout } = await import('./layout');
    const { smallResNet } = await import('../templates/course-networks');
    const graph = autoLayout(smallResNet());
    const y = new Map(graph.nodes.map((n) => [n.id, n.position!.y]));
    for (const e of graph.edges) expect(y.get(e.target)!).toBeGreaterThan(y.get(e.source)!);
    const positions = new Set(graph.nodes.map((n) => `${n.position!.x},${n.position!.y}`));
    expect(positions.size).toBe(graph.nodes.length);
  });
});

describe('fixed kernels', () => {
  it('kernels go into Keras layout [kh, kw, cin, cout]; setting and clearing them is an edit', async () => {
    const { kernelWeights, setFixedWeights } = await import('./edit');
    const w = kernelWeights([[[1, 2]], [[3, 4]]], 2);
    expect(w.shape).toEqual([1, 2, 2, 2]);
    // (r0,c0): cin0 → [1, 3], cin1 → [1, 3]; (r0,c1): [2, 4] twice.
    expect(w.values).toEqual([1, 3, 1, 3, 2, 4, 2, 4]);
    const graph = starterGraph();
    const id = graph.nodes[1]!.id;
    const set = setFixedWeights(graph, id, { kernel: w });
    expect(set.nodes[1]!.weights).toEqual({ kernel: w });
    expect('weights' in setFixedWeights(set, id, undefined).nodes[1]!).toBe(false);
  });
});
