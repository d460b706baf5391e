import { CALL_CHANNELS } from './ipc-contract';

/** Electron IPC channel names: one per call in `IPC_CALLS` (derived), plus the two main → renderer events. */
export const IpcChannel = {
  ...CALL_CHANNELS,
  /** main → renderer: `TrainingEvent`s. */
  trainingEvent: 'training:event',
  /** main → renderer: a `MenuCommand` chosen in the application menu. */
  menuCommand: 'menu:command',
} as const;

export type InvokeChannel = (typeof CALL_CHANNELS)[keyof typeof CALL_CHANNELS];
