/**
 * The layer registry: one `LayerSpec` per layer type. Adding a layer = adding its spec to one of the
 * family files in `layers/` (and its list below); the engine, the palette, the inspector and the
 * exporters all read it from here.
 */
import { convolutionLayers } from './layers/convolution';
import { coreLayers } from './layers/core';
import { mergeLayers } from './layers/merge';
import { normalizationLayers } from './layers/normalization';
import { poolingLayers } from './layers/pooling';
import { preprocessingLayers } from './layers/preprocessing';
import { reshapingLayers } from './layers/reshaping';
import type { LayerSpec } from './types';

export const LAYER_SPECS: readonly LayerSpec[] = [
  ...coreLayers,
  ...reshapingLayers,
  ...convolutionLayers,
  ...poolingLayers,
  ...normalizationLayers,
  ...mergeLayers,
  ...preprocessingLayers,
];

const byType = new Map(LAYER_SPECS.map((spec) => [spec.type, spec]));
if (byType.size !== LAYER_SPECS.length) throw new Error('Two layer specs share a type name.');

export function getLayerSpec(type: string): LayerSpec | undefined {
  return byType.get(type);
}

/**
 * A layer that takes no inputs (its spec's `inputs.max` is 0): the network's data enters there, its
 * shape comes from its own params, and the canvas gives it no input handle. Today only InputLayer.
 */
export function isSourceType(type: string): boolean {
  return getLayerSpec(type)?.inputs.max === 0;
}
