/**
 * Every IPC call from the renderer lands here. Payloads are untrusted: each is validated against the
 * shared schema before any service sees it, and a malformed one is refused with a message that says
 * which channel, which field and what was expected. Before that, the glue asks `isTrustedSender` whether
 * the message came from the app's own page in a window's top frame (`guardSender`): a frame of any other
 * origin (an iframe, a page navigated elsewhere) is refused before its payload is even parsed.
 * Electron-free so it is unit-tested under Node.
 */
import type { z } from 'zod';
import type { OpenProjectResult, RecoverySnapshot, SaveProjectResult } from '../../shared/api/app-api';
import { routeIpcCalls, type IpcHandlers, type IpcRoutes } from '../../shared/api/ipc-contract';
import { describeIssues } from '../../shared/api/schemas';
import { datasetChoices } from '../../shared/data/datasets';
import { readProjectFile, writeExportedModel, writeExportFiles, writeProjectFile } from '../services/project-service';
import type { RecentProjects } from '../services/recent-projects';
import type { TrainingService } from '../services/training-service';
import type { JsonDocument } from '../services/user-data-store';

export class IpcValidationError extends Error {
  override name = 'IpcValidationError';
}

export class IpcSenderError extends Error {
  override name = 'IpcSenderError';
}

/** Who sent an IPC message, from Electron's `event.senderFrame` (null when the frame is gone). */
export interface IpcSender {
  frameUrl: string | null | undefined;
  /** The window's top frame (`senderFrame.parent === null`), not an iframe inside it. */
  isMainFrame: boolean;
}

/** The app's own pages: the built renderer (`file://…/renderer/index.html`), and in development the dev server. */
export interface TrustedPages {
  rendererFileUrl: string;
  /** electron-vite's dev server (`ELECTRON_RENDERER_URL`); honoured only for http on a loopback host. */
  devServerUrl?: string | undefined;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parseUrl(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The dev server's origin if `devServerUrl` is a plain-http loopback URL, else null (never a remote page). */
export function devServerOrigin(devServerUrl: string | undefined): string | null {
  const dev = parseUrl(devServerUrl);
  return dev && dev.protocol === 'http:' && LOOPBACK_HOSTS.has(dev.hostname) ? dev.origin : null;
}

/**
 * Whether an IPC message comes from the app itself: the top frame of a window showing the built
 * renderer's very file (query and hash aside) or a page of the loopback dev server. Anything else, an
 * iframe, another file, `about:blank`, a remote origin or a destroyed frame, is not.
 */
export function isTrustedSender(sender: IpcSender, allowed: TrustedPages): boolean {
  if (!sender.isMainFrame) return false;
  const url = parseUrl(sender.frameUrl);
  if (!url) return false;
  if (url.protocol === 'file:') {
    const renderer = parseUrl(allowed.rendererFileUrl);
    return renderer?.protocol === 'file:' && url.host === renderer.host && url.pathname === renderer.pathname;
  }
  const dev = devServerOrigin(allowed.devServerUrl);
  return dev !== null && url.origin === dev;
}

export type GuardedIpcHandler = (sender: IpcSender, payload: unknown) => Promise<unknown>;

/** Each route, refusing a message from an untrusted sender before the payload is looked at. */
export function guardSender(routes: IpcRoutes, allowed: TrustedPages): Record<string, GuardedIpcHandler> {
  return Object.fromEntries(
    Object.entries(routes).map(([channel, handler]) => [
      channel,
      async (sender: IpcSender, payload: unknown) => {
        if (!isTrustedSender(sender, allowed)) {
          const where = sender.isMainFrame ? 'page' : 'frame';
          throw new IpcSenderError(`Refused '${channel}': sent by a ${where} that is not this app (${String(sender.frameUrl ?? 'no frame').slice(0, 200)})`);
        }
        return (handler as (payload: unknown) => Promise<unknown>)(payload);
      },
    ]),
  );
}

/** The native dialogs, injected so the router stays testable without Electron. */
export interface DialogPort {
  chooseProjectToOpen(): Promise<string | null>;
  chooseProjectSavePath(suggestedName: string): Promise<string | null>;
  /** Where to write an exported TensorFlow.js `model.json`. */
  chooseModelExportPath(suggestedName: string): Promise<string | null>;
}

export interface RouterDeps {
  training: Pick<
    TrainingService,
    'start' | 'stop' | 'pause' | 'resume' | 'inspect' | 'loadModel' | 'datasetSamples' | 'exportModel' | 'registerDataset' | 'warmup'
  >;
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

/** One handler per call of `IPC_CALLS`, keyed by channel; each payload is validated before its handler runs. */
export function createIpcRouter(deps: RouterDeps): IpcRoutes {
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
  const handlers: IpcHandlers = {
    openProject: async () => {
      const path = await deps.dialogs.chooseProjectToOpen();
      return path ? remember(await readProjectFile(path)) : { status: 'canceled' };
    },
    saveProject: async (request) => {
      const known = request.path && (userChosenPaths.has(request.path) || (await deps.recent.has(request.path))) ? request.path : null;
      const path = known ?? (await deps.dialogs.chooseProjectSavePath(request.suggestedName));
      if (!path) return { status: 'canceled' };
      userChosenPaths.add(path);
      return remember(await writeProjectFile(path, request.contents));
    },
    exportFiles: async ({ files }) => {
      const path = await deps.dialogs.chooseModelExportPath(files[0]!.name);
      return path ? writeExportFiles(path, files) : { status: 'canceled' };
    },
    listRecent: async () => deps.recent.list(),
    openRecent: async (path) => {
      if (!(await deps.recent.has(path))) return { status: 'error', error: 'That file is no longer in the Recent list.' };
      const result = await readProjectFile(path);
      if (result.status === 'error') {
        await deps.recent.remove(path);
        return { status: 'error', error: `${result.error} It was removed from Recent.` };
      }
      return remember(result);
    },
    writeRecovery: async (snapshot) => deps.recovery.write(snapshot),
    readRecovery: async () => deps.recovery.read(),
    clearRecovery: async () => deps.recovery.clear(),
    listDatasets: async () => datasetChoices(),
    registerDataset: async (dataset) => deps.training.registerDataset(dataset),
    startTraining: async (request) => deps.training.start(request),
    stopTraining: async (jobId) => deps.training.stop(jobId),
    pauseTraining: async (jobId) => deps.training.pause(jobId),
    resumeTraining: async (jobId) => deps.training.resume(jobId),
    exportTrainedModel: async ({ jobId, baseName }) => {
      const model = await deps.training.exportModel(jobId, baseName);
      const path = await deps.dialogs.chooseModelExportPath(`${baseName}.json`);
      return path ? writeExportedModel(path, model) : { status: 'canceled' };
    },
    inspect: async (request) => deps.training.inspect(request),
    datasetSamples: async (request) => deps.training.datasetSamples(request),
    loadModel: async (request) => deps.training.loadModel(request),
    warmup: async (request) => deps.training.warmup(request),
  };
  return routeIpcCalls(handlers, validate);
}
