import { expect, test, type Page } from './fixtures';

const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);
const palette = (page: Page) => page.getByTestId('command-palette');
const item = (page: Page, id: string) => page.getByTestId(`command-palette-item-${id}`);

test('the command palette opens with Ctrl+K, filters as you type, runs a command and closes with Escape', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-new').click();
  await expect(node(page, 'input_layer')).toBeVisible();
  await page.getByTestId('palette-Dense').dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 700, y: 420 } });
  await expect(node(page, 'dense')).toBeVisible();

  // Every command is listed with its shortcut; the search field has the focus.
  await page.keyboard.press('ControlOrMeta+K');
  await expect(palette(page)).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  await expect(page.getByTestId('command-palette-input')).toBeFocused();
  for (const id of [
    'new',
    'open',
    'save',
    'save-as',
    'export-keras',
    'undo',
    'redo',
    'copy',
    'paste',
    'duplicate',
    'select-all',
    'delete',
    'deselect',
    'layout',
    'welcome',
  ])
    await expect(item(page, id)).toBeVisible();
  await expect(item(page, 'undo')).toContainText(/Ctrl\+Z|⌘Z/);
  await expect(item(page, 'save-as')).toContainText(/Ctrl\+Shift\+S|⌘Shift\+S/);
  await page.screenshot({ path: 'test-results/command-palette.png' });

  // Typing filters; ↓/↑ move the highlight; Enter runs the highlighted command.
  await page.keyboard.type('auto');
  await expect(item(page, 'layout')).toBeVisible();
  await expect(item(page, 'undo')).toHaveCount(0);
  await expect(item(page, 'layout')).toHaveAttribute('aria-selected', 'true');
  const before = await node(page, 'dense').boundingBox();
  await page.keyboard.press('Enter');
  await expect(palette(page)).toHaveCount(0);
  // Auto-layout puts the Dense layer under the Input, not where it was dropped.
  await expect.poll(async () => JSON.stringify(await node(page, 'dense').boundingBox())).not.toBe(JSON.stringify(before));

  await page.keyboard.press('ControlOrMeta+K');
  await page.getByTestId('command-palette-input').fill('do');
  await expect(item(page, 'undo')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(item(page, 'redo')).toHaveAttribute('aria-selected', 'true');
  await expect(item(page, 'undo')).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('ArrowUp');
  await expect(item(page, 'undo')).toHaveAttribute('aria-selected', 'true');
  // A click runs a command too: undo the layout, then undo the drop.
  await item(page, 'undo').click();
  await expect(palette(page)).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+K');
  await page.keyboard.type('undo');
  await page.keyboard.press('Enter');
  await expect(node(page, 'dense')).toHaveCount(0);

  // Escape closes without running anything.
  await page.keyboard.press('ControlOrMeta+K');
  await page.keyboard.type('redo');
  await expect(item(page, 'redo')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette(page)).toHaveCount(0);
  await expect(node(page, 'dense')).toHaveCount(0);
  await expect(node(page, 'input_layer')).toBeVisible();
});
