/** Keyboard shortcuts: each key press is looked up in the command table; ignored while typing in a field unless the command says otherwise. */
import { useEffect } from 'react';
import { commandForKey } from '../../shared/commands/commands';
import { isMac, runCommand, typingInField } from './commands';

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const spec = commandForKey(e, isMac);
      if (!spec || (!spec.whileTyping && typingInField(e.target))) return;
      if (!spec.keepDefault) e.preventDefault();
      runCommand(spec.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
