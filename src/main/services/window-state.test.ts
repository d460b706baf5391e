import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitToScreens, windowStateDocument } from './window-state';

const screen = { x: 0, y: 0, width: 1920, height: 1040 };

describe('window state', () => {
  it('keeps a saved window that fits', () => {
    expect(fitToScreens({ width: 1200, height: 800, x: 100, y: 50, maximized: false }, [screen])).toEqual({
      width: 1200,
      height: 800,
      x: 100,
      y: 50,
      maximized: false,
    });
  });

  it('re-centres a window saved on a monitor that is gone, and clamps its size', () => {
    expect(fitToScreens({ width: 5000, height: 300, x: 3000, y: 40, maximized: true }, [screen])).toEqual({ width: 1920, height: 600, maximized: true });
  });

  it('round-trips through the user-data folder and ignores a damaged file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-window-'));
    const doc = windowStateDocument(dir);
    expect(await doc.read()).toBeNull();
    await doc.write({ width: 1000, height: 700, maximized: false });
    expect(await doc.read()).toEqual({ width: 1000, height: 700, maximized: false });
    await writeFile(doc.path, '{"width": "huge"');
    expect(await doc.read()).toBeNull();
  });
});
