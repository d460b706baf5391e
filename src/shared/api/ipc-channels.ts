/** Electron IPC channel names; one per `AppApi` call that reaches the main process. */
export const IpcChannel = {
  openProject: 'project:open',
  saveProject: 'project:save',
  listRecent: 'recent:list',
  openRecent: 'recent:open',
  writeRecovery: 'recovery:write',
  readRecovery: 'recovery:read',
  clearRecovery: 'recovery:clear',
  listDatasets: 'datasets:list',
  registerDataset: 'datasets:register',
  startTraining: 'training:start',
  stopTraining: 'training:stop',
  pauseTraining: 'training:pause',
  resumeTraining: 'training:resume',
  exportTrainedModel: 'training:export-model',
  inspect: 'training:inspect',
  loadModel: 'training:load-model',
  datasetSamples: 'datasets:samples',
  warmup: 'training:warmup',
  /** main → renderer: `TrainingEvent`s. */
  trainingEvent: 'training:event',
  /** main → renderer: a `MenuCommand` chosen in the application menu. */
  menuCommand: 'menu:command',
} as const;

export type InvokeChannel = Exclude<(typeof IpcChannel)[keyof typeof IpcChannel], typeof IpcChannel.trainingEvent | typeof IpcChannel.menuCommand>;
