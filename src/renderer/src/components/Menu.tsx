import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface MenuItem {
  key: string;
  testId: string;
  title: string;
  detail?: string;
  onSelect(): void;
}

/** A toolbar dropdown: a button that opens a list; closes on choice or outside click. */
export function Menu({ label, testId, items, empty }: { label: ReactNode; testId: string; items: MenuItem[]; empty?: string }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div className="menu" ref={ref}>
      <button data-testid={testId} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        {label} ▾
      </button>
      {open && (
        <div className="menu__list" role="menu">
          {items.map((item) => (
            <button
              key={item.key}
              role="menuitem"
              data-testid={item.testId}
              title={item.detail}
              onClick={() => {
                setOpen(false);
                item.onSelect();
              }}
            >
              <strong>{item.title}</strong>
              {item.detail && <span className="muted">{item.detail}</span>}
            </button>
          ))}
          {items.length === 0 && <p className="muted menu__empty">{empty}</p>}
        </div>
      )}
    </div>
  );
}
