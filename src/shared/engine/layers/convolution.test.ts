// Convolutions on sequences, images and volumes: shapes, Keras' parameter counts and MACs, and the
// arithmetic with each node's numbers, worked out by hand from the Keras docs' formulas.
import { describe, expect, it } from 'vitest';
import { sequentialGraph } from '../../graph/build';
import type { LayerParams } from '../../graph/graph';
import { analyzeGraph, type NodeAnalysis } from '../analyze';

/** The one layer of `type` after an Input of `input`. */
function one(input: number[], type: string, params: LayerParams): NodeAnalysis {
  const a = analyzeGraph(sequentialGraph(input, [{ type, name: 'layer', params }]));
  return a.nodes.layer!;
}
/** Trace lines as [label, formula, text], without the receptive field. */
const traceOf = (node: NodeAnalysis) => node.trace.filter((t) => t.label !== 'receptive field').map(({ label, formula, text }) => [label, formula, text]);

describe('1-D convolutions on (L, C)', () => {
  it("Conv1DTranspose 'same' doubles L: 50 × 8 → 100 × 16, k·F·Cin + F", () => {
    const up = one([50, 8], 'Conv1DTranspose', { filters: 16, kernel_size: [3], strides: [2], padding: 'same' });
    expect(up).toMatchObject({ status: 'ok', shape: [100, 16], params: { total: 400 }, macs: 19_200 });
    expect(traceOf(up)).toEqual([
      ['L', 'in·s', '50·2 = 100'],
      ['params', 'k·F·Cin + F', '3·16·8 + 16 = 400'],
      ['MACs', 'Lin·Cin·k·F', '50·8·3·16 = 19,200'],
    ]);
  });

  it("Conv1DTranspose 'valid': in·s + max(k − s, 0), and PyTorch padding", () => {
    expect(one([50, 8], 'Conv1DTranspose', { filters: 4, kernel_size: [5], strides: [2] }).shape).toEqual([103, 4]);
    expect(one([50, 8], 'Conv1DTranspose', { filters: 4, kernel_size: [4], strides: [2], padding: 1 }).shape).toEqual([100, 4]);
    expect(one([50, 8], 'Conv1DTranspose', { filters: 4, kernel_size: [3], strides: [2], padding: 'same', output_padding: [0] }).shape).toEqual([99, 4]);
  });

  it('SeparableConv1D: k·Cin·dm + Cin·dm·F + F (Keras: 80 + 512 + 32)', () => {
    const sep = one([100, 16], 'SeparableConv1D', { filters: 32, kernel_size: [5] });
    expect(sep).toMatchObject({ status: 'ok', shape: [96, 32], params: { total: 624 }, macs: 56_832 });
    expect(traceOf(sep)).toEqual([
      ['L', '⌊(in + 2·0 − dk)/s⌋ + 1', '⌊(100 + 2·0 − 5)/1⌋ + 1 = 96'],
      ['params', 'k·Cin·dm + Cin·dm·F + F', '5·16·1 + 16·1·32 + 32 = 624'],
      ['MACs', 'Lout·Cin·dm·(k + F)', '96·16·1·(5 + 32) = 56,832'],
    ]);
  });

  it("DepthwiseConv1D 'same' with stride 2: ⌈L/s⌉, TF's extra pad at the end; k·Cin·dm + Cin·dm", () => {
    const dw = one([100, 16], 'DepthwiseConv1D', { kernel_size: [3], strides: [2], padding: 'same', depth_multiplier: 2 });
    expect(dw).toMatchObject({ status: 'ok', shape: [50, 32], params: { total: 128 }, macs: 4_800 });
    expect(traceOf(dw)).toEqual([
      ['L', '⌈in/s⌉', '⌈100/2⌉ = 50'],
      ['pad L', 'total = max((out − 1)·s + dk − in, 0); before = ⌊total/2⌋', 'total = max((50 − 1)·2 + 3 − 100, 0) = 1 → before 0, after 1'],
      ['params', 'k·Cin·dm + Cin·dm', '3·16·2 + 16·2 = 128'],
      ['MACs', 'Lout·Cin·dm·k', '50·16·2·3 = 4,800'],
    ]);
  });

  it('a kernel longer than the sequence is window-too-large, naming the kernel', () => {
    const dw = one([4, 2], 'DepthwiseConv1D', { kernel_size: [5] });
    expect(dw.diagnostics[0]).toMatchObject({
      code: 'window-too-large',
      param: 'kernel_size',
      message: expect.stringContaining('kernel 5 is larger than the 4 input'),
    });
  });
});
