/**
 * The first hour, as a newcomer lives it: menus opened with the pointer and the keyboard, a toolbar
 * that keeps every command reachable at any width, recovery that keeps the newest work, a welcome
 * that leads to a trained CNN, and a canvas that wires what is dropped. Real pointer and keyboard on
 * what is visible only.
 */
import { expect, settledBox, test, type Page } from './fixtures';
import { analyzeGraph } from '../src/shared/engine/analyze';
import { fmtInt } from '../src/shared/engine/format';
import { TEMPLATES } from '../src/shared/templates';
import { autoLayout } from '../src/shared/editing/layout';

const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);
const totalOf = (slug: string) => fmtInt(analyzeGraph(autoLayout(TEMPLATES.find((t) => t.slug === slug)!.build())).totals.params);

test.describe('Templates and Recent menus', () => {
  test('every template opens from the visible menu with the pointer', async ({ page }) => {
    await page.goto('/');
    for (const template of TEMPLATES) {
      await page.getByTestId('action-templates').click();
      const menu = page.getByRole('menu');
      await expect(menu).toBeVisible();
      await menu.getByRole('menuitem', { name: template.title }).click();
      await expect(menu).toBeHidden();
      await expect(page.getByTestId('total-params')).toHaveText(totalOf(template.slug));
    }
  });

  test('every template opens from the keyboard: Enter, arrows, Enter; Escape closes and gives focus back', async ({ page }) => {
    await page.goto('/');
    const button = page.getByTestId('action-templates');
    for (const [index, template] of TEMPLATES.entries()) {
      await button.focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('menuitem').first()).toBeFocused();
      for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
      await expect(page.getByRole('menuitem', { name: template.title })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('menu')).toBeHidden();
      await expect(page.getByTestId('total-params')).toHaveText(totalOf(template.slug));
    }
    await button.focus();
    await page.keyboard.press('ArrowUp'); // opens on the last item
    await expect(page.getByRole('menuitem', { name: TEMPLATES.at(-1)!.title })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toBeHidden();
    await expect(button).toBeFocused();
  });

  test('the menu opens over the canvas and an outside click closes it without acting', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('action-templates').click();
    const item = page.getByRole('menuitem', { name: 'LeNet-5' });
    // Fully visible: its whole box is inside the window, and it is what the pointer hits there.
    const box = (await item.boundingBox())!;
    expect(box.height).toBeGreaterThan(30);
    await page.locator('.react-flow__pane').click({ position: { x: 700, y: 500 } });
    await expect(page.getByRole('menu')).toBeHidden();
    await expect(page.getByTestId('total-params')).toHaveText(totalOf('mnist-cnn'));
  });

  test('a saved project reopens from Recent with the pointer', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('action-templates').click();
    await page.getByRole('menuitem', { name: 'LeNet-5' }).click();
    const download = page.waitForEvent('download');
    await page.getByTestId('action-save').click();
    await download;
    await page.getByTestId('action-new').click();
    await expect(page.getByTestId('total-params')).toHaveText('0');
    await page.getByTestId('action-recent').click();
    await page.getByRole('menuitem', { name: /LeNet-5\.cnnstudio\.json/ }).click();
    await expect(page.getByTestId('total-params')).toHaveText('61,706');
    await expect(page.getByTestId('file-name')).toContainText('LeNet-5.cnnstudio.json');
  });
});

/** Every toolbar command: shown directly, or an item of the "More" menu. */
const COMMANDS = ['new', 'templates', 'open', 'recent', 'save', 'save-as', 'export', 'undo', 'redo', 'layout', 'welcome'];
const MENUS: Record<string, string> = { templates: 'Templates', recent: 'Recent', export: 'Export' };

