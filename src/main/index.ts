/**
 * Electron glue, kept thin: the window with its security settings, native dialogs, and IPC wiring.
 * Everything with behaviour lives in Electron-free modules (ipc/router, services/*, security.ts) that
 * tests run. The security items (SECURITY.md): every renderer sandboxed, no navigation, new window or
 * webview, permissions refused but clipboard writing, IPC senders checked, links only to listed https hosts.
 */
import { exportFileFilter } from './services/file-filters';
import { app, BrowserWindow, dialog, ipcMain, screen, session, shell, type Session } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IpcChannel } from '../shared/api/ipc-channels';
import { PROJECT_EXTENSION } from '../shared/project/project-file';
import { recoverySnapshotSchema } from '../shared/api/schemas';
import { installAppMenu } from './app-menu';
import { createIpcRouter, guardSender, type DialogPort, type TrustedPages } from './ipc/router';
import { isAllowedExternalUrl, isPermissionAllowed } from './security';
import { RecentProjects } from './services/recent-projects';
import { TrainingService } from './services/training-service';
import { JsonDocument } from './services/user-data-store';
import { DEFAULT_WINDOW, fitToScreens, windowStateDocument } from './services/window-state';

app.enableSandbox();

const rendererFile = join(__dirname, '../renderer/index.html');
// The dev server is only ever the development build's page: a packaged app ignores the variable.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const trustedPages: TrustedPages = { rendererFileUrl: pathToFileURL(rendererFile).href, devServerUrl };

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
  async chooseModelExportPath(suggestedName) {
    const window = BrowserWindow.getFocusedWindow();
    // The filter follows what is saved (a script, a notebook, a picture, a homework…), not always model.json.
    const options = { defaultPath: suggestedName, filters: [exportFileFilter(suggestedName)] };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled ? null : (result.filePath ?? null);
  },
  async chooseProjectSavePath(suggestedName) {
    const window = BrowserWindow.getFocusedWindow();
    const options = { defaultPath: suggestedName, filters: projectFilters };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled ? null : (result.filePath ?? null);
  },
};

async function createWindow(): Promise<void> {
  const stateDoc = windowStateDocument(app.getPath('userData'));
  const saved = fitToScreens(
    (await stateDoc.read()) ?? DEFAULT_WINDOW,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const window = new BrowserWindow({
    width: saved.width,
    height: saved.height,
    ...(saved.x !== undefined && saved.y !== undefined ? { x: saved.x, y: saved.y } : {}),
    minWidth: 900,
    minHeight: 600,
    title: 'CNN Studio',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // No auxclick events at all: a middle-click on a link cannot start a navigation (setWindowOpenHandler denies it anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (saved.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    void stateDoc.write({ ...bounds, maximized: window.isMaximized() });
  });
  // The page refuses to unload while it has unsaved changes (beforeunload); ask the user here.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Discard changes and close', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'This network has unsaved changes.',
      detail: 'They are kept in the recovery slot, but save them to a project file to be safe.',
    });
    if (choice === 0) event.preventDefault();
  });
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererFile);
}

// No page may navigate away, open a window (window.open, target=_blank, middle- or shift-click on a link:
// all reach the window-open handler), or attach a <webview>. An https link to a listed documentation host
// goes to the system browser instead (isAllowedExternalUrl); anything else is dropped.
function openInBrowser(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openInBrowser(url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: 'deny' };
  });
});

// Every web permission is refused except the one the app uses (clipboard writing, for the app's own page).
function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, { frameUrl: details.requestingUrl, isMainFrame: details.isMainFrame }, trustedPages)),
  );
  ses.setPermissionCheckHandler((contents, permission, _origin, details) =>
    isPermissionAllowed(permission, { frameUrl: details.requestingUrl ?? contents?.getURL(), isMainFrame: details.isMainFrame }, trustedPages),
  );
  ses.setDevicePermissionHandler(() => false);
}

void app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  const userData = app.getPath('userData');
  const router = createIpcRouter({
    training,
    dialogs,
    recent: new RecentProjects(userData),
    recovery: new JsonDocument(userData, 'recovery.cnnstudio-recovery.json', recoverySnapshotSchema),
  });
  // Every call checks who sent it (the app's page in a window's top frame) before its payload is parsed.
  for (const [channel, handler] of Object.entries(guardSender(router, trustedPages))) {
    ipcMain.handle(channel, (event, payload: unknown) =>
      handler({ frameUrl: event.senderFrame?.url, isMainFrame: event.senderFrame?.parent === null }, payload),
    );
  }
  training.onEvent((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IpcChannel.trainingEvent, event);
  });
  installAppMenu();
  void createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});

app.on('window-all-closed', () => {
  void training.dispose();
  if (process.platform !== 'darwin') app.quit();
});
