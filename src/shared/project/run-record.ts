/**
 * One finished training run as the project keeps it: enough to compare runs side by side (settings,
 * the per-epoch curve, the test result), not the per-batch trace or the evaluated images.
 */
import { z } from 'zod';

const epochMetricsSchema = z.object({
  epoch: z.number().int().min(0),
  loss: z.number(),
  accuracy: z.number().optional(),
  valLoss: z.number().optional(),
  valAccuracy: z.number().optional(),
  learningRate: z.number(),
});

export const runRecordSchema = z.object({
  id: z.string().min(1).max(200),
  /** ISO time the run started. */
  startedAt: z.string().max(64),
  datasetId: z.string().min(1).max(300),
  /** The settings as the user chose them (the trainer fills in the defaults). */
  options: z.record(z.string(), z.unknown()),
  epochs: z.array(epochMetricsSchema).max(100_000),
  reason: z.enum(['completed', 'stopped', 'early-stopping']),
  bestEpoch: z.number().int().nullable(),
  testLoss: z.number().nullable(),
  testAccuracy: z.number().nullable(),
  samplesPerSecond: z.number().min(0),
  backend: z.string().max(100),
});
export type RunRecord = z.infer<typeof runRecordSchema>;
