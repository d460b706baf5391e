import { clickEdge, expect, exportCommand, test, type Page } from './fixtures';
import { readFile } from 'node:fs/promises';
import { analyzeGraph } from '../src/shared/engine/analyze';
import { fmtInt } from '../src/shared/engine/format';
import { TEMPLATES } from '../src/shared/templates';

const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);
const shape = (page: Page, id: string) => node(page, id).getByTestId('node-shape');
const params = (page: Page, id: string) => node(page, id).getByTestId('node-params');

async function dropLayer(page: Page, type: string, x: number, y: number) {
  await page.getByTestId(`palette-${type}`).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
}

async function wire(page: Page, source: string, target: string) {
  await page.locator(`.react-flow__handle.source[data-nodeid="${source}"]`).dragTo(page.locator(`.react-flow__handle.target[data-nodeid="${target}"]`));
}

test('a newcomer builds a CNN from the palette and watches every shape update', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-new').click();
  await expect(node(page, 'input_layer')).toBeVisible();
  await expect(shape(page, 'input_layer')).toHaveText('28 × 28 × 1');

  await dropLayer(page, 'Conv2D', 620, 60);
  await dropLayer(page, 'MaxPooling2D', 620, 200);
  await dropLayer(page, 'Flatten', 620, 340);
  await dropLayer(page, 'Dense', 620, 480);
  await wire(page, 'input_layer', 'conv2d');
  await wire(page, 'conv2d', 'max_pooling2d');
  await wire(page, 'max_pooling2d', 'flatten');
  await wire(page, 'flatten', 'dense');
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);

  await node(page, 'dense').click();
  await page.getByTestId('param-units').fill('10');

  await expect(shape(page, 'conv2d')).toHaveText('26 × 26 × 32');
  await expect(params(page, 'conv2d')).toHaveText('320');
  await expect(shape(page, 'max_pooling2d')).toHaveText('13 × 13 × 32');
  await expect(params(page, 'max_pooling2d')).toHaveText('0');
  await expect(shape(page, 'flatten')).toHaveText('5408');
  await expect(params(page, 'flatten')).toHaveText('0');
  await expect(shape(page, 'dense')).toHaveText('10');
  await expect(params(page, 'dense')).toHaveText('54,090');
  await expect(page.getByTestId('total-params')).toHaveText('54,410');

  // Kernel 5: every downstream shape follows, and the arithmetic shows the new numbers.
  await node(page, 'conv2d').click();
  await page.getByTestId('param-kernel_size').fill('5');
  await expect(shape(page, 'conv2d')).toHaveText('24 × 24 × 32');
  await expect(shape(page, 'max_pooling2d')).toHaveText('12 × 12 × 32');
  await expect(shape(page, 'flatten')).toHaveText('4608');
  await expect(params(page, 'dense')).toHaveText('46,090');
  await expect(page.getByTestId('arithmetic')).toContainText('⌊(28 + 2·0 − 5)/1⌋ + 1 = 24');
  await expect(page.getByTestId('arithmetic')).toContainText('(5·5·1 + 1)·32 = 832');

  // A value the schema refuses never reaches the graph.
  await page.getByTestId('param-strides').fill('0');
  // The field's label is right above it: the message does not repeat it.
  await expect(page.getByTestId('param-strides-error')).toHaveText('Must be at least 1, got 0. Use a value of 1 or more.');
  await expect(shape(page, 'conv2d')).toHaveText('24 × 24 × 32');
  await page.getByTestId('param-strides').fill('1');

  // An impossible kernel: the badge sits on the conv; the layers after it wait; the Input keeps its state.
  await page.getByTestId('param-kernel_size').blur();
  await page.getByTestId('param-kernel_size').fill('30');
  await expect(node(page, 'conv2d').getByTestId('node-error')).toContainText('kernel 30×30 is larger than the 28×28 input');
  await expect(node(page, 'dense').getByTestId('node-error')).toHaveCount(0);
  await expect(node(page, 'dense').getByTestId('node-blocked')).toHaveText('waiting on conv2d');
  await expect(shape(page, 'input_layer')).toHaveText('28 × 28 × 1');
  await page.screenshot({ path: 'test-results/editor-error.png' });

  // Undo restores the 5×5 state; again restores 3×3 (one step per edit).
  await page.getByTestId('action-undo').click();
  await expect(shape(page, 'conv2d')).toHaveText('24 × 24 × 32');
  await expect(node(page, 'conv2d').getByTestId('node-error')).toHaveCount(0);
  await page.getByTestId('action-undo').click();
  await expect(shape(page, 'conv2d')).toHaveText('26 × 26 × 32');
  await expect(params(page, 'dense')).toHaveText('54,090');
  await page.getByTestId('action-redo').click();
  await expect(shape(page, 'conv2d')).toHaveText('24 × 24 × 32');

  // Save, reload, open: the identical graph.
  await page.getByTestId('action-layout').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('action-save').click();
  const savedPath = await (await download).path();
  const saved = await readFile(savedPath, 'utf8');
  await expect(page.getByTestId('unsaved-mark')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/editor-built.png' });
  await page.reload();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('action-open').click();
  await (await chooser).setFiles(savedPath);
  await expect(shape(page, 'dense')).toHaveText('10');
  await expect(params(page, 'conv2d')).toHaveText('832');
  const again = page.waitForEvent('download');
  await page.getByTestId('action-save').click();
  expect(await readFile(await (await again).path(), 'utf8')).toBe(saved);
});

