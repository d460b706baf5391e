/** Keyboard shortcuts for the editor; ignored while typing in a field (except save/open). */
import { useEffect } from 'react';
import { runCommand, typingInField } from './commands';
import { useDocumentStore } from './store/document-store';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

export const SHORTCUT_HINTS = {
  new: `${mod}Alt+N`,
  open: `${mod}O`,
  save: `${mod}S`,
  saveAs: `${mod}Shift+S`,
  undo: `${mod}Z`,
  redo: isMac ? '⌘Shift+Z' : 'Ctrl+Shift+Z / Ctrl+Y',
} as const;

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = useDocumentStore.getState();
      const primary = isMac ? e.metaKey : e.ctrlKey;
      const key = e.key.toLowerCase();
      if (primary && key === 's') {
        e.preventDefault();
        return runCommand(e.shiftKey ? 'save-as' : 'save');
      }
      if (primary && key === 'o') {
        e.preventDefault();
        return runCommand('open');
      }
      if (typingInField(e.target)) return;
      if (primary && e.altKey && key === 'n') {
        e.preventDefault();
        runCommand('new');
      } else if (primary && ((key === 'z' && e.shiftKey) || key === 'y')) {
        e.preventDefault();
        runCommand('redo');
      } else if (primary && key === 'z') {
        e.preventDefault();
        runCommand('undo');
      } else if (primary && key === 'c') {
        s.copySelection();
      } else if (primary && key === 'v') {
        s.paste();
      } else if (primary && key === 'd') {
        e.preventDefault();
        s.duplicateSelection();
      } else if (primary && key === 'a') {
        e.preventDefault();
        s.select(s.graph.nodes.map((n) => n.id));
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        s.deleteSelection();
      } else if (e.key === 'Escape') {
        s.select([]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
