import { describe, expect, it } from 'vitest';
import {
  accelerator,
  APP_MENU,
  COMMAND_IDS,
  commandForKey,
  commandSpec,
  matchCommands,
  MENU_COMMAND_IDS,
  shortcutHint,
  TOOLBAR,
  type CommandId,
  type KeyPress,
} from './commands';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('the command table', () => {
  it('has unique ids, and the menu sends the commands it sent before', () => {
    expect(new Set(COMMAND_IDS).size).toBe(COMMAND_IDS.length);
    expect(MENU_COMMAND_IDS).toEqual([
      'new',
      'open',
      'save',
      'save-as',
      'export-pytorch',
      'export-keras-code',
      'export-notebook-pytorch',
      'export-notebook-keras',
      'export-keras',
      'export-tfjs',
      'export-diagram',
      'export-summary-md',
      'export-summary-csv',
      'undo',
      'redo',
      'layout',
      'homework-make',
      'homework-open',
      'exercise-new',
      'homework-check',
      'homework-save-answers',
      'homework-leave',
      'welcome',
    ]);
  });

  it('lays out the native menus with the labels and accelerators they had', () => {
    const shown = APP_MENU.map((m) => ({
      label: m.label,
      items: m.items.map((i) =>
        i === '-'
          ? '-'
          : typeof i !== 'string'
            ? `role:${i.role}`
            : commandSpec(i).nativeRole
              ? `role:${commandSpec(i).nativeRole}`
              : [commandSpec(i).menuLabel ?? commandSpec(i).label, accelerator(commandSpec(i))].filter(Boolean).join(' '),
      ),
    }));
    expect(shown).toEqual([
      {
        label: 'File',
        items: [
          'New CmdOrCtrl+Alt+N',
          'Open… CmdOrCtrl+O',
          '-',
          'Save CmdOrCtrl+S',
          'Save As… CmdOrCtrl+Shift+S',
          '-',
          'Export PyTorch Script…',
          'Export Keras Code…',
          'Export PyTorch Notebook…',
          'Export Keras Notebook…',
          'Export Keras JSON…',
          'Export TensorFlow.js Model…',
          '-',
          'Export Diagram…',
          'Export Summary as Markdown…',
          'Export Summary as CSV…',
        ],
      },
      {
        label: 'Edit',
        items: ['Undo CmdOrCtrl+Z', 'Redo CmdOrCtrl+Shift+Z', '-', 'role:cut', 'role:copy', 'role:paste', 'role:selectAll', '-', 'Auto-layout'],
      },
      {
        label: 'Homework',
        items: ['Make homework…', '-', 'Open homework…', 'New exercise…', '-', 'Check answers CmdOrCtrl+Enter', 'Save my answers…', 'Leave homework'],
      },
      { label: 'Help', items: ['Welcome'] },
    ]);
  });

  it('shows the shortcut hints the toolbar showed, on macOS and elsewhere', () => {
    const hints = (mac: boolean) =>
      Object.fromEntries((['new', 'open', 'save', 'save-as', 'undo', 'redo', 'layout'] as CommandId[]).map((id) => [id, shortcutHint(commandSpec(id), mac)]));
    expect(hints(false)).toEqual({
      new: 'Ctrl+Alt+N',
      open: 'Ctrl+O',
      save: 'Ctrl+S',
      'save-as': 'Ctrl+Shift+S',
      undo: 'Ctrl+Z',
      redo: 'Ctrl+Shift+Z / Ctrl+Y',
      layout: undefined,
    });
    expect(hints(true)).toEqual({ new: '⌘Alt+N', open: '⌘O', save: '⌘S', 'save-as': '⌘Shift+S', undo: '⌘Z', redo: '⌘Shift+Z', layout: undefined });
  });

  it('keeps the toolbar order and priorities', () => {
    expect(TOOLBAR.map((s) => ('command' in s ? s.command : s.menu))).toEqual([
      'new',
      'templates',
      'open',
      'recent',
      'save',
      'save-as',
      'export',
      'homework',
      'undo',
      'redo',
      'layout',
      'welcome',
    ]);
    expect(TOOLBAR.map((s) => s.priority)).toEqual([1, 2, 3, 5, 4, 8, 10, 12, 6, 7, 9, 11]);
    expect(TOOLBAR.filter((s) => s.editorOnly).map((s) => ('command' in s ? s.command : s.menu))).toEqual(['export', 'homework', 'undo', 'redo', 'layout']);
    expect(TOOLBAR.filter((s) => s.separatorBefore).map((s) => ('command' in s ? s.command : s.menu))).toEqual(['undo']);
  });
});

