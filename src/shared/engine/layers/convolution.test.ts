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

describe('grouped convolutions (groups)', () => {
  it("the original AlexNet's second layer: 27 × 27 × 96 in two groups, (5·5·96/2 + 1)·256 = 307,456", () => {
    const conv = one([27, 27, 96], 'Conv2D', { filters: 256, kernel_size: [5, 5], padding: 'same', groups: 2 });
    expect(conv).toMatchObject({ status: 'ok', shape: [27, 27, 256], params: { total: 307_456 }, macs: 223_948_800 });
    expect(traceOf(conv).slice(-2)).toEqual([
      ['params', '(kh·kw·Cin/g + 1)·F', '(5·5·96/2 + 1)·256 = 307,456'],
      ['MACs', 'Hout·Wout·F·(kh·kw·Cin/g)', '27·27·256·1200 = 223,948,800'],
    ]);
  });

  it('Conv1D with groups, without bias', () => {
    expect(one([20, 8], 'Conv1D', { filters: 12, kernel_size: [3], groups: 4, use_bias: false })).toMatchObject({
      shape: [18, 12],
      params: { total: 3 * 2 * 12 },
    });
  });

  it('filters and input channels must divide by the groups, with a value that does', () => {
    expect(one([8, 8, 4], 'Conv2D', { filters: 6, groups: 4 }).diagnostics).toEqual([
      expect.objectContaining({
        code: 'groups-not-divisible',
        param: 'groups',
        message: '6 filters cannot be split into 4 equal groups.',
        fix: 'Use a number of groups that divides 6 (e.g. 3), or change the number of filters.',
      }),
    ]);
    expect(one([8, 8, 5], 'Conv2D', { filters: 4, groups: 2 }).diagnostics).toEqual([
      expect.objectContaining({
        code: 'groups-not-divisible',
        message: '5 input channels cannot be split into 2 equal groups.',
        fix: 'Use a number of groups that divides 5 (e.g. 1), or change the channels of the layer before it.',
      }),
    ]);
  });
});

describe('3-D convolutions on (D, H, W, C)', () => {
  it('Conv3D on a 16-frame 64 × 64 clip: (kd·kh·kw·Cin + 1)·F', () => {
    const conv = one([16, 64, 64, 1], 'Conv3D', { filters: 8, kernel_size: [3, 3, 3] });
    expect(conv).toMatchObject({ status: 'ok', shape: [14, 62, 62, 8], params: { total: 224 }, macs: 11_624_256, shortForm: '8@3×3×3 s1 valid' });
    expect(traceOf(conv)).toEqual([
      ['D', '⌊(in + 2·0 − dk)/s⌋ + 1', '⌊(16 + 2·0 − 3)/1⌋ + 1 = 14'],
      ['H', '⌊(in + 2·0 − dk)/s⌋ + 1', '⌊(64 + 2·0 − 3)/1⌋ + 1 = 62'],
      ['W', '⌊(in + 2·0 − dk)/s⌋ + 1', '⌊(64 + 2·0 − 3)/1⌋ + 1 = 62'],
      ['params', '(kd·kh·kw·Cin + 1)·F', '(3·3·3·1 + 1)·8 = 224'],
      ['MACs', 'Dout·Hout·Wout·F·(kd·kh·kw·Cin)', '14·62·62·8·27 = 11,624,256'],
    ]);
    expect(conv.receptiveField).toMatchObject({ size: [3, 3, 3], jump: [1, 1, 1] });
  });

  it('Conv3D with groups and a window larger than the volume', () => {
    expect(one([4, 4, 4, 6], 'Conv3D', { filters: 6, kernel_size: [1, 1, 1], groups: 3 }).params.total).toBe(18);
    expect(one([2, 8, 8, 1], 'Conv3D', { filters: 2, kernel_size: [3, 3, 3] }).diagnostics[0]).toMatchObject({
      code: 'window-too-large',
      message: 'The kernel 3×3×3 is larger than the 2×8×8 input it receives, so the output would have size 0×6×6.',
    });
  });

  it("Conv3DTranspose 'same' doubles every axis: k·F·Cin + F", () => {
    const up = one([4, 8, 8, 16], 'Conv3DTranspose', { filters: 8, kernel_size: [3, 3, 3], strides: [2, 2, 2], padding: 'same' });
    expect(up).toMatchObject({ status: 'ok', shape: [8, 16, 16, 8], params: { total: 3_464 }, macs: 884_736 });
    expect(traceOf(up).slice(3)).toEqual([
      ['params', 'kd·kh·kw·F·Cin + F', '3·3·3·8·16 + 8 = 3,464'],
      ['MACs', 'Din·Hin·Win·Cin·kd·kh·kw·F', '4·8·8·16·27·8 = 884,736'],
    ]);
  });
});
