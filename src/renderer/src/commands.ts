/** One place that runs each app command, whether it comes from the native menu, the toolbar or a shortcut. */
import type { MenuCommand } from '../../shared/api/app-api';
import { useDocumentStore } from './store/document-store';
import { useProjectStore } from './store/project-store';
import { useUiStore } from './store/ui-store';

export function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function runCommand(command: MenuCommand): void {
  const s = useProjectStore.getState();
  const doc = useDocumentStore.getState();
  switch (command) {
    case 'new':
      return s.newFromTemplate('blank');
    case 'open':
      return void s.openProject();
    case 'save':
      return void s.saveProject();
    case 'save-as':
      return void s.saveProject(true);
    case 'export-keras':
      return void s.exportKeras();
    case 'undo':
    case 'redo':
      // From the menu while typing in a field, undo the typing, not the graph.
      if (typingInField(document.activeElement)) return void document.execCommand(command);
      return command === 'undo' ? doc.undo() : doc.redo();
    case 'layout':
      return doc.autoLayout();
    case 'welcome':
      return useUiStore.getState().setWelcomeOpen(true);
  }
}
