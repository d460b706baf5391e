/**
 * The one contract between the UI and whatever hosts it. The Electron preload and the browser host
 * both implement `AppApi`; the renderer picks one at start-up and only ever talks to this interface.
 */
import type { DatasetInfo } from '../data/datasets';
import type { ProjectFile } from '../project/project-file';
import type { InspectRequest, InspectResult, TrainingEvent, TrainRequest } from './training-protocol';

export type HostKind = 'electron' | 'browser';
export type Unsubscribe = () => void;

export interface OpenedProject {
  /** File name shown in the title bar. */
  name: string;
  /** Absolute path (Electron host); undefined for uploads. */
  path?: string;
  project: ProjectFile;
}

export type OpenProjectResult =
  | { status: 'opened'; opened: OpenedProject }
  | { status: 'canceled' }
  | { status: 'error'; error: string };

export interface SaveProjectRequest {
  suggestedName: string;
  path?: string;
  contents: string;
}

export type SaveProjectResult =
  | { status: 'saved'; name: string; path?: string }
  | { status: 'canceled' }
  | { status: 'error'; error: string };

export interface AppApi {
  readonly host: HostKind;
  /** Ask the user for a project file and parse it; a bad file comes back as `error`, never a throw. */
  openProject(): Promise<OpenProjectResult>;
  saveProject(request: SaveProjectRequest): Promise<SaveProjectResult>;
  listDatasets(): Promise<DatasetInfo[]>;
  /** Starts a job in the host's trainer worker; progress arrives through `onTrainingEvent`. */
  startTraining(request: TrainRequest): Promise<void>;
  stopTraining(jobId: string): Promise<void>;
  onTrainingEvent(listener: (event: TrainingEvent) => void): Unsubscribe;
  /** Per-layer outputs for one input and every weight tensor of a job's model. */
  inspect(request: InspectRequest): Promise<InspectResult>;
}

/** The name under which the Electron preload exposes its `AppApi` on `window`. */
export const PRELOAD_GLOBAL = 'cnnStudio';
