/**
 * Runtime schemas for everything that crosses a process boundary (IPC payloads, worker messages,
 * project files). The main process validates every renderer payload with these before acting on it.
 */
import { z } from 'zod';

const paramValue = z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(z.number()), z.array(z.array(z.number()))]);

export const graphNodeSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  params: z.record(z.string(), paramValue),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
  weights: z
    .record(
      z.string().min(1).max(100),
      z
        .object({ shape: z.array(z.number().int().min(1)).max(8), values: z.array(z.number()).max(1_000_000) })
        .refine((w) => w.values.length === w.shape.reduce((a, b) => a * b, 1), { message: 'values do not fill the shape' }),
    )
    .optional(),
});

export const graphEdgeSchema = z.object({
  id: z.string().min(1).max(400),
  source: z.string().min(1),
  target: z.string().min(1),
});

export const networkGraphSchema = z.object({
  nodes: z.array(graphNodeSchema).max(5000),
  edges: z.array(graphEdgeSchema).max(20000),
});

export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adam', 'nadam', 'rmsprop', 'adagrad'] as const;
export const LOSSES = ['sparseCategoricalCrossentropy', 'categoricalCrossentropy', 'meanSquaredError', 'binaryCrossentropy'] as const;
/** The losses as Keras writes them (`model.compile(loss=...)`): what the UI shows. */
export const KERAS_LOSS_NAMES: Record<(typeof LOSSES)[number], string> = {
  sparseCategoricalCrossentropy: 'sparse_categorical_crossentropy',
  categoricalCrossentropy: 'categorical_crossentropy',
  meanSquaredError: 'mean_squared_error',
  binaryCrossentropy: 'binary_crossentropy',
};
export const PREPROCESSING = ['rescale', 'standardize'] as const;

export const trainingOptionsSchema = z.object({
  epochs: z.number().int().min(1).max(10000),
  batchSize: z.number().int().min(1).max(65536),
  learningRate: z.number().positive().max(10),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  optimizer: z.enum(OPTIMIZERS).default('adam'),
  /** Momentum for `momentum` / `nesterov`. */
  momentum: z.number().min(0).max(1).default(0.9),
  loss: z.enum(LOSSES).default('sparseCategoricalCrossentropy'),
  /** Fraction of the training images held out for validation; 0 = validate on the dataset's test set. */
  validationSplit: z.number().min(0).max(0.9).default(0),
  shuffle: z.boolean().default(true),
  /** `rescale`: pixels × 1/255; `standardize`: per-pixel (x − mean)/std over the training set, as the course does. */
  preprocessing: z.enum(PREPROCESSING).default('rescale'),
  earlyStopping: z
    .object({ monitor: z.enum(['val_loss', 'val_accuracy', 'loss']), patience: z.number().int().min(0).max(1000), restoreBestWeights: z.boolean() })
    .nullable()
    .default(null),
  reduceLrOnPlateau: z
    .object({ factor: z.number().gt(0).lt(1), patience: z.number().int().min(0).max(1000), minLearningRate: z.number().min(0) })
    .nullable()
    .default(null),
  /** Limit the data (e2e tests and quick looks); all when absent. */
  trainLimit: z.number().int().min(1).optional(),
  testLimit: z.number().int().min(1).optional(),
  /**
   * Workers that split each batch between them (data-parallel: the trainer and `workers − 1`
   * replicas, gradients averaged in shared memory every step); 1 trains in the trainer alone. The host
   * caps it at its core count and falls back to 1 where it cannot start replicas.
   */
  workers: z.number().int().min(1).max(64).default(1),
  /** Refuse to start when the estimated training memory exceeds this. */
  memoryLimitBytes: z
    .number()
    .positive()
    .default(1.5 * 2 ** 30),
});

export const trainRequestSchema = z.object({
  jobId: z.string().min(1).max(100),
  graph: networkGraphSchema,
  datasetId: z.string().min(1).max(200),
  options: trainingOptionsSchema,
});

export const jobIdSchema = z.string().min(1).max(100);

/** An 8-bit picture (H × W × C, C = 1 or 3) the worker converts to the Input as training does. */
export const pictureSchema = z
  .object({
    pixels: z.instanceof(Uint8Array),
    height: z.number().int().min(1).max(8192),
    width: z.number().int().min(1).max(8192),
    channels: z.union([z.literal(1), z.literal(3)]),
  })
  .refine((p) => p.pixels.length === p.height * p.width * p.channels, { message: 'pixels do not fill height × width × channels' });