test('keyboard: delete, undo, copy and paste', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-homework').click();
  await node(page, 'max_pooling2d').click();
  await page.keyboard.press('Delete');
  await expect(node(page, 'max_pooling2d')).toHaveCount(0);
  await expect(node(page, 'global_average_pooling2d').getByTestId('node-error')).toContainText('has no input connected');
  await page.keyboard.press('Control+z');
  await expect(shape(page, 'global_average_pooling2d')).toHaveText('16');
  await node(page, 'conv2d_1').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(node(page, 'conv2d_2')).toBeVisible();
  await expect(node(page, 'conv2d_2').getByTestId('node-error')).toContainText('has no input connected');
  await page.keyboard.press('Control+Shift+z');
  await page.keyboard.press('Control+z');
  await expect(node(page, 'conv2d_2')).toHaveCount(0);
});

test('double-clicking a palette item adds it after the selected layer, or on the selected connection', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-homework').click();
  await node(page, 'global_average_pooling2d').click();
  await page.getByTestId('palette-Dense').dblclick();
  await expect(shape(page, 'dense')).toHaveText('64');
  await expect(params(page, 'dense')).toHaveText('1,088');
  await page.getByTestId('palette-search').fill('batchnorm');
  await expect(page.getByTestId('palette-Dense')).toHaveCount(0);
  await page.getByTestId('palette-search').fill('normalization');
  await expect(page.getByTestId('palette-BatchNormalization')).toBeVisible();
});

test('every template loads with the engine totals', async ({ page }) => {
  await page.goto('/');
  const known: Record<string, number> = { homework: 1392, 'fashion-mnist': 1_413_834, vgg16: 138_357_544, lenet5: 61_706, alexnet: 62_378_344 };
  for (const template of TEMPLATES) {
    await page.getByTestId('action-templates').click();
    await page.getByTestId(`template-${template.slug}`).click();
    const expected = known[template.slug] ?? analyzeGraph(template.build()).totals.params;
    await expect(page.getByTestId('total-params')).toHaveText(fmtInt(expected));
    await expect(page.getByTestId('summary-errors')).toHaveCount(0);
    if (template.slug === 'resnet-small') await page.screenshot({ path: 'test-results/editor-resnet.png' });
  }
});

test('a layer inserted on a selected connection rewires both sides', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-homework').click();
  await clickEdge(page, 'e_conv2d_1_max_pooling2d');
  await expect(page.locator('.react-flow__edge[data-id="e_conv2d_1_max_pooling2d"]')).toHaveClass(/selected/);
  await page.getByTestId('palette-BatchNormalization').dblclick();
  await expect(shape(page, 'batch_normalization')).toHaveText('8 × 8 × 16');
  await expect(params(page, 'batch_normalization')).toHaveText('64');
  await expect(page.getByTestId('total-params')).toHaveText('1,456');
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
});

test('inspector shows each field’s default and range; Export Keras downloads model JSON', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-fashion-mnist').click();
  await page.getByTestId('summary-row-dropout').click();
  await expect(page.getByTestId('param-rate-hint')).toHaveText('default 0.5 · ≥ 0, < 1');
  const download = page.waitForEvent('download');
  await exportCommand(page, 'export-keras');
  const file = await download;
  expect(file.suggestedFilename()).toBe('Fashion-MNIST CNN.keras.json');
  const model = JSON.parse(await readFile(await file.path(), 'utf8'));
  expect(model.class_name).toBe('Functional');
  expect(model.config.layers).toHaveLength(15);
});
