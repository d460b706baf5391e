/** The Filter Lab's settings: which image, how it is prepared, the kernel(s) and the window options. */
import { create } from 'zustand';
import type { Picture } from '../../../shared/api/training-protocol';
import { kernelPreset, type KernelPresetId, type KernelParamValues } from '../../../shared/lab/kernel-presets';
import type { LabSettings } from '../../../shared/lab/experiment';
import type { ImageSource } from '../viz/image-choice';

export type LabImageSource = ImageSource;

export interface LabState extends LabSettings {
  source: LabImageSource;
  picture: Picture | null;
  color: 'gray' | 'color';
  crop: 'none' | 'square';
  /** Longest side after resizing; 0 = as the file is. */
  size: number;
  preset: KernelPresetId | 'custom' | 'edge-magnitude';
  presetParams: Partial<KernelParamValues>;
  /** One colour scale for all outputs, or one per panel. */
  scale: 'shared' | 'panel';
  channelMaxPool: boolean;
  hover: { panel: string; row: number; col: number; channel: number; value: number } | null;
  error: string | null;
  set(patch: Partial<Omit<LabState, 'set' | 'setPreset' | 'setCell' | 'resizeKernel'>>): void;
  setPreset(preset: LabState['preset'], params?: Partial<KernelParamValues>): void;
  setCell(r: number, c: number, value: number): void;
  resizeKernel(rows: number, cols: number): void;
}

const MAX_KERNEL = 31;

export const useLabStore = create<LabState>()((set, get) => ({
  source: { kind: 'photo', id: 'camera' },
  picture: null,
  color: 'gray',
  crop: 'none',
  size: 0,
  preset: 'sobel-h',
  presetParams: {},
  kernels: [kernelPreset('sobel-h')!.make()],
  mode: 'kernel',
  padding: 'valid',
  explicitPad: 1,
  stride: 1,
  dilation: 1,
  repeat: 1,
  scale: 'shared',
  channelMaxPool: false,
  hover: null,
  error: null,

  set: (patch) => set(patch),

  setPreset(preset, params = {}) {
    if (preset === 'edge-magnitude') return set({ preset, mode: 'edge-magnitude' });
    if (preset === 'custom') return set({ preset, mode: 'kernel' });
    const presetParams = { ...(preset === get().preset ? get().presetParams : {}), ...params };
    const kernel = kernelPreset(preset)!.make(presetParams);
    set({ preset, presetParams, mode: 'kernel', kernels: [kernel, ...get().kernels.slice(1)] });
  },

  setCell(r, c, value) {
    const [first, ...rest] = get().kernels;
    const kernel = first!.map((row, i) => (i === r ? row.map((v, j) => (j === c ? value : v)) : row));
    set({ kernels: [kernel, ...rest], preset: 'custom', mode: 'kernel' });
  },

  resizeKernel(rows, cols) {
    const h = Math.max(1, Math.min(MAX_KERNEL, Math.round(rows)));
    const w = Math.max(1, Math.min(MAX_KERNEL, Math.round(cols)));
    const first = get().kernels[0]!;
    const kernel = Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, c) => first[r]?.[c] ?? 0));
    // A bank must share one size: resizing starts a new single kernel.
    set({ kernels: [kernel], preset: 'custom', mode: 'kernel' });
  },
}));

export { MAX_KERNEL };
