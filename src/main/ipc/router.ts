/**
 * Every IPC call from the renderer lands here. Payloads are untrusted: each is validated against the
 * shared schema before any service sees it, and a malformed one is refused with a message that says
 * which channel, which field and what was expected. Electron-free so it is unit-tested under Node.
 */
import type { z } from 'zod';
import type { DatasetChoice, OpenProjectResult, RecentEntry, RecoverySnapshot, SaveProjectResult } from '../../shared/api/app-api';
import { IpcChannel, type InvokeChannel } from '../../shared/api/ipc-channels';
import {
  describeIssues, exportModelRequestSchema, inspectRequestSchema, loadModelRequestSchema, datasetSamplesRequestSchema, jobIdSchema, recentIdSchema, recoverySnapshotSchema, saveProjectRequestSchema, trainRequestSchema, userDatasetSchema,
} from '../../shared/api/schemas';
import { datasetChoices } from '../../shared/data/datasets';
import { readProjectFile, writeExportedModel, writeProjectFile } from '../services/project-service';
import type { RecentProjects } from '../services/recent-projects';
import type { TrainingService } from '../services/training-service';
import type { JsonDocument } from '../services/user-data-store';

export class IpcValidationError extends Error {
  override name = 'IpcValidationError';
}

/** The native dialogs, injected so the router stays testable without Electron. */
export interface DialogPort {
  chooseProjectToOpen(): Promise<string | null>;
  chooseProjectSavePath(suggestedName: string): Promise<string | null>;
  /** Where to write an exported TensorFlow.js `model.json`. */
  chooseModelExportPath(suggestedName: string): Promise<string | null>;
}

export interface RouterDeps {
  training: Pick<TrainingService, 'start' | 'stop' | 'pause' | 'resume' | 'inspect' | 'loadModel' | 'datasetSamples' | 'exportModel' | 'registerDataset' | 'warmup'>;
  dialogs: DialogPort;
  recent: RecentProjects;
  recovery: JsonDocument<RecoverySnapshot>;
}

export function validate<T>(schema: z.ZodType<T>, payload: unknown, channel: string): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new IpcValidationError(`Refused '${channel}': ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export type IpcHandler = (payload: unknown) => Promise<unknown>;

export function createIpcRouter(deps: RouterDeps): Record<InvokeChannel, IpcHandler> {
  // The renderer may only write where the user pointed a dialog (this session, or a recent project):
  // a path it merely names (a compromised page, a stale file) falls back to asking.
  const userChosenPaths = new Set<string>();
  const remember = async <T extends OpenProjectResult | SaveProjectResult>(result: T): Promise<T> => {
    const path = result.status === 'opened' ? result.opened.path : result.status === 'saved' ? result.path : undefined;
    if (path) {
      userChosenPaths.add(path);
      await deps.recent.add(path);
    }
    return result;
  };
  return {
    [IpcChannel.openProject]: async (): Promise<OpenProjectResult> => {
      const path = await deps.dialogs.chooseProjectToOpen();
      return path ? remember(await readProjectFile(path)) : { status: 'canceled' };
    },
    [IpcChannel.saveProject]: async (payload): Promise<SaveProjectResult> => {
      const request = validate(saveProjectRequestSchema, payload, IpcChannel.saveProject);
      const known = request.path && (userChosenPaths.has(request.path) || (await deps.recent.has(request.path))) ? request.path : null;
      const path = known ?? (await deps.dialogs.chooseProjectSavePath(request.suggestedName));
      if (!path) return { status: 'canceled' };
      userChosenPaths.add(path);
      return remember(await writeProjectFile(path, request.contents));
    },
    [IpcChannel.listRecent]: async (): Promise<RecentEntry[]> => deps.recent.list(),
    [IpcChannel.openRecent]: async (payload): Promise<OpenProjectResult> => {
      const path = validate(recentIdSchema, payload, IpcChannel.openRecent);
      if (!(await deps.recent.has(path))) return { status: 'error', error: 'That file is no longer in the Recent list.' };
      const result = await readProjectFile(path);
      if (result.status === 'error') {
        await deps.recent.remove(path);
        return { status: 'error', error: `${result.error} It was removed from Recent.` };
      }
      return remember(result);
    },
    [IpcChannel.writeRecovery]: async (payload) => deps.recovery.write(validate(recoverySnapshotSchema, payload, IpcChannel.writeRecovery)),
    [IpcChannel.readRecovery]: async () => deps.recovery.read(),
    [IpcChannel.clearRecovery]: async () => deps.recovery.clear(),
    [IpcChannel.listDatasets]: async (): Promise<DatasetChoice[]> => datasetChoices(),
    [IpcChannel.registerDataset]: async (payload) => {
      deps.training.registerDataset(validate(userDatasetSchema, payload, IpcChannel.registerDataset));
    },
    [IpcChannel.startTraining]: async (payload) => {
      deps.training.start(validate(trainRequestSchema, payload, IpcChannel.startTraining));
    },
    [IpcChannel.stopTraining]: async (payload) => {
      deps.training.stop(validate(jobIdSchema, payload, IpcChannel.stopTraining));
    },
    [IpcChannel.pauseTraining]: async (payload) => {
      deps.training.pause(validate(jobIdSchema, payload, IpcChannel.pauseTraining));
    },
    [IpcChannel.resumeTraining]: async (payload) => {
      deps.training.resume(validate(jobIdSchema, payload, IpcChannel.resumeTraining));
    },
    [IpcChannel.exportTrainedModel]: async (payload): Promise<SaveProjectResult> => {
      const { jobId, baseName } = validate(exportModelRequestSchema, payload, IpcChannel.exportTrainedModel);
      const model = await deps.training.exportModel(jobId, baseName);
      const path = await deps.dialogs.chooseModelExportPath(`${baseName}.json`);
      return path ? writeExportedModel(path, model) : { status: 'canceled' };
    },
    [IpcChannel.inspect]: async (payload) => deps.training.inspect(validate(inspectRequestSchema, payload, IpcChannel.inspect)),
    [IpcChannel.datasetSamples]: async (payload) => deps.training.datasetSamples(validate(datasetSamplesRequestSchema, payload, IpcChannel.datasetSamples)),
    [IpcChannel.loadModel]: async (payload) => deps.training.loadModel(validate(loadModelRequestSchema, payload, IpcChannel.loadModel)),
    [IpcChannel.warmup]: async (payload) => deps.training.warmup(validate(trainRequestSchema, payload, IpcChannel.warmup)),
  };
}
