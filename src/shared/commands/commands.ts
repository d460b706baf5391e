/**
 * The one table of app commands: id, label, shortcut and where each appears (native menu, toolbar,
 * command palette). This is the pure part, shared by the Electron menu (`src/main/app-menu.ts`) and
 * the renderer; what a command does and when it is enabled are bound in `src/renderer/src/commands.ts`.
 */

/**
 * A key combination: `Mod` is ⌘ on macOS and Ctrl elsewhere, then `Shift` / `Alt`, then the key
 * (`e.key`, compared case-insensitively: `Z`, `Delete`, `Escape`).
 */
export type Keys = string;

export interface CommandSpec {
  /** Stable: the toolbar's `action-<id>` / `overflow-<id>`, the palette's `command-palette-item-<id>`, the menu's message. */
  id: string;
  /** Toolbar and palette text. */
  label: string;
  /** Native menu text, where it differs from `label`. */
  menuLabel?: string;
  /** What it does (the toolbar tooltip, before the shortcut). */
  description: string;
  /** Shortcuts, the first being the one menus show. */
  keys?: readonly Keys[];
  /** The shortcut also works while typing in a field (otherwise the field gets the key). */
  whileTyping?: boolean;
  /** The shortcut leaves the browser's own action in place too (copy, paste, Escape). */
  keepDefault?: boolean;
  /** In Electron's menu this is the native role (which also serves text fields), not a message to the page. */
  nativeRole?: 'copy' | 'paste' | 'selectAll';
}

export const COMMANDS = [
  { id: 'new', label: 'New', description: 'New blank network', keys: ['Mod+Alt+N'] },
  { id: 'open', label: 'Open…', description: 'Open a project, Keras or tfjs model', keys: ['Mod+O'], whileTyping: true },
  { id: 'save', label: 'Save', description: 'Save', keys: ['Mod+S'], whileTyping: true },
  { id: 'save-as', label: 'Save as…', menuLabel: 'Save As…', description: 'Save as', keys: ['Mod+Shift+S'], whileTyping: true },
  { id: 'export-keras', label: 'Export Keras JSON', menuLabel: 'Export Keras JSON…', description: 'Export as Keras model JSON (model_from_json / tfjs)' },
  {
    id: 'export-pytorch',
    label: 'Export PyTorch script',
    menuLabel: 'Export PyTorch Script…',
    description: 'An nn.Module and a training script (python, torchrun / DDP)',
  },
  {
    id: 'export-keras-code',
    label: 'Export Keras code',
    menuLabel: 'Export Keras Code…',
    description: 'keras.Sequential or functional code with compile and fit',
  },
  {
    id: 'export-notebook-pytorch',
    label: 'Export PyTorch notebook',
    menuLabel: 'Export PyTorch Notebook…',
    description: 'The PyTorch script as a Jupyter notebook',
  },
  {
    id: 'export-tfjs',
    label: 'Export TensorFlow.js model',
    menuLabel: 'Export TensorFlow.js Model…',
    description: 'The trained network as model.json + weights (tf.loadLayersModel)',
  },
  { id: 'export-notebook-keras', label: 'Export Keras notebook', menuLabel: 'Export Keras Notebook…', description: 'The Keras code as a Jupyter notebook' },
  { id: 'undo', label: 'Undo', description: 'Undo', keys: ['Mod+Z'] },
  { id: 'redo', label: 'Redo', description: 'Redo', keys: ['Mod+Shift+Z', 'Mod+Y'] },
  { id: 'copy', label: 'Copy', description: 'Copy the selected layers', keys: ['Mod+C'], keepDefault: true, nativeRole: 'copy' },
  { id: 'paste', label: 'Paste', description: 'Paste the copied layers', keys: ['Mod+V'], keepDefault: true, nativeRole: 'paste' },
  { id: 'duplicate', label: 'Duplicate', description: 'Duplicate the selected layers', keys: ['Mod+D'] },
  { id: 'select-all', label: 'Select all', menuLabel: 'Select All', description: 'Select every layer', keys: ['Mod+A'], nativeRole: 'selectAll' },
  { id: 'delete', label: 'Delete', description: 'Delete the selected layers and connections', keys: ['Delete', 'Backspace'] },
  { id: 'deselect', label: 'Clear selection', description: 'Select nothing', keys: ['Escape'], keepDefault: true },
  { id: 'layout', label: 'Auto-layout', description: 'Arrange the layers top-down' },
  { id: 'palette', label: 'Command palette', description: 'Find and run any command', keys: ['Mod+K'], whileTyping: true },
  {
    id: 'homework-make',
    label: 'Make homework…',
    description: "A homework of this network: learners type each layer's shape and parameters, and the app grades them",
  },
  { id: 'homework-open', label: 'Open homework…', description: 'Open a homework file (*.cnnhomework.json) to do it' },
  { id: 'exercise-new', label: 'New exercise…', description: 'Practise on a random network of a chosen difficulty, shared by its seed' },
  {
    id: 'homework-check',
    label: 'Check answers',
    description: 'Mark each answer of the homework right or wrong, with the score',
    keys: ['Mod+Enter'],
    whileTyping: true,
  },
  { id: 'homework-save-answers', label: 'Save my answers…', description: 'Your answers as a file your teacher grades (JSON)' },
  { id: 'homework-leave', label: 'Leave homework', description: 'Back to editing networks (your progress is kept)' },
  { id: 'welcome', label: 'Welcome', description: "Where to start: a small MNIST CNN, the course's networks, the lessons, the Filter Lab" },
  // Teaching exports: last, so that a palette search for "do" still puts Undo before Markdown.
  {
    id: 'export-diagram',
    label: 'Export diagram…',
    menuLabel: 'Export Diagram…',
    description: 'The network as a picture (SVG or PNG) for slides and handouts',
  },
  {
    id: 'export-summary-md',
    label: 'Export summary (Markdown)',
    menuLabel: 'Export Summary as Markdown…',
    description: 'The summary table and each layer’s arithmetic, as Markdown',
  },
  {
    id: 'export-summary-csv',
    label: 'Export summary (CSV)',
    menuLabel: 'Export Summary as CSV…',
    description: 'The summary table and each layer’s arithmetic, for a spreadsheet',
  },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMANDS)[number]['id'];
