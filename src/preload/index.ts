/**
 * The renderer's only door to the main process: a narrow `AppApi` over named IPC channels.
 * Runs sandboxed; exposes functions, never `ipcRenderer` itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { MENU_COMMANDS, PRELOAD_GLOBAL, type AppApi, type MenuCommand } from '../shared/api/app-api';
import { IpcChannel } from '../shared/api/ipc-channels';
import type { TrainingEvent } from '../shared/api/training-protocol';

const api: AppApi = {
  host: 'electron',
  openProject: () => ipcRenderer.invoke(IpcChannel.openProject),
  saveProject: (request) => ipcRenderer.invoke(IpcChannel.saveProject, request),
  listRecent: () => ipcRenderer.invoke(IpcChannel.listRecent),
  openRecent: (id) => ipcRenderer.invoke(IpcChannel.openRecent, id),
  writeRecovery: (snapshot) => ipcRenderer.invoke(IpcChannel.writeRecovery, snapshot),
  readRecovery: () => ipcRenderer.invoke(IpcChannel.readRecovery),
  clearRecovery: () => ipcRenderer.invoke(IpcChannel.clearRecovery),
  listDatasets: () => ipcRenderer.invoke(IpcChannel.listDatasets),
  registerDataset: (dataset) => ipcRenderer.invoke(IpcChannel.registerDataset, dataset),
  startTraining: (request) => ipcRenderer.invoke(IpcChannel.startTraining, request),
  stopTraining: (jobId) => ipcRenderer.invoke(IpcChannel.stopTraining, jobId),
  pauseTraining: (jobId) => ipcRenderer.invoke(IpcChannel.pauseTraining, jobId),
  exportTrainedModel: (jobId, baseName) => ipcRenderer.invoke(IpcChannel.exportTrainedModel, { jobId, baseName }),
  resumeTraining: (jobId) => ipcRenderer.invoke(IpcChannel.resumeTraining, jobId),
  inspect: (request) => ipcRenderer.invoke(IpcChannel.inspect, request),
  loadModel: (request) => ipcRenderer.invoke(IpcChannel.loadModel, request),
  datasetSamples: (request) => ipcRenderer.invoke(IpcChannel.datasetSamples, request),
  warmup: (request) => ipcRenderer.invoke(IpcChannel.warmup, request),
  onTrainingEvent(listener) {
    const handler = (_event: Electron.IpcRendererEvent, trainingEvent: TrainingEvent) => listener(trainingEvent);
    ipcRenderer.on(IpcChannel.trainingEvent, handler);
    return () => void ipcRenderer.removeListener(IpcChannel.trainingEvent, handler);
  },
  onMenuCommand(listener) {
    const handler = (_event: Electron.IpcRendererEvent, command: MenuCommand) => {
      if (MENU_COMMANDS.includes(command)) listener(command);
    };
    ipcRenderer.on(IpcChannel.menuCommand, handler);
    return () => void ipcRenderer.removeListener(IpcChannel.menuCommand, handler);
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
