/**
 * Makes an optimizer exchange gradients before it applies them: `minimize` (what `trainOnBatch`
 * calls) computes this party's gradients and calls `applyGradients`, which this hook replaces on the
 * instance by "write mine, wait for every party, apply the weighted mean". Loss, metrics, layers in
 * training mode and regularizers all stay tfjs-layers' own.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExchangeParty } from './exchange';

export interface ExchangeHook {
  /** The samples this party's next step stands for (0 for padding). */
  setShare(samples: number): void;
}

export function exchangeBeforeApplying(optimizer: tf.Optimizer, party: ExchangeParty, size: number): ExchangeHook {
  let share = 0;
  const apply = optimizer.applyGradients.bind(optimizer);
  const own = new Float32Array(size);
  optimizer.applyGradients = (variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]) => {
    // Insertion order is the trainable weights' order (minimize builds the map from the model's list), the same on every party.
    const named = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    let offset = 0;
    for (const { name, tensor } of named) {
      if (offset + tensor.size > size) throw new Error(`the gradient of ${name} does not fit the exchange (${size} values)`);
      own.set(tensor.dataSync() as Float32Array, offset);
      offset += tensor.size;
    }
    if (offset !== size) throw new Error(`gradients hold ${offset} values, the exchange ${size}`);
    const mean = party.exchange(own, share);
    offset = 0;
    const averaged: tf.NamedTensorMap = {};
    for (const { name, tensor } of named) {
      averaged[name] = tf.tensor(mean.slice(offset, offset + tensor.size), tensor.shape, 'float32');
      offset += tensor.size;
    }
    try {
      apply(averaged);
    } finally {
      tf.dispose(Object.values(averaged));
    }
  };
  return { setShare: (samples) => void (share = samples) };
}

/** Values an exchange for this model carries a step: every trainable weight. */
/** Values in a weight of this shape. */
export const valuesIn = (shape: readonly (number | null)[]) => shape.reduce<number>((a, b) => a * (b ?? 1), 1);

export const exchangeSize = (model: tf.LayersModel) => model.trainableWeights.reduce((n, w) => n + valuesIn(w.shape), 0);
