/**
 * Which toolbar entries fit in the space there is. Entries are kept in priority order (most useful
 * first) while their measured widths fit; the rest go to the overflow menu, whose button then needs
 * room too. Pure, so the rule is unit-tested apart from layout.
 */
export interface FitEntry {
  id: string;
  /** Measured width in px, gap included. */
  width: number;
  /** Lower keeps its place longer. */
  priority: number;
}

export interface Fit {
  shown: Set<string>;
  overflow: string[];
}

export function fitToolbar(entries: readonly FitEntry[], available: number, overflowButtonWidth: number): Fit {
  const total = entries.reduce((sum, e) => sum + e.width, 0);
  if (total <= available) return { shown: new Set(entries.map((e) => e.id)), overflow: [] };
  const shown = new Set<string>();
  let left = available - overflowButtonWidth;
  for (const entry of [...entries].sort((a, b) => a.priority - b.priority)) {
    if (entry.width > left) break;
    shown.add(entry.id);
    left -= entry.width;
  }
  // The overflow menu lists what is hidden in the toolbar's own order.
  return { shown, overflow: entries.filter((e) => !shown.has(e.id)).map((e) => e.id) };
}
