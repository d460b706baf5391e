import { expect, test, type Page } from './fixtures';

/**
 * The first hour, inside the network and in the lessons (issue 12, items 8 and 9), with the real
 * pointer and keyboard on what is visible: Look inside starts on a test image of the network's own
 * dataset, names the classes while it trains, keeps the canvas its width and opens at its top; the
 * lessons do not give the answer away and label their arithmetic.
 */

/** The canvas's size on screen. */
async function canvasBox(page: Page) {
  const box = await page.getByTestId('graph-canvas').boundingBox();
  expect(box).not.toBeNull();
  return box!;
}

/** How far the sidebar is scrolled (measured in the page). */
const sidebarScroll = (page: Page) => page.getByTestId('sidebar').evaluate((el) => (el as unknown as { scrollTop: number }).scrollTop);

test.use({ viewport: { width: 1280, height: 720 } });

test('Look inside: MNIST test image at 28×28, the canvas keeps its width, the tab opens at its top, named classes during training', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.getByTestId('rf__node-input_layer')).toBeVisible();
  const before = await canvasBox(page);

  await page.getByTestId('tab-inside').click();
  const panel = page.getByTestId('viz-panel');
  await expect(panel).toBeVisible();
  expect(await sidebarScroll(page)).toBe(0);
  await expect(panel.getByRole('heading', { name: 'Look inside' })).toBeInViewport();

  // The canvas keeps its width (and the sidebar does not grow over it).
  const after = await canvasBox(page);
  expect(Math.abs(after.width - before.width)).toBeLessThanOrEqual(1);
  expect(after.x).toBe(before.x);

  // The default input: MNIST's first test image, 28 × 28 × 1 as the Input takes it.
  await expect(page.getByTestId('viz-input')).toHaveValue('sample:0');
  await expect(page.getByTestId('viz-input-label')).toContainText('MNIST test image 1: 7, 28 × 28 × 1');
  await expect(page.getByTestId('viz-input-tensor')).toHaveAttribute('width', '28');
  await expect(page.getByTestId('viz-input-tensor')).toHaveAttribute('height', '28');
  await expect(panel).toContainText('Input as the network gets it: 28 × 28 × 1');
  // The photos are still there to pick.
  await expect(page.locator('[data-testid="viz-input"] option[value="photo:camera"]')).toHaveCount(1);
  await expect(page.getByTestId('viz-softmax')).toBeVisible();
  await expect(panel).not.toContainText('undefined');

  // An enlarged map opens inside the panel: the canvas still keeps its width; Escape closes it.
  await page.getByTestId('feature-map').first().click();
  const enlarged = page.getByTestId('viz-enlarged');
  await expect(enlarged).toBeVisible();
  const sidebar = (await page.getByTestId('sidebar').boundingBox())!;
  const big = (await enlarged.boundingBox())!;
  expect(big.x).toBeGreaterThanOrEqual(sidebar.x);
  expect(big.x + big.width).toBeLessThanOrEqual(sidebar.x + sidebar.width + 1);
  expect((await canvasBox(page)).width).toBeCloseTo(before.width, 0);
  await page.keyboard.press('Escape');
  await expect(enlarged).toHaveCount(0);

  // A short run; paused after its first batches, the output bars already carry the class names.
  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train-limit').fill('1500');
  await page.getByTestId('test-limit').fill('200');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-pause')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'paused');
  await page.getByTestId('tab-inside').click();
  await expect(page.getByTestId('viz-status')).toContainText('training (epoch 1)');
  const softmax = page.getByTestId('viz-softmax');
  await expect(softmax.locator('th')).toHaveText(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  await expect(softmax).not.toContainText('class ');
  await expect(panel).not.toContainText('undefined');
  expect((await canvasBox(page)).width).toBeCloseTo(before.width, 0);

  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-resume').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  // Scrolled down the finished run's charts with the wheel (the tabs stay on top), Look inside still opens at its top.
  await page.getByTestId('sidebar').hover();
  await page.mouse.wheel(0, 1500);
  await expect.poll(() => sidebarScroll(page)).toBeGreaterThan(0);
  await page.getByTestId('tab-inside').click();
  expect(await sidebarScroll(page)).toBe(0);
  await expect(panel.getByRole('heading', { name: 'Look inside' })).toBeInViewport();
  await expect(page.getByTestId('viz-status')).toContainText('trained network');
  await expect(softmax.locator('th')).toHaveText(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  await expect(page.getByTestId('viz-input')).toHaveValue('sample:0');
  await expect(panel).not.toContainText('undefined');
});

test('lesson 1 gives nothing away before a step; lesson 10 labels its arithmetic', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('view-lessons').click();
  await page.getByTestId('lesson-1').click();
  const result = page.getByTestId('lesson-result');
  await expect(result).toContainText('press Step');
  for (const answer of ['19', '25', '37', '43']) await expect(result).not.toContainText(answer);
  await page.getByTestId('lesson-step').click();
  await expect(result).toContainText('output so far = [[19,·],[·,·]] (1 of 4 cells');
  await expect(result).not.toContainText('25');

  await page.getByTestId('lesson-10').click();
  await page.getByTestId('lesson-reveal-conv2d').click();
  const lines = page.getByTestId('homework-trace-conv2d').getByRole('listitem');
  await expect(lines.first()).toBeVisible();
  for (const line of await lines.allTextContents()) expect(line).toMatch(/^[A-Za-z][\w ]*: \S/);
  await expect(lines).toContainText(['H: ⌈32/2⌉ = 16', 'W: ⌈32/2⌉ = 16', /^params: \(3·3·3 \+ 1\)·8 = 224$/]);
});
