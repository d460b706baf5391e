/**
 * A menu button (the WAI-ARIA menu-button pattern): the list opens in a portal over everything (a
 * toolbar that clips its children cannot hide it), closes on Escape, Tab, a choice or a click
 * outside, and is driven by the keyboard: ↓/↑/Home/End move, Enter/Space choose, a letter jumps.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  key: string;
  testId: string;
  title: string;
  detail?: string;
  disabled?: boolean;
  onSelect(): void;
}

/** Items under an optional heading (the overflow menu groups commands, templates and recent files). */
export interface MenuSection {
  heading?: string;
  items: MenuItem[];
  /** Shown when the section has no items. */
  empty?: string;
}

interface MenuProps {
  label: ReactNode;
  testId: string;
  sections: MenuSection[];
  /** The button's tooltip. */
  title?: string;
  /** Which side of the button the list lines up with. */
  align?: 'start' | 'end';
}

const GAP_PX = 4;
const MARGIN_PX = 8;

/** The list's place on screen: below the button, kept inside the window. */
function placeBelow(button: HTMLElement, list: HTMLElement, align: 'start' | 'end'): { left: number; top: number; maxHeight: number } {
  const b = button.getBoundingClientRect();
  const width = list.offsetWidth;
  const wanted = align === 'end' ? b.right - width : b.left;
  const left = Math.max(MARGIN_PX, Math.min(wanted, window.innerWidth - width - MARGIN_PX));
  const top = b.bottom + GAP_PX;
  return { left, top, maxHeight: Math.max(120, window.innerHeight - top - MARGIN_PX) };
}

const enabledItems = (list: HTMLElement | null) => [...(list?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? [])];

export function Menu({ label, testId, sections, title, align = 'start' }: MenuProps) {
  const [open, setOpen] = useState(false);
  /** Which item gets focus when the list opens. */
  const [initialFocus, setInitialFocus] = useState<'first' | 'last'>('first');
  const [place, setPlace] = useState<{ left: number; top: number; maxHeight: number } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const listId = useId();

  const buttonId = useId();
  const items = () => enabledItems(listRef.current);
  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    setPlace(null);
    if (refocus) buttonRef.current?.focus();
  }, []);
  const openWith = (focus: 'first' | 'last') => {
    setInitialFocus(focus);
    setOpen(true);
  };

  // Measure, place, then focus: the list is rendered once off-screen to learn its width.
  useLayoutEffect(() => {
    if (!open || !buttonRef.current || !listRef.current) return;
    setPlace(placeBelow(buttonRef.current, listRef.current, align));
  }, [open, align]);
  // Only when the list first lands: re-placing it (on resize) must not move the user's focus.
  const placed = place !== null;
  useEffect(() => {
    if (!open || !placed) return;
    const all = enabledItems(listRef.current);
    (initialFocus === 'last' ? all.at(-1) : all[0])?.focus();
  }, [open, placed, initialFocus]);

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!listRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    };
    const reposition = () => buttonRef.current && listRef.current && setPlace(placeBelow(buttonRef.current, listRef.current, align));
    window.addEventListener('pointerdown', outside, true);
    window.addEventListener('resize', reposition);
    return () => {
      window.removeEventListener('pointerdown', outside, true);
      window.removeEventListener('resize', reposition);
    };
  }, [open, align, close]);

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      openWith('first');
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      openWith('last');
    }
  };

  const onListKey = (e: KeyboardEvent) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (i: number) => all[(i + all.length) % all.length]?.focus();
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        return focus(at + 1);
      case 'ArrowUp':
        e.preventDefault();
        return focus(at < 0 ? -1 : at - 1);
      case 'Home':
        e.preventDefault();
        return focus(0);
      case 'End':
        e.preventDefault();
        return focus(-1);
      case 'Escape':
        e.preventDefault();
        e.stopPropagation();
        return close(true);
      case 'Tab':
        return close(false);
      default:
        if (e.key.length === 1 && /\S/.test(e.key)) {
          // Type-ahead: the next item whose title starts with the letter.
          const letter = e.key.toLowerCase();
          const order = [...all.slice(at + 1), ...all.slice(0, at + 1)];
          order.find((el) => el.dataset.title?.toLowerCase().startsWith(letter))?.focus();
        }
    }
  };

  const choose = (item: MenuItem) => {
    close(true);
    item.onSelect();
  };

  return (
    <div className="menu">
      <button
        ref={buttonRef}
        id={buttonId}
        data-testid={testId}
        title={title}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onClick={() => (open ? close(false) : openWith('first'))}
        onKeyDown={onButtonKey}
      >
        {label} ▾
      </button>
      {open &&
        createPortal(
          <div
            ref={listRef}
            id={listId}
            className="menu__list"
            role="menu"
            aria-labelledby={buttonId}
            data-testid={`${testId}-menu`}
            onKeyDown={onListKey}
            style={place ? { left: place.left, top: place.top, maxHeight: place.maxHeight } : { left: -9999, top: 0, visibility: 'hidden' }}
          >
            {sections.map((section, s) => (
              <div key={section.heading ?? s} role="group" aria-label={section.heading} className="menu__section">
                {section.heading && (
                  <div className="menu__heading" role="presentation">
                    {section.heading}
                  </div>
                )}
                {section.items.map((item) => (
                  <button
                    key={item.key}
                    role="menuitem"
                    tabIndex={-1}
                    data-testid={item.testId}
                    data-title={item.title}
                    title={item.detail}
                    disabled={item.disabled}
                    onClick={() => choose(item)}
                  >
                    <strong>{item.title}</strong>
                    {item.detail && <span className="muted">{item.detail}</span>}
                  </button>
                ))}
                {section.items.length === 0 && section.empty && <p className="muted menu__empty">{section.empty}</p>}
              </div>
            ))}
          </div>,
          document.body,
        )}
    </div>
  );
}
