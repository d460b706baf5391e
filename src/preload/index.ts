/**
 * The renderer's only door to the main process: a narrow `AppApi` over named IPC channels.
 * Runs sandboxed; exposes functions, never `ipcRenderer` itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { MENU_COMMANDS, PRELOAD_GLOBAL, type AppApi, type MenuCommand } from '../shared/api/app-api';
import { IpcChannel } from '../shared/api/ipc-channels';
import { bindIpcCalls } from '../shared/api/ipc-contract';
import type { TrainingEvent } from '../shared/api/training-protocol';

const api: AppApi = {
  host: 'electron',
  // One method per call of `IPC_CALLS`: its arguments become the payload sent on its channel.
  ...bindIpcCalls((channel, payload) => ipcRenderer.invoke(channel, payload)),
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
