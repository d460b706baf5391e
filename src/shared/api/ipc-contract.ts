/**
 * The one table of renderer → main calls. Each entry names the IPC channel, the zod schema the main
 * process validates the payload with, the result type, and (where the method takes other arguments
 * than the payload itself) how its arguments become that one payload. `AppApi`'s methods, the
 * preload's implementation (`bindIpcCalls`) and the router's handler map (`IpcHandlers`) are all
 * derived from it, so a missing handler or a drifted type does not compile.
 *
 * Conventions: every call sends exactly one payload. A call without one uses `NO_PAYLOAD` and maps
 * its (no) arguments to `undefined`; a call with several arguments maps them to one object that its
 * schema describes (see `exportTrainedModel`).
 */
import { z } from 'zod';
import type { ImageDataset } from '../data/image-dataset';
import type { DatasetChoice, ExportFile, OpenProjectResult, RecentEntry, RecoverySnapshot, SaveProjectRequest, SaveProjectResult } from './app-api';
import {
  datasetSamplesRequestSchema,
  exportModelRequestSchema,
  inspectRequestSchema,
  jobIdSchema,
  loadModelRequestSchema,
  recentIdSchema,
  recoverySnapshotSchema,
  saveProjectRequestSchema,
  exportFilesRequestSchema,
  trainRequestSchema,
  userDatasetSchema,
} from './schemas';
import type {
  DatasetSamples,
  DatasetSamplesRequest,
  InspectRequest,
  InspectResult,
  LoadModelRequest,
  LoadModelResult,
  TrainRequest,
  WarmupResult,
} from './training-protocol';

export interface IpcCall<C extends string = string, S extends z.ZodType = z.ZodType, A extends unknown[] = unknown[], R = unknown> {
  /** `'area:verb'`. */
  channel: C;
  /** Validates the payload in the main process before any handler sees it. */
  request: S;
  /** The method's arguments → the one payload sent over the channel. */
  payload: (...args: A) => z.input<S>;
  /** Phantom: only its type matters (see `returns`). */
  result: R;
}

/** Names a call's result type in the table; there is no value at run time. */
export function returns<R>(): R {
  return undefined as R;
}

/** The payload schema of a call that sends none. */
export const NO_PAYLOAD = z.undefined();
const none = (): undefined => undefined;

function call<C extends string, S extends z.ZodType, A extends unknown[], R>(
  channel: C,
  request: S,
  result: R,
  payload: (...args: A) => z.input<S>,
): IpcCall<C, S, A, R> {
  return { channel, request, payload, result };
}

export const IPC_CALLS = {
  /** Ask the user for a project file and parse it; a bad file comes back as `error`, never a throw. */
  openProject: call('project:open', NO_PAYLOAD, returns<OpenProjectResult>(), none),
  saveProject: call('project:save', saveProjectRequestSchema, returns<SaveProjectResult>(), (request: SaveProjectRequest) => request),
  /** Exported code and its data (a `.py` and its `.npz`): the first file where the user chooses, the others beside it. */
  exportFiles: call('export:files', exportFilesRequestSchema, returns<SaveProjectResult>(), (files: ExportFile[]) => ({ files })),
  /** Recently opened or saved projects, newest first. */
  listRecent: call('recent:list', NO_PAYLOAD, returns<RecentEntry[]>(), none),
  openRecent: call('recent:open', recentIdSchema, returns<OpenProjectResult>(), (id: string) => id),
  /** Autosave slot: written on every change, read back after a crash, cleared after a save. */
  writeRecovery: call('recovery:write', recoverySnapshotSchema, returns<void>(), (snapshot: RecoverySnapshot) => snapshot),
  readRecovery: call('recovery:read', NO_PAYLOAD, returns<RecoverySnapshot | null>(), none),
  clearRecovery: call('recovery:clear', NO_PAYLOAD, returns<void>(), none),
  listDatasets: call('datasets:list', NO_PAYLOAD, returns<DatasetChoice[]>(), none),
  /** Hands the user's own (parsed) dataset to the trainer; train requests then name it by its id. The schema checks channels and sizes. */
  registerDataset: call('datasets:register', userDatasetSchema, returns<void>(), (dataset: ImageDataset) => dataset as z.input<typeof userDatasetSchema>),
  /** Starts a job in the host's trainer worker; progress arrives through `onTrainingEvent`. */
  startTraining: call('training:start', trainRequestSchema, returns<void>(), (request: TrainRequest) => request),
  stopTraining: call('training:stop', jobIdSchema, returns<void>(), (jobId: string) => jobId),
  pauseTraining: call('training:pause', jobIdSchema, returns<void>(), (jobId: string) => jobId),
  resumeTraining: call('training:resume', jobIdSchema, returns<void>(), (jobId: string) => jobId),
  /** Saves a trained job's network as TensorFlow.js files (`<baseName>.json` + `<baseName>.weights.bin`). */
  exportTrainedModel: call('training:export-model', exportModelRequestSchema, returns<SaveProjectResult>(), (jobId: string, baseName: string) => ({
    jobId,
    baseName,
  })),
  /** Per-layer outputs for one input and every weight tensor of a job's model. */
  inspect: call('training:inspect', inspectRequestSchema, returns<InspectResult>(), (request: InspectRequest) => request),
  /** Builds a model for `inspect`/export without training: untrained, with fixed kernels, or with restored weights. */
  loadModel: call('training:load-model', loadModelRequestSchema, returns<LoadModelResult>(), (request: LoadModelRequest) => request),
  /** The first test images of a dataset, to look inside the network with. */
  datasetSamples: call('datasets:samples', datasetSamplesRequestSchema, returns<DatasetSamples>(), (request: DatasetSamplesRequest) => request),
  /** Times a few batches of a run before it starts (the Train tab's estimate); nothing is kept. */
  warmup: call('training:warmup', trainRequestSchema, returns<WarmupResult>(), (request: TrainRequest) => request),
} as const;