async function reachable(page: Page, ids: string[]): Promise<{ direct: string[]; overflow: string[] }> {
  const direct: string[] = [];
  for (const id of ids) if (await page.getByTestId(`action-${id}`).isVisible()) direct.push(id);
  const overflow: string[] = [];
  const rest = ids.filter((id) => !direct.includes(id));
  if (rest.length && (await page.getByTestId('action-more').isVisible())) {
    await page.getByTestId('action-more').click();
    const menu = page.getByRole('menu');
    for (const id of rest) {
      // A hidden menu becomes a headed group of its items; a hidden command, an item.
      const target = MENUS[id] ? menu.getByRole('group', { name: MENUS[id] }) : menu.getByTestId(`overflow-${id}`);
      if (await target.isVisible()) overflow.push(id);
    }
    await page.keyboard.press('Escape');
  }
  return { direct, overflow };
}

for (const [width, height] of [
  [1400, 900],
  [1280, 720],
  [1024, 768],
  [800, 700],
] as const) {
  test(`at ${width}×${height} every toolbar command is reachable and the file name is readable`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto('/');
    const { direct, overflow } = await reachable(page, COMMANDS);
    expect([...direct, ...overflow].sort()).toEqual([...COMMANDS].sort());
    // Nothing is cut off at the right edge.
    for (const id of direct) {
      const box = (await page.getByTestId(`action-${id}`).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
    }
    const name = page.getByTestId('file-name');
    await expect(name).toContainText('Untitled.cnnstudio.json');
    expect((await name.boundingBox())!.width).toBeGreaterThan(140);
    await expect(name).toHaveAttribute('title', /Untitled\.cnnstudio\.json/);
    await expect(page.getByTestId('host-kind')).toBeVisible();
  });
}

test('a command in the overflow menu works from there', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/');
  await node(page, 'conv2d').click();
  await page.getByTestId('param-filters').fill('8');
  await expect(node(page, 'conv2d').getByTestId('node-params')).toHaveText('80');
  await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  if (await page.getByTestId('action-undo').isVisible()) await page.getByTestId('action-undo').click();
  else {
    await page.getByTestId('action-more').click();
    await page.getByTestId('overflow-undo').click();
  }
  await expect(node(page, 'conv2d').getByTestId('node-params')).toHaveText('160');
});

test('only the commands of the current workspace are shown', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('action-layout')).toBeVisible();
  await page.getByTestId('view-lab').click();
  const { direct, overflow } = await reachable(page, COMMANDS);
  for (const editorOnly of ['layout', 'undo', 'redo', 'export']) expect([...direct, ...overflow]).not.toContain(editorOnly);
  expect(direct).toContain('save');
});

test.describe('recovery keeps the newest work', () => {
  test.beforeEach(async ({ page }) => {
    page.on('dialog', (dialog) => void dialog.accept()); // beforeunload: leave anyway
  });

  test('two sittings: the banner never blocks autosave, and the newest snapshot is offered with its time', async ({ page }) => {
    await page.goto('/');
    await node(page, 'conv2d').click();
    await page.getByTestId('param-filters').fill('12');
    await expect(node(page, 'conv2d').getByTestId('node-params')).toHaveText('120');
    await page.waitForTimeout(800); // the autosave debounce
    await page.reload();
    const banner = page.getByTestId('recovery-banner');
    await expect(banner).toContainText('Untitled.cnnstudio.json');
    await expect(banner).toContainText(/autosaved at .+ \(just now|1 min ago\)/);
    await expect(banner).not.toContainText('recovered');

    // Second sitting: work while the banner still shows; it is autosaved too.
    await node(page, 'conv2d').click();
    await page.getByTestId('param-filters').fill('20');
    await expect(node(page, 'conv2d').getByTestId('node-params')).toHaveText('200');
    await page.waitForTimeout(800);
    await page.reload();
    await page.getByTestId('recovery-restore').click();
    await expect(node(page, 'conv2d').getByTestId('node-params')).toHaveText('200');
    await expect(page.getByTestId('notice-text')).toContainText('Recovered “Untitled.cnnstudio.json”');
    await expect(page.getByTestId('unsaved-mark')).toBeVisible();
  });

  test('a template and its training run come back after a reload', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('action-templates').click();
    await page.getByRole('menuitem', { name: 'Homework: MNIST CNN' }).click();
    await expect(page.getByTestId('unsaved-mark')).toBeVisible();
    await page.getByTestId('tab-train').click();
    await page.getByTestId('train-limit').fill('256');
    await page.getByTestId('test-limit').fill('128');
    await page.getByTestId('train-epochs').fill('1');
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('run-history')).toBeVisible();
    await page.waitForTimeout(800);
    await page.reload();
    await expect(page.getByTestId('recovery-banner')).toContainText('Homework: MNIST CNN.cnnstudio.json');
    await page.getByTestId('recovery-restore').click();
    await expect(page.getByTestId('total-params')).toHaveText(totalOf('mnist-homework'));
    await page.getByTestId('tab-train').click();
    await expect(page.getByTestId('run-1')).toBeVisible();
  });

  test('a template over unsaved work sets that work aside, one click from coming back', async ({ page }) => {
    await page.goto('/');
    await node(page, 'conv2d').click();
    await page.getByTestId('param-filters').fill('12');
    await page.getByTestId('action-templates').click();
    await page.getByRole('menuitem', { name: 'LeNet-5' }).click();
    await expect(page.getByTestId('total-params')).toHaveText('61,706');
    await expect(page.getByTestId('notice-text')).toContainText('Your unsaved changes to “Untitled.cnnstudio.json” were set aside.');
    await page.getByTestId('notice-bring-back').click();
    await expect(node(page, 'conv2d').getByTestId('node-params')).toHaveText('120');
  });
});