/** A row of the table. */
export type Command = CommandSpec & { id: CommandId };
const ALL: readonly Command[] = COMMANDS;
export const COMMAND_IDS: readonly CommandId[] = ALL.map((c) => c.id);

const BY_ID = new Map<string, Command>(ALL.map((c) => [c.id, c]));
export function commandSpec(id: CommandId): Command {
  return BY_ID.get(id)!;
}
export function isCommandId(id: unknown): id is CommandId {
  return typeof id === 'string' && BY_ID.has(id);
}

/** An item of a native menu: a command, `'-'` for a separator, or a native role that is no command of the page. */
export type AppMenuItem = CommandId | '-' | { role: 'cut' };

/** The native application menu's own menus (Electron adds the app, View and Window menus around them). */
export const APP_MENU: readonly { label: 'File' | 'Edit' | 'Homework' | 'Help'; items: readonly AppMenuItem[] }[] = [
  {
    label: 'File',
    items: [
      'new',
      'open',
      '-',
      'save',
      'save-as',
      '-',
      'export-pytorch',
      'export-keras-code',
      'export-notebook-pytorch',
      'export-notebook-keras',
      'export-keras',
      'export-tfjs',
      '-',
      'export-diagram',
      'export-summary-md',
      'export-summary-csv',
    ],
  },
  // Cut has no command (layers are copied, not cut): the native role serves text fields.
  { label: 'Edit', items: ['undo', 'redo', '-', { role: 'cut' }, 'copy', 'paste', 'select-all', '-', 'layout'] },
  { label: 'Homework', items: ['homework-make', '-', 'homework-open', 'exercise-new', '-', 'homework-check', 'homework-save-answers', 'homework-leave'] },
  { label: 'Help', items: ['welcome'] },
];

/** The toolbar's Export menu: the native File menu's export commands, in its order. */
export const EXPORT_MENU: readonly CommandId[] = APP_MENU.find((m) => m.label === 'File')!.items.filter(
  (i): i is CommandId => typeof i === 'string' && i.startsWith('export-'),
);

