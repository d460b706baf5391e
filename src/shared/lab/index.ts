/**
 * Filter Lab core: the one convolution (and its relatives) behind the Filter Lab and the lessons.
 * Pure TypeScript on flat Float32Arrays; no UI, host or tfjs dependencies.
 */
export * from './tensor';
export * from './geometry';
export * from './kernels';
export * from './kernel-presets';
export * from './convolve';
export * from './edges';
export * from './steps';
export * from './transposed';
export * from './pooling';
export * from './receptive-field';
export * from './resize';
export * from './experiment';
export * from './learn-edge';
export * from './augment';
