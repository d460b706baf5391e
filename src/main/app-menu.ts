/**
 * The native application menu (Electron glue). Each custom item sends a `MenuCommand` to the focused
 * window's page, which runs the same action as its toolbar button. Accelerators are shown but left to
 * the page's own shortcut handler (`registerAccelerator: false`), so Ctrl+Z in a text field still
 * undoes typing there.
 */
import { app, BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/api/app-api';
import { IpcChannel } from '../shared/api/ipc-channels';

function command(label: string, name: MenuCommand, accelerator?: string): MenuItemConstructorOptions {
  return {
    label,
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
    click: () => BrowserWindow.getFocusedWindow()?.webContents.send(IpcChannel.menuCommand, name),
  };
}

export function installAppMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        command('New', 'new', 'CmdOrCtrl+Alt+N'),
        command('Open…', 'open', 'CmdOrCtrl+O'),
        { type: 'separator' },
        command('Save', 'save', 'CmdOrCtrl+S'),
        command('Save As…', 'save-as', 'CmdOrCtrl+Shift+S'),
        command('Export Keras JSON…', 'export-keras'),
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        command('Undo', 'undo', 'CmdOrCtrl+Z'),
        command('Redo', 'redo', 'CmdOrCtrl+Shift+Z'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        command('Auto-layout', 'layout'),
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
    { label: 'Help', submenu: [command('Welcome', 'welcome')] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
