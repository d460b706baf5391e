import { describe, expect, it } from 'vitest';
import { fitToolbar } from './toolbar-fit';

const entries = [
  { id: 'new', width: 60, priority: 1 },
  { id: 'save-as', width: 90, priority: 4 },
  { id: 'save', width: 60, priority: 2 },
  { id: 'layout', width: 100, priority: 3 },
];

describe('fitToolbar', () => {
  it('shows everything, with no overflow button, when all entries fit', () => {
    const fit = fitToolbar(entries, 310, 70);
    expect([...fit.shown]).toEqual(['new', 'save-as', 'save', 'layout']);
    expect(fit.overflow).toEqual([]);
  });

  it('keeps the most useful entries and leaves room for the overflow button', () => {
    // 300 − 70 = 230: new (60) + save (60) + layout (100) = 220 fit; save-as does not.
    const fit = fitToolbar(entries, 300, 70);
    expect([...fit.shown].sort()).toEqual(['layout', 'new', 'save']);
    expect(fit.overflow).toEqual(['save-as']);
  });

  it('stops at the first entry that does not fit, so priorities are never skipped', () => {
    // 200 − 70 = 130: new + save (120); layout (100) does not fit, and save-as (90) must not jump ahead of it.
    const fit = fitToolbar(entries, 200, 70);
    expect([...fit.shown].sort()).toEqual(['new', 'save']);
    expect(fit.overflow).toEqual(['save-as', 'layout']);
  });

  it('moves everything to the overflow menu when nothing fits', () => {
    const fit = fitToolbar(entries, 50, 70);
    expect(fit.shown.size).toBe(0);
    expect(fit.overflow).toEqual(['new', 'save-as', 'save', 'layout']);
  });
});