/** The toolbar's Homework menu: the native menu's, without separators. */
export const HOMEWORK_MENU: readonly CommandId[] = APP_MENU.find((m) => m.label === 'Homework')!.items.filter(
  (i): i is CommandId => typeof i === 'string' && i !== '-',
);

/** The commands the native menu sends to the page (those without a native role). */
export const MENU_COMMAND_IDS: readonly CommandId[] = APP_MENU.flatMap((m) => m.items).filter(
  (i): i is CommandId => typeof i === 'string' && i !== '-' && !commandSpec(i).nativeRole,
);

/** A toolbar slot: a command button, or one of the toolbar's own menus (templates, recent files). */
export type ToolbarSlot = {
  /** Lower stays in the toolbar longer when space runs out. */
  priority: number;
  /** Shown only in the network editor. */
  editorOnly?: boolean;
  /** A thin rule before it. */
  separatorBefore?: boolean;
} & ({ command: CommandId } | { menu: 'templates' | 'recent' | 'export' | 'homework' });

export const TOOLBAR: readonly ToolbarSlot[] = [
  { command: 'new', priority: 1 },
  { menu: 'templates', priority: 2 },
  { command: 'open', priority: 3 },
  { menu: 'recent', priority: 5 },
  { command: 'save', priority: 4 },
  { command: 'save-as', priority: 8 },
  { menu: 'export', priority: 10, editorOnly: true },
  { menu: 'homework', priority: 12, editorOnly: true },
  { command: 'undo', priority: 6, editorOnly: true, separatorBefore: true },
  { command: 'redo', priority: 7, editorOnly: true },
  { command: 'layout', priority: 9, editorOnly: true },
  { command: 'welcome', priority: 11 },
];

interface ParsedKeys {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

function parseKeys(keys: Keys): ParsedKeys {
  const parts = keys.split('+');
  const key = parts.pop()!.toLowerCase();
  return { mod: parts.includes('Mod'), shift: parts.includes('Shift'), alt: parts.includes('Alt'), key };
}

/** Electron's accelerator for a command's first shortcut (`CmdOrCtrl+Shift+S`); none without one. */
export function accelerator(spec: CommandSpec): string | undefined {
  const first = spec.keys?.[0];
  return first?.replace(/^Mod\+/, 'CmdOrCtrl+');
}

/** The shortcut as people read it: `Ctrl+Shift+S` / `⌘Shift+S`; elsewhere than macOS every alternative is listed. */
export function shortcutHint(spec: CommandSpec, mac: boolean): string | undefined {
  if (!spec.keys?.length) return undefined;
  const shown = mac ? spec.keys.slice(0, 1) : spec.keys;
  return shown.map((k) => k.replace(/^Mod\+/, mac ? '⌘' : 'Ctrl+')).join(' / ');
}

/** The parts of a key event a shortcut looks at. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * The command a key press means, if any. Every modifier a shortcut names must be held; others are
 * ignored; when several match (Ctrl+Shift+S is both Save and Save as), the one naming most wins.
 */
export function commandForKey(press: KeyPress, mac: boolean): Command | undefined {
  const primary = mac ? press.metaKey : press.ctrlKey;
  const key = press.key.toLowerCase();
  let best: { spec: Command; weight: number } | undefined;
  for (const spec of ALL) {
    for (const keys of spec.keys ?? []) {
      const k = parseKeys(keys);
      if (k.key !== key || (k.mod && !primary) || (k.shift && !press.shiftKey) || (k.alt && !press.altKey)) continue;
      const weight = Number(k.mod) + Number(k.shift) + Number(k.alt);
      if (!best || weight > best.weight) best = { spec, weight };
    }
  }
  return best?.spec;
}

/** Palette search: every word typed appears in the label, menu label, description or id (case-insensitive). */
export function matchCommands(query: string, specs: readonly Command[] = ALL): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return specs.filter((spec) => {
    const text = `${spec.label} ${spec.menuLabel ?? ''} ${spec.description} ${spec.id}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
