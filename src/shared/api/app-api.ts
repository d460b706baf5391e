/**
 * The one contract between the UI and whatever hosts it. The Electron preload and the browser host
 * both implement `AppApi`; the renderer picks one at start-up and only ever talks to this interface.
 */
/** A dataset the user can pick for training. */
export interface DatasetChoice {
  id: string;
  name: string;
  description: string;
  kind: 'images' | 'regression';
  /** H × W × C of one input image, where the dataset has images. */
  shape?: [number, number, number];
  /** Images (or samples) in each split, for estimates before training. */
  trainCount?: number;
  testCount?: number;
}
import type { ImageDataset } from '../data/image-dataset';
import type { NetworkGraph } from '../graph/graph';
import type { ImportSource } from '../interop/keras-import';
import type { ProjectExtras } from '../project/project-file';
import type { DatasetSamples, DatasetSamplesRequest, InspectRequest, InspectResult, LoadModelRequest, LoadModelResult, TrainingEvent, TrainRequest, WarmupResult } from './training-protocol';

export type HostKind = 'electron' | 'browser';
export type Unsubscribe = () => void;

export interface OpenedProject {
  /** File name shown in the title bar (for imported models: the project name Save will suggest). */
  name: string;
  /** Absolute path of a project file (Electron host); undefined for uploads and imported models. */
  path?: string;
  graph: NetworkGraph;
  /** What the file was: a project, or a Keras / tfjs model imported into a new project. */
  source: ImportSource;
  /** What the file holds that the graph does not (weights, ignored settings…). */
  warnings: string[];
  /** A project's training runs and the trained weights of its last run. */
  extras?: ProjectExtras;
}

export interface RecentEntry {
  /** Key for `openRecent` (a path in Electron, a stored id in the browser). */
  id: string;
  name: string;
  /** ISO time it was last opened or saved. */
  at: string;
}

export interface RecoverySnapshot {
  /** The project file text as it was when last autosaved. */
  contents: string;
  fileName: string;
  /** ISO time of the autosave. */
  savedAt: string;
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

/** Commands the Electron application menu sends to the page (the browser host's toolbar does the same). */
export const MENU_COMMANDS = ['new', 'open', 'save', 'save-as', 'export-keras', 'undo', 'redo', 'layout', 'welcome'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export interface AppApi {
  readonly host: HostKind;
  /** Ask the user for a project file and parse it; a bad file comes back as `error`, never a throw. */
  openProject(): Promise<OpenProjectResult>;
  saveProject(request: SaveProjectRequest): Promise<SaveProjectResult>;
  /** Recently opened or saved projects, newest first. */
  listRecent(): Promise<RecentEntry[]>;
  openRecent(id: string): Promise<OpenProjectResult>;
  /** Autosave slot: written on every change, read back after a crash, cleared after a save. */
  writeRecovery(snapshot: RecoverySnapshot): Promise<void>;
  readRecovery(): Promise<RecoverySnapshot | null>;
  clearRecovery(): Promise<void>;
  listDatasets(): Promise<DatasetChoice[]>;
  /** Hands the user's own (parsed) dataset to the trainer; train requests then name it by its id. */
  registerDataset(dataset: ImageDataset): Promise<void>;
  /** Starts a job in the host's trainer worker; progress arrives through `onTrainingEvent`. */
  startTraining(request: TrainRequest): Promise<void>;
  stopTraining(jobId: string): Promise<void>;
  pauseTraining(jobId: string): Promise<void>;
  /** Saves a trained job's network as TensorFlow.js files (`<baseName>.json` + `<baseName>.weights.bin`). */
  exportTrainedModel(jobId: string, baseName: string): Promise<SaveProjectResult>;
  resumeTraining(jobId: string): Promise<void>;
  onTrainingEvent(listener: (event: TrainingEvent) => void): Unsubscribe;
  /** Native menu choices (Electron); the browser host never calls the listener. */
  onMenuCommand(listener: (command: MenuCommand) => void): Unsubscribe;
  /** Per-layer outputs for one input and every weight tensor of a job's model. */
  inspect(request: InspectRequest): Promise<InspectResult>;
  /** Builds a model for `inspect`/export without training: untrained, with fixed kernels, or with restored weights. */
  loadModel(request: LoadModelRequest): Promise<LoadModelResult>;
  /** The first test images of a dataset, to look inside the network with. */
  datasetSamples(request: DatasetSamplesRequest): Promise<DatasetSamples>;
  /** Times a few batches of a run before it starts (the Train tab's estimate); nothing is kept. */
  warmup(request: TrainRequest): Promise<WarmupResult>;
}

/** The name under which the Electron preload exposes its `AppApi` on `window`. */
export const PRELOAD_GLOBAL = 'cnnStudio';