describe('commandForKey', () => {
  const id = (p: KeyPress, mac = false) => commandForKey(p, mac)?.id;

  it('reads the keys the shortcut handler read', () => {
    expect(id(press('s', { ctrlKey: true }))).toBe('save');
    expect(id(press('S', { ctrlKey: true, shiftKey: true }))).toBe('save-as');
    expect(id(press('o', { ctrlKey: true }))).toBe('open');
    expect(id(press('n', { ctrlKey: true, altKey: true }))).toBe('new');
    expect(id(press('n', { ctrlKey: true }))).toBeUndefined();
    expect(id(press('z', { ctrlKey: true }))).toBe('undo');
    expect(id(press('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(id(press('y', { ctrlKey: true }))).toBe('redo');
    expect(id(press('c', { ctrlKey: true }))).toBe('copy');
    expect(id(press('v', { ctrlKey: true }))).toBe('paste');
    expect(id(press('d', { ctrlKey: true }))).toBe('duplicate');
    expect(id(press('a', { ctrlKey: true }))).toBe('select-all');
    expect(id(press('Delete'))).toBe('delete');
    expect(id(press('Backspace'))).toBe('delete');
    expect(id(press('Escape'))).toBe('deselect');
    expect(id(press('k', { ctrlKey: true }))).toBe('palette');
    expect(id(press('z'))).toBeUndefined();
    expect(id(press('a'))).toBeUndefined();
  });

  it('uses ⌘ on macOS and Ctrl elsewhere, ignoring modifiers a shortcut does not name', () => {
    expect(id(press('z', { metaKey: true }), true)).toBe('undo');
    expect(id(press('z', { ctrlKey: true }), true)).toBeUndefined();
    expect(id(press('z', { metaKey: true }), false)).toBeUndefined();
    expect(id(press('s', { ctrlKey: true, altKey: true }))).toBe('save');
    expect(id(press('Delete', { ctrlKey: true }))).toBe('delete');
  });

  it('lets only save, save as, open, the palette and Check (answers are typed) act while typing; copy, paste and Escape keep the default', () => {
    expect(COMMAND_IDS.filter((c) => commandSpec(c).whileTyping)).toEqual(['open', 'save', 'save-as', 'palette', 'homework-check']);
    expect(COMMAND_IDS.filter((c) => commandSpec(c).keepDefault)).toEqual(['copy', 'paste', 'deselect']);
  });
});

describe('matchCommands', () => {
  it('finds commands by any words of their label, description or id', () => {
    expect(matchCommands('').length).toBe(COMMAND_IDS.length);
    expect(matchCommands('auto').map((c) => c.id)).toEqual(['layout']);
    expect(matchCommands('SAVE as').map((c) => c.id)).toEqual(['save-as', 'homework-save-answers']);
    expect(matchCommands('homework').map((c) => c.id)).toEqual(['homework-make', 'homework-open', 'homework-check', 'homework-save-answers', 'homework-leave']);
    expect(matchCommands('keras').map((c) => c.id)).toEqual(['open', 'export-keras', 'export-keras-code', 'export-notebook-keras']);
    expect(matchCommands('summary').map((c) => c.id)).toEqual(['export-summary-md', 'export-summary-csv']);
    expect(matchCommands('do')[0]!.id).toBe('undo'); // before "Markdown" and "handouts"
    expect(matchCommands('nothing like this')).toEqual([]);
  });
});
