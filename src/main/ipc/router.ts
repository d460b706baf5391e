/**
 * Every IPC call from the renderer lands here. Payloads are untrusted: each is validated against the
 * shared schema before any service sees it, and a malformed one is refused with a message that says
 * which channel, which field and what was expected. Electron-free so it is unit-tested under Node.
 */
import type { z } from 'zod';
import type { OpenProjectResult, SaveProjectResult } from '../../shared/api/app-api';
import { IpcChannel, type InvokeChannel } from '../../shared/api/ipc-channels';
import { describeIssues, inspectRequestSchema, jobIdSchema, saveProjectRequestSchema, trainRequestSchema } from '../../shared/api/schemas';
import { BUILTIN_DATASETS, type DatasetInfo } from '../../shared/data/datasets';
import { readProjectFile, writeProjectFile } from '../services/project-service';
import type { TrainingService } from '../services/training-service';

export class IpcValidationError extends Error {
  override name = 'IpcValidationError';
}

/** The native dialogs, injected so the router stays testable without Electron. */
export interface DialogPort {
  chooseProjectToOpen(): Promise<string | null>;
  chooseProjectSavePath(suggestedName: string): Promise<string | null>;
}

export interface RouterDeps {
  training: Pick<TrainingService, 'start' | 'stop' | 'inspect'>;
  dialogs: DialogPort;
}

export function validate<T>(schema: z.ZodType<T>, payload: unknown, channel: string): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new IpcValidationError(`Refused '${channel}': ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export type IpcHandler = (payload: unknown) => Promise<unknown>;

export function createIpcRouter(deps: RouterDeps): Record<InvokeChannel, IpcHandler> {
  // The renderer may only write where the user pointed a dialog this session: a path it merely
  // names (a compromised page, a stale file) falls back to asking.
  const userChosenPaths = new Set<string>();
  return {
    [IpcChannel.openProject]: async (): Promise<OpenProjectResult> => {
      const path = await deps.dialogs.chooseProjectToOpen();
      if (!path) return { status: 'canceled' };
      const result = await readProjectFile(path);
      if (result.status === 'opened') userChosenPaths.add(path);
      return result;
    },
    [IpcChannel.saveProject]: async (payload): Promise<SaveProjectResult> => {
      const request = validate(saveProjectRequestSchema, payload, IpcChannel.saveProject);
      const known = request.path && userChosenPaths.has(request.path) ? request.path : null;
      const path = known ?? (await deps.dialogs.chooseProjectSavePath(request.suggestedName));
      if (!path) return { status: 'canceled' };
      userChosenPaths.add(path);
      return writeProjectFile(path, request.contents);
    },
    [IpcChannel.listDatasets]: async (): Promise<DatasetInfo[]> => BUILTIN_DATASETS,
    [IpcChannel.startTraining]: async (payload) => {
      deps.training.start(validate(trainRequestSchema, payload, IpcChannel.startTraining));
    },
    [IpcChannel.stopTraining]: async (payload) => {
      deps.training.stop(validate(jobIdSchema, payload, IpcChannel.stopTraining));
    },
    [IpcChannel.inspect]: async (payload) => deps.training.inspect(validate(inspectRequestSchema, payload, IpcChannel.inspect)),
  };
}
