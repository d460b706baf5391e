// data_format "channels_first": the same arithmetic with the channels in front, said on the node.
import { describe, expect, it } from 'vitest';
import { sequentialGraph } from '../../graph/build';
import { analyzeGraph } from '../analyze';
import { resolveParams } from '../params';
import { getLayerSpec, LAYER_SPECS } from '../registry';

describe('channels_first', () => {
  it('Conv2D on (C, H, W): Keras’ count, the output (F, H′, W′), and the layout in the trace', () => {
    const a = analyzeGraph(
      sequentialGraph([3, 32, 32], [{ type: 'Conv2D', params: { filters: 16, kernel_size: [5, 5], strides: [2, 2], data_format: 'channels_first' } }]),
    );
    const conv = a.nodes.conv2d!;
    expect(conv).toMatchObject({ status: 'ok', shape: [16, 14, 14], params: { total: (5 * 5 * 3 + 1) * 16 }, shortForm: '16@5×5 s2 valid channels_first' });
    expect(conv.trace.map((t) => t.text).slice(0, 3)).toEqual([
      '(3, 32, 32) → (32, 32, 3) → (14, 14, 16) → (16, 14, 14)',
      '⌊(32 + 2·0 − 5)/2⌋ + 1 = 14',
      '⌊(32 + 2·0 − 5)/2⌋ + 1 = 14',
    ]);
    expect(conv.trace.some((t) => t.label === 'receptive field')).toBe(false); // it follows channels-last inputs
  });

  it('global pooling of (C, L) gives (C); cropping reads its axes after the channels', () => {
    const a = analyzeGraph(
      sequentialGraph(
        [4, 10, 12],
        [
          {
            type: 'Cropping2D',
            params: {
              cropping: [
                [1, 2],
                [0, 3],
              ],
              data_format: 'channels_first',
            },
          },
          { type: 'GlobalMaxPooling2D', params: { data_format: 'channels_first' } },
        ],
      ),
    );
    expect(a.nodes.cropping2d!.shape).toEqual([4, 7, 9]);
    expect(a.nodes.global_max_pooling2d!.shape).toEqual([4]);
  });

  it('is a setting of every layer Keras gives a data_format, and only those', () => {
    expect(
      LAYER_SPECS.filter((s) => s.params.some((p) => p.key === 'data_format'))
        .map((s) => s.type)
        .sort(),
    ).toEqual(
      [
        ...[
          'Conv1D',
          'Conv2D',
          'Conv3D',
          'Conv1DTranspose',
          'Conv2DTranspose',
          'Conv3DTranspose',
          'DepthwiseConv1D',
          'DepthwiseConv2D',
          'SeparableConv1D',
          'SeparableConv2D',
        ],
        ...['MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D'],
        ...['GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalAveragePooling3D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D', 'GlobalMaxPooling3D'],
        ...['ZeroPadding2D', 'ZeroPadding3D', 'Cropping2D', 'Cropping3D', 'UpSampling2D', 'UpSampling3D', 'SpatialDropout2D', 'SpatialDropout3D', 'Flatten'],
      ].sort(),
    );
  });

  it('where tfjs ignores it (1-D pooling), training says so', () => {
    const spec = getLayerSpec('MaxPooling1D')!;
    const params = (data_format: string) => resolveParams(spec.params, { id: 'p', type: 'MaxPooling1D', name: 'p', params: { data_format } }).params;
    expect(spec.tfjsProblem!(params('channels_first'))).toMatch(/^uses data_format "channels_first", which TensorFlow\.js's MaxPooling1D ignores/);
    expect(spec.tfjsProblem!(params('channels_last'))).toBeUndefined();
  });
});