export type IpcCalls = typeof IPC_CALLS;
export type IpcCallName = keyof IpcCalls;
type ArgsOf<K extends IpcCallName> = Parameters<IpcCalls[K]['payload']>;
/** What a call resolves to. */
export type IpcResult<K extends IpcCallName> = IpcCalls[K]['result'];
/** A call's payload after validation (defaults filled in): what its handler receives. */
export type IpcRequest<K extends IpcCallName> = z.output<IpcCalls[K]['request']>;
export type IpcChannelOf<K extends IpcCallName> = IpcCalls[K]['channel'];

/** The renderer's side: one method per call (part of `AppApi`). */
export type IpcMethods = { [K in IpcCallName]: (...args: ArgsOf<K>) => Promise<IpcResult<K>> };
/** The main process's side: one handler per call, given the validated payload. */
export type IpcHandlers = { [K in IpcCallName]: (request: IpcRequest<K>) => Promise<IpcResult<K>> };
/** What the router hands `ipcMain.handle`: untrusted payload in, by channel name. */
export type IpcRoutes = { [K in IpcCallName as IpcChannelOf<K>]: (payload: unknown) => Promise<IpcResult<K>> };

const CALL_NAMES = Object.keys(IPC_CALLS) as IpcCallName[];

/** Every call's channel, by method name. */
export const CALL_CHANNELS = Object.fromEntries(CALL_NAMES.map((name) => [name, IPC_CALLS[name].channel])) as { [K in IpcCallName]: IpcChannelOf<K> };

/** The preload's methods: each turns its arguments into the payload and sends it on the call's channel. */
export function bindIpcCalls(invoke: (channel: string, payload: unknown) => Promise<unknown>): IpcMethods {
  return Object.fromEntries(
    CALL_NAMES.map((name) => {
      const { channel, payload } = IPC_CALLS[name] as IpcCall;
      return [name, (...args: unknown[]) => invoke(channel, payload(...args))];
    }),
  ) as IpcMethods;
}

/** The router's map: each channel validates its payload with the call's schema, then runs the handler. */
export function routeIpcCalls(handlers: IpcHandlers, validate: (schema: z.ZodType, payload: unknown, channel: string) => unknown): IpcRoutes {
  return Object.fromEntries(
    CALL_NAMES.map((name) => {
      const { channel, request } = IPC_CALLS[name] as IpcCall;
      const handler = handlers[name] as (request: unknown) => Promise<unknown>;
      return [channel, async (payload: unknown) => handler(validate(request, payload, channel))];
    }),
  ) as IpcRoutes;
}
