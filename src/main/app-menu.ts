/**
 * The native application menu (Electron glue). The File, Edit, Homework and Help menus come from the command
 * table (`APP_MENU` in `src/shared/commands/commands.ts`): each item sends its command id to the
 * focused window's page, which runs the same action as its toolbar button; copy, paste and select-all
 * are Electron's native roles, which also serve text fields. Accelerators are shown but left to the
 * page's own shortcut handler (`registerAccelerator: false`), so Ctrl+Z in a text field still
 * undoes typing there.
 */
import { app, BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { IpcChannel } from '../shared/api/ipc-channels';
import { accelerator, APP_MENU, commandSpec, type AppMenuItem, type CommandId } from '../shared/commands/commands';

function command(id: CommandId): MenuItemConstructorOptions {
  const spec = commandSpec(id);
  if (spec.nativeRole) return { role: spec.nativeRole };
  const keys = accelerator(spec);
  return {
    label: spec.menuLabel ?? spec.label,
    ...(keys ? { accelerator: keys, registerAccelerator: false } : {}),
    click: () => BrowserWindow.getFocusedWindow()?.webContents.send(IpcChannel.menuCommand, id),
  };
}

function item(entry: AppMenuItem): MenuItemConstructorOptions {
  if (entry === '-') return { type: 'separator' };
  return typeof entry === 'string' ? command(entry) : { role: entry.role };
}

function tableMenu(label: (typeof APP_MENU)[number]['label']): MenuItemConstructorOptions[] {
  return (APP_MENU.find((m) => m.label === label)?.items ?? []).map(item);
}

export function installAppMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [...tableMenu('File'), { type: 'separator' }, process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' }],
    },
    { label: 'Edit', submenu: tableMenu('Edit') },
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
    { label: 'Homework', submenu: tableMenu('Homework') },
    { role: 'windowMenu' },
    { label: 'Help', submenu: tableMenu('Help') },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
