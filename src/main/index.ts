/**
 * Electron glue, kept thin: the window with its security settings, native dialogs, and IPC wiring.
 * Everything with behaviour lives in Electron-free modules (ipc/router, services/*) that tests run.
 */
import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron';
import { join } from 'node:path';
import { IpcChannel } from '../shared/api/ipc-channels';
import { PROJECT_EXTENSION } from '../shared/project/project-file';
import { createIpcRouter, type DialogPort } from './ipc/router';
import { TrainingService } from './services/training-service';

const training = new TrainingService({ workerPath: join(__dirname, 'trainer.js') });

// Electron filters take one extension without dots; the dialog's default name carries the full `.cnnstudio.json`.
const projectFilters = [{ name: `CNN Studio project (*.${PROJECT_EXTENSION})`, extensions: ['json'] }];

const dialogs: DialogPort = {
  async chooseProjectToOpen() {
    const window = BrowserWindow.getFocusedWindow();
    const options = { properties: ['openFile' as const], filters: projectFilters };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  async chooseProjectSavePath(suggestedName) {
    const window = BrowserWindow.getFocusedWindow();
    const options = { defaultPath: suggestedName, filters: projectFilters };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled ? null : (result.filePath ?? null);
  },
};

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'CNN Studio',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(join(__dirname, '../renderer/index.html'));
}

// No page may navigate away or open windows; http(s) links go to the system browser instead.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

void app.whenReady().then(() => {
  const router = createIpcRouter({ training, dialogs });
  for (const [channel, handler] of Object.entries(router)) {
    ipcMain.handle(channel, (_event, payload: unknown) => handler(payload));
  }
  training.onEvent((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IpcChannel.trainingEvent, event);
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  void training.dispose();
  if (process.platform !== 'darwin') app.quit();
});
