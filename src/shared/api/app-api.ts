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
import type { NetworkGraph } from '../graph/graph';
import type { Homework } from '../homework/homework-file';
import type { ImportSource } from '../interop/keras-import';
import type { ProjectExtras } from '../project/project-file';
import { MENU_COMMAND_IDS, type CommandId } from '../commands/commands';
import type { IpcMethods } from './ipc-contract';
import type { TrainingEvent } from './training-protocol';

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
  /** A homework file (`source: 'homework'`): what is asked of the network. */
  homework?: Homework;
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

export type OpenProjectResult = { status: 'opened'; opened: OpenedProject } | { status: 'canceled' } | { status: 'error'; error: string };

export interface SaveProjectRequest {
  suggestedName: string;
  path?: string;
  contents: string;
}

/** Files to export together: the first is saved where the user chooses, the rest beside it. */
export interface ExportFile {
  name: string;
  /** Text contents, or `base64` for binary files. */
  text?: string;
  base64?: string;
}

export type SaveProjectResult = { status: 'saved'; name: string; path?: string } | { status: 'canceled' } | { status: 'error'; error: string };

/** Commands the Electron application menu sends to the page (the browser host's toolbar does the same): from the command table. */
export const MENU_COMMANDS: readonly CommandId[] = MENU_COMMAND_IDS;
export type MenuCommand = CommandId;

/** Everything the renderer may ask of its host: the calls of `IPC_CALLS` (`ipc-contract.ts`) and two event streams. */
export interface AppApi extends IpcMethods {
  readonly host: HostKind;
  onTrainingEvent(listener: (event: TrainingEvent) => void): Unsubscribe;
  /** Native menu choices (Electron); the browser host never calls the listener. */
  onMenuCommand(listener: (command: MenuCommand) => void): Unsubscribe;
}

/** The name under which the Electron preload exposes its `AppApi` on `window`. */
export const PRELOAD_GLOBAL = 'cnnStudio';