test.describe('first start', () => {
  test.use({ welcome: true });

  test('the welcome leads to a trained MNIST CNN in under a minute', async ({ page }) => {
    await page.goto('/');
    const welcome = page.getByRole('dialog', { name: 'Welcome to CNN Studio' });
    await expect(welcome).toBeVisible();
    for (const choice of ['Start with a small MNIST CNN', 'Homework: dimensions', 'Fashion-MNIST CNN', 'Lessons', 'Filter Lab']) {
      await expect(welcome.getByRole('button', { name: new RegExp(`^${choice}`) })).toBeVisible();
    }
    await welcome.getByRole('button', { name: /^Start with a small MNIST CNN/ }).click();
    await expect(welcome).toBeHidden();
    await expect(page.getByTestId('training-panel')).toBeVisible();
    await expect(page.getByTestId('dataset-select')).toHaveValue('mnist');
    await expect(page.getByTestId('train-limit')).toHaveValue('6000');
    const started = Date.now();
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    expect(Date.now() - started).toBeLessThan(60_000);
    const accuracy = Number((await page.getByTestId('metric-val-accuracy').textContent())!.replace(/[^\d.]/g, ''));
    expect(accuracy).toBeGreaterThan(85);
    // Closed once, it stays closed.
    await page.reload();
    await expect(page.getByTestId('training-panel').or(page.getByTestId('inspector'))).toBeVisible();
    await expect(page.getByRole('dialog', { name: 'Welcome to CNN Studio' })).toBeHidden();
  });

  test('Escape closes the welcome on the default network: a small CNN for 28×28×1', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('dialog', { name: 'Welcome to CNN Studio' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(node(page, 'input_layer').getByTestId('node-shape')).toHaveText('28 × 28 × 1');
    await expect(page.getByTestId('total-params')).toHaveText(totalOf('mnist-cnn'));
  });
});

test.describe('canvas ergonomics', () => {
  async function dragFromPalette(page: Page, type: string, x: number, y: number) {
    await page.getByTestId(`palette-${type}`).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
  }

  test('an empty network says how to add layers; a layer dropped below the selected one is wired to it', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('action-new').click();
    await expect(page.getByTestId('canvas-hint')).toContainText('double-click');
    await node(page, 'input_layer').click();
    const box = await settledBox(node(page, 'input_layer'));
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await dragFromPalette(page, 'Conv2D', box.x - pane.x + 60, box.y - pane.y + 160);
    await expect(page.locator('.react-flow__edge')).toHaveCount(1);
    await expect(node(page, 'conv2d').getByTestId('node-shape')).toHaveText('26 × 26 × 32');
    await expect(page.getByTestId('canvas-hint')).toBeHidden();
  });

  test('a layer dropped onto a connection is inserted into it', async ({ page }) => {
    await page.goto('/');
    const from = await settledBox(node(page, 'conv2d'));
    const to = await settledBox(node(page, 'max_pooling2d'));
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    // The connection between them runs from conv2d's bottom handle to the pool's top handle.
    const x = (from.x + from.width / 2 + to.x + to.width / 2) / 2 - pane.x;
    const y = (from.y + from.height + to.y) / 2 - pane.y;
    await dragFromPalette(page, 'BatchNormalization', x, y);
    await expect(node(page, 'batch_normalization').getByTestId('node-shape')).toHaveText('26 × 26 × 16');
    await expect(node(page, 'max_pooling2d').getByTestId('node-shape')).toHaveText('13 × 13 × 16');
    await expect(page.locator('.react-flow__edge')).toHaveCount(7);
  });

  test('a long network opens at a readable zoom from its top, and the minimap covers no node', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/');
    await page.getByTestId('action-templates').click();
    await page.getByRole('menuitem', { name: 'VGG16' }).click();
    await expect(page.getByTestId('total-params')).toHaveText('138,357,544');
    const first = node(page, analyzeGraph(autoLayout(TEMPLATES.find((t) => t.slug === 'vgg16')!.build())).order[0]!);
    await expect(first).toBeInViewport();
    // Readable: node text at least ~60 % of its size (a node is ~60 px tall at zoom 1).
    await expect.poll(async () => (await first.boundingBox())!.height).toBeGreaterThan(30);
    const map = page.getByTestId('minimap');
    if (await map.isVisible()) {
      const m = (await map.boundingBox())!;
      for (const each of await page.locator('.react-flow__node').all()) {
        const box = await each.boundingBox();
        if (!box) continue;
        const overlaps = box.x < m.x + m.width && m.x < box.x + box.width && box.y < m.y + m.height && m.y < box.y + box.height;
        expect(overlaps).toBe(false);
      }
    }
  });

  test('a press on the minimap moves the view there, a drag follows the pointer, and the wheel over it zooms', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/');
    await page.getByTestId('action-templates').click();
    await page.getByRole('menuitem', { name: 'VGG16' }).click();
    const order = analyzeGraph(autoLayout(TEMPLATES.find((t) => t.slug === 'vgg16')!.build())).order;
    const first = node(page, order[0]!);
    const last = node(page, order.at(-1)!);
    await expect(first).toBeInViewport();
    const map = page.getByTestId('minimap');
    await expect(map).toBeVisible();
    const m = (await map.boundingBox())!;
    // The network runs top to bottom: its end is drawn near the bottom of the map.
    await page.mouse.click(m.x + m.width / 2, m.y + m.height - 8);
    await expect(last).toBeInViewport();
    await expect(first).not.toBeInViewport();
    // Drag back up to the top: the view follows the pointer.
    const at = (await map.boundingBox())!;
    await page.mouse.move(at.x + at.width / 2, at.y + at.height - 8);
    await page.mouse.down();
    await page.mouse.move(at.x + at.width / 2, at.y + 8, { steps: 6 });
    await page.mouse.up();
    await expect(first).toBeInViewport();
    // The wheel over the map zooms out: the first layer gets smaller.
    const before = (await first.boundingBox())!.height;
    const now = (await map.boundingBox())!;
    await page.mouse.move(now.x + now.width / 2, now.y + now.height / 2);
    await page.mouse.wheel(0, 400);
    await expect.poll(async () => (await first.boundingBox())?.height ?? 0).toBeLessThan(before * 0.8);
  });

  test('paste puts the copy beside the original, not on top of it', async ({ page }) => {
    await page.goto('/');
    await node(page, 'conv2d').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    const original = (await node(page, 'conv2d').boundingBox())!;
    const copy = (await node(page, 'conv2d_2').boundingBox())!;
    expect(copy.x).toBeGreaterThan(original.x + original.width);
  });

  test("the Input's hints show its real defaults", async ({ page }) => {
    await page.goto('/');
    await node(page, 'input_layer').click();
    await expect(page.locator('label[for="param-height"]')).toHaveAttribute('title', /Default: 28\./);
    await expect(page.locator('label[for="param-channels"]')).toHaveAttribute('title', /Default: 1\./);
  });
});
