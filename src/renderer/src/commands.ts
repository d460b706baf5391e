/**
 * What each command of the table (`src/shared/commands/commands.ts`) does here, and when it is
 * enabled: the one place that runs a command, whether it comes from the native menu, the toolbar,
 * a shortcut or the command palette. Every store access of a command is in `BINDINGS`.
 */
import { useMemo } from 'react';
import { useDocumentStore, type DocumentState } from './store/document-store';
import { useProjectStore } from './store/project-store';
import { useHomeworkStore } from './store/homework-store';
import { useUiStore } from './store/ui-store';
import { COMMAND_IDS, commandSpec, shortcutHint, type CommandId } from '../../shared/commands/commands';
import { openCommandPalette } from './components/command-palette/palette-state';
import { openDiagramDialog } from './components/export-diagram/diagram-dialog-state';

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

interface Binding {
  run(): void;
  /** From the app's state; always enabled when absent. */
  enabled?(s: DocumentState): boolean;
}

const store = () => useDocumentStore.getState();
const project = () => useProjectStore.getState();
const homework = () => useHomeworkStore.getState();
/** The homework lock is in the document's state, so enabled-ness re-renders with the document. */
const doingHomework = (s: DocumentState) => s.lockedBy.includes('homework');
/** Exports print every layer's shape and parameters: not while those are the questions. */
const notDuringHomework = (s: DocumentState) => !doingHomework(s);

/** From the menu while typing in a field, undo the typing, not the graph. */
function undoOrRedo(command: 'undo' | 'redo'): void {
  if (typingInField(document.activeElement)) return void document.execCommand(command);
  return command === 'undo' ? store().undo() : store().redo();
}

const BINDINGS: Record<CommandId, Binding> = {
  new: { run: () => project().newFromTemplate('blank') },
  open: { run: () => void project().openProject() },
  // Doing homework, Save hands in the answers (the network itself is the teacher's).
  save: { run: () => void (doingHomework(store()) ? homework().saveAnswers('json') : project().saveProject()) },
  'save-as': { run: () => void project().saveProject(true) },
  'export-keras': { run: () => void project().exportKeras(), enabled: notDuringHomework },
  'export-pytorch': { run: () => void project().exportAs('pytorch'), enabled: notDuringHomework },
  'export-keras-code': { run: () => void project().exportAs('keras'), enabled: notDuringHomework },
  'export-notebook-pytorch': { run: () => void project().exportAs('notebook-pytorch'), enabled: notDuringHomework },
  'export-notebook-keras': { run: () => void project().exportAs('notebook-keras'), enabled: notDuringHomework },
  'export-tfjs': { run: () => void project().exportTrainedModel(), enabled: notDuringHomework },
  'export-diagram': { run: () => openDiagramDialog(), enabled: notDuringHomework },
  'export-summary-md': { run: () => void project().exportSummary('md'), enabled: notDuringHomework },
  'export-summary-csv': { run: () => void project().exportSummary('csv'), enabled: notDuringHomework },
  undo: { run: () => undoOrRedo('undo'), enabled: (s) => s.history.past.length > 0 },
  redo: { run: () => undoOrRedo('redo'), enabled: (s) => s.history.future.length > 0 },
  copy: { run: () => store().copySelection() },
  paste: { run: () => store().paste() },
  duplicate: { run: () => store().duplicateSelection() },
  'select-all': { run: () => store().select(store().graph.nodes.map((n) => n.id)) },
  delete: { run: () => store().deleteSelection() },
  deselect: { run: () => store().select([]) },
  layout: { run: () => store().autoLayout() },
  palette: { run: () => openCommandPalette() },
  'homework-make': { run: () => homework().setDialog('make'), enabled: (s) => !doingHomework(s) },
  'homework-open': { run: () => void project().openProject() },
  'exercise-new': { run: () => homework().setDialog('exercise') },
  'homework-check': { run: () => homework().check(), enabled: doingHomework },
  'homework-save-answers': { run: () => void homework().saveAnswers('json'), enabled: doingHomework },
  'homework-leave': { run: () => homework().leave(), enabled: doingHomework },
  welcome: { run: () => useUiStore.getState().setWelcomeOpen(true) },
};

export function runCommand(id: CommandId): void {
  BINDINGS[id].run();
}

export function commandEnabled(id: CommandId, s: DocumentState = store()): boolean {
  return BINDINGS[id].enabled?.(s) ?? true;
}

/** The ids of the commands disabled right now (re-renders when that changes). */
export function useDisabledCommands(): ReadonlySet<CommandId> {
  const key = useDocumentStore((s) => COMMAND_IDS.filter((id) => !commandEnabled(id, s)).join(' '));
  return useMemo(() => new Set(key ? (key.split(' ') as CommandId[]) : []), [key]);
}

/** `Undo (Ctrl+Z)`: a command's description with its shortcut, for tooltips. */
export function commandTitle(id: CommandId): string {
  const spec = commandSpec(id);
  const hint = shortcutHint(spec, isMac);
  return hint ? `${spec.description} (${hint})` : spec.description;
}
