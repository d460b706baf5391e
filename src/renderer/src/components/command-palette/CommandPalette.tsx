/**
 * The command palette (Ctrl/⌘+K): every command of the table with its shortcut. Typing filters,
 * ↑/↓ move, Enter or a click runs the highlighted command, Escape or a click outside closes. A modal
 * dialog holding a combobox (the input) that controls a listbox of options.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { matchCommands, shortcutHint, type Command } from '../../../../shared/commands/commands';
import { isMac, runCommand, useDisabledCommands } from '../../commands';
import { closeCommandPalette, usePaletteStore } from './palette-state';
import './command-palette.css';

/** The palette lists every command but itself. */
const listed = (c: Command) => c.id !== 'palette';

export function CommandPalette() {
  const open = usePaletteStore((s) => s.open);
  return open ? <PaletteDialog /> : null;
}

function PaletteDialog() {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const disabled = useDisabledCommands();
  const results = useMemo(() => matchCommands(query).filter(listed), [query]);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  // Focus goes back where it was (the canvas, a field) when the palette closes.
  const returnFocus = useRef<Element | null>(document.activeElement);
  useLayoutEffect(() => {
    inputRef.current?.focus();
    const before = returnFocus.current;
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);
  const current = results[Math.min(active, results.length - 1)];
  useEffect(() => {
    if (current) listRef.current?.querySelector(`[data-command="${current.id}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const run = (command: Command | undefined) => {
    if (!command || disabled.has(command.id)) return;
    // Closed first, focus back where it was, so the command sees the window as the user left it
    // (undo from a text field undoes the typing, as the menu's does).
    flushSync(closeCommandPalette);
    runCommand(command.id);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const n = results.length;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      closeCommandPalette();
    } else if (e.key === 'ArrowDown' && n) {
      e.preventDefault();
      setActive((i) => (Math.min(i, n - 1) + 1) % n);
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault();
      setActive((i) => (Math.min(i, n - 1) - 1 + n) % n);
    } else if (e.key === 'Home' && n) {
      e.preventDefault();
      setActive(0);
    } else if (e.key === 'End' && n) {
      e.preventDefault();
      setActive(n - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(current);
    } else if (e.key === 'Tab') {
      // Focus stays in the input: the list is reached with the arrows.
      e.preventDefault();
    }
  };

  const optionId = (c: Command) => `${listId}-${c.id}`;
  return (
    <div className="command-palette-backdrop" onPointerDown={(e) => e.target === e.currentTarget && closeCommandPalette()}>
      <div className="command-palette" role="dialog" aria-modal="true" aria-label="Command palette" data-testid="command-palette" onKeyDown={onKeyDown}>
        <input
          ref={inputRef}
          className="command-palette__input"
          data-testid="command-palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={current ? optionId(current) : undefined}
          aria-label="Search commands"
          placeholder="Type a command…"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
        />
        <ul ref={listRef} className="command-palette__list" id={listId} role="listbox" aria-label="Commands">
          {results.map((c) => {
            const hint = shortcutHint(c, isMac);
            const off = disabled.has(c.id);
            return (
              <li
                key={c.id}
                id={optionId(c)}
                role="option"
                data-command={c.id}
                data-testid={`command-palette-item-${c.id}`}
                aria-selected={c === current}
                aria-disabled={off || undefined}
                className="command-palette__item"
                onPointerMove={() => setActive(results.indexOf(c))}
                onPointerDown={(e) => e.preventDefault()}
                onClick={() => run(c)}
              >
                <span className="command-palette__label">
                  <strong>{c.label}</strong>
                  {c.description.toLowerCase() !== c.label.replace('…', '').toLowerCase() && <span className="command-palette__detail">{c.description}</span>}
                </span>
                {hint && <kbd className="command-palette__keys">{hint}</kbd>}
              </li>
            );
          })}
          {results.length === 0 && <li className="command-palette__empty">No command matches “{query}”.</li>}
        </ul>
      </div>
    </div>
  );
}
