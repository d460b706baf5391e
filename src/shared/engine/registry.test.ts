import { describe, expect, it } from 'vitest';
import { getLayerSpec, isSourceType, LAYER_SPECS } from './registry';

describe('layer registry', () => {
  it('a source is a layer that takes no inputs: only InputLayer', () => {
    expect(LAYER_SPECS.filter((s) => isSourceType(s.type)).map((s) => s.type)).toEqual(['InputLayer']);
    expect(isSourceType('Conv2D')).toBe(false);
    expect(isSourceType('Bogus')).toBe(false);
  });

  it('says which layer types TensorFlow.js cannot train, and why', () => {
    const notInTfjs = Object.fromEntries(LAYER_SPECS.filter((s) => s.notInTfjs).map((s) => [s.type, s.notInTfjs]));
    expect(Object.keys(notInTfjs).sort()).toEqual([
      'ActivityRegularization',
      'Conv1DTranspose',
      'Cropping1D',
      'Cropping3D',
      'DepthMaxPooling',
      'DepthwiseConv1D',
      'GlobalAveragePooling3D',
      'GlobalMaxPooling3D',
      'GroupNormalization',
      'RandomBrightness',
      'RandomContrast',
      'RandomCrop',
      'RandomFlip',
      'RandomRotation',
      'RandomTranslation',
      'RandomZoom',
      'SeparableConv1D',
      'SpatialDropout2D',
      'SpatialDropout3D',
      'Subtract',
      'UpSampling1D',
      'UpSampling3D',
      'ZeroPadding1D',
      'ZeroPadding3D',
    ]);
    expect(notInTfjs.Subtract).toBe('TensorFlow.js 4.22 has no Subtract layer');
    expect(notInTfjs.RandomCrop).toBe('TensorFlow.js 4.22 has no RandomCrop layer');
    expect(notInTfjs.DepthMaxPooling).toMatch(/^a custom layer/);
  });

  it('names the kernel "Look inside" draws as filters, and its layout', () => {
    const views = Object.fromEntries(LAYER_SPECS.filter((s) => s.kernelView).map((s) => [s.type, s.kernelView]));
    expect(views).toEqual({
      Conv2D: { weight: 'kernel', layout: 'in-out' },
      DepthwiseConv2D: { weight: 'depthwise_kernel', layout: 'depthwise' },
      SeparableConv2D: { weight: 'depthwise_kernel', layout: 'depthwise' },
      Conv2DTranspose: { weight: 'kernel', layout: 'out-in' },
    });
    expect(getLayerSpec('Dense')?.kernelView).toBeUndefined();
  });
});