export const inspectRequestSchema = z
  .object({
    jobId: z.string().min(1).max(100),
    /** The Input tensor's values, exactly… */
    input: z.array(z.number()).max(16_000_000).optional(),
    /** …or a picture, resized and converted to the Input (pixels × 1/255). */
    picture: pictureSchema.optional(),
    /** Only these nodes' outputs (all when absent). */
    nodeIds: z.array(z.string().max(200)).max(5000).optional(),
    /** Leave out the weights (a feature-map refresh that does not need them). */
    weights: z.boolean().default(true),
  })
  .refine((r) => (r.input === undefined) !== (r.picture === undefined), { message: 'give either input or picture' });

export const datasetSamplesRequestSchema = z.object({ datasetId: z.string().min(1).max(300), count: z.number().int().min(1).max(1000) });

const nodeTensorSchema = z
  .object({
    nodeId: z.string().min(1).max(200),
    name: z.string().min(1).max(200),
    shape: z.array(z.number().int().min(0)).max(8),
    values: z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array'),
  })
  .refine((t) => t.values.length === t.shape.reduce((a, b) => a * b, 1), { message: 'values do not fill the shape' });

/** Build a job's model without training it: to look inside an untrained, imported or reopened network. */
export const loadModelRequestSchema = z.object({
  jobId: z.string().min(1).max(100),
  graph: networkGraphSchema,
  /** Seeds the random initializers of every weight not given. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
  /** Trained weights to restore, matched to layers by node id (and shape). */
  weights: z.array(nodeTensorSchema).max(10_000).default([]),
});

export const saveProjectRequestSchema = z.object({
  /** File name suggested to the save dialog / download. */
  suggestedName: z.string().min(1).max(255),
  /** Where it was opened from or last saved to (Electron host only); omitted = ask. */
  path: z.string().min(1).max(4096).optional(),
  contents: z.string().max(512 * 1024 * 1024),
});

/** Exported files written together (a script and its weights beside it); the first is the one the user names. */
export const exportFilesRequestSchema = z.object({
  files: z
    .array(
      z.object({
        name: z
          .string()
          .min(1)
          .max(255)
          .regex(/^[^\\/]+$/, 'a file name, not a path'),
        /** Text files as text; binary ones (weights) as base64. */
        text: z
          .string()
          .max(64 * 1024 * 1024)
          .optional(),
        base64: z
          .string()
          .max(512 * 1024 * 1024)
          .optional(),
      }),
    )
    .min(1)
    .max(8),
});

export const recoverySnapshotSchema = z.object({
  contents: z.string().max(512 * 1024 * 1024),
  fileName: z.string().min(1).max(255),
  savedAt: z.string().max(64),
});

export const exportModelRequestSchema = z.object({
  jobId: z.string().min(1).max(100),
  baseName: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^/\\:*?"<>|]+$/, 'a file name without path separators'),
});

const splitSchema = z.object({ images: z.instanceof(Uint8Array), labels: z.instanceof(Uint8Array), count: z.number().int().min(1) });

/** The user's own dataset, as the renderer parsed it: sizes must agree with the bytes. */
export const userDatasetSchema = z
  .object({
    id: z.string().startsWith('user:').max(300),
    name: z.string().min(1).max(255),
    height: z.number().int().min(1).max(4096),
    width: z.number().int().min(1).max(4096),
    channels: z.union([z.literal(1), z.literal(3)]),
    classNames: z.array(z.string().max(200)).min(2).max(256),
    train: splitSchema,
    test: splitSchema,
  })
  .superRefine((d, ctx) => {
    for (const key of ['train', 'test'] as const) {
      const split = d[key];
      if (split.images.length !== split.count * d.height * d.width * d.channels || split.labels.length !== split.count) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `holds ${split.images.length} bytes and ${split.labels.length} labels for ${split.count} images of ${d.height}×${d.width}×${d.channels}`,
        });
      }
      if (split.labels.some((l) => l >= d.classNames.length))
        ctx.addIssue({ code: 'custom', path: [key, 'labels'], message: 'a label is not one of the classes' });
    }
  });

export const recentIdSchema = z.string().min(1).max(4096);

/** Turns a zod failure into one line a person can act on: where, and what was expected. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
