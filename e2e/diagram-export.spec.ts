// Export ▸ Export diagram… and Export summary, as a teacher uses them: a template, the menu, the file.
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { expect, exportCommand, test, type Page } from './fixtures';

async function openTemplate(page: Page, slug: string) {
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId(`template-${slug}`).click();
}

/** Every layer's row of the summary panel: name, type, shape and parameters as the app shows them. */
async function summaryRows(page: Page) {
  await expect(page.getByTestId('summary-errors')).toHaveCount(0);
  const rows = page.getByTestId(/^summary-row-/);
  const count = await rows.count();
  const out: { layer: string; shape: string; params: string }[] = [];
  for (let i = 0; i < count; i++) {
    const row = rows.nth(i);
    const cells = await row.locator('td').allTextContents();
    out.push({ layer: cells[0]!.trim(), shape: cells[1]!.trim(), params: cells[2]!.trim() });
  }
  return out;
}

/** `(None, 32, 32, 16)` → `32×32×16`, as the diagram writes shapes. */
const diagramShape = (keras: string) =>
  keras
    .replace(/^\(None, /, '')
    .replace(/\)$/, '')
    .split(', ')
    .join('×');

test('Export diagram…: the dialog previews and saves an SVG with every layer’s shape, and a PNG at twice its size', async ({ page, context }) => {
  await openTemplate(page, 'resnet-small');
  const rows = await summaryRows(page);
  expect(rows.length).toBe(19);

  await exportCommand(page, 'export-diagram');
  const dialog = page.getByRole('dialog', { name: 'Export diagram' });
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('export-diagram-format')).toBeFocused();
  // Escape closes it without saving; the menu opens it again.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await exportCommand(page, 'export-diagram');
  await expect(dialog).toBeVisible();

  await page.getByTestId('export-diagram-format').selectOption('svg');
  await page.getByTestId('export-diagram-layout').selectOption('auto');
  await page.getByTestId('export-diagram-theme').selectOption('light');
  await expect(page.getByTestId('export-diagram-file')).toHaveText(`${await fileStem(page)}.svg`);
  await expect(page.getByTestId('export-diagram-preview')).toBeVisible();
  await page.screenshot({ path: 'test-results/diagram-dialog.png' });

  const saved = page.waitForEvent('download');
  await page.getByTestId('export-diagram-save').click();
  const download = await saved;
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('notice-text')).toContainText('diagram as SVG');
  expect(download.suggestedFilename()).toMatch(/\.svg$/);
  const svg = await readFile(await download.path(), 'utf8');
  for (const row of rows) {
    expect(svg, row.layer).toContain(`>${diagramShape(row.shape)}</text>`);
    expect(svg, row.layer).toContain(`>${row.layer.replace(/ \(.*$/, '')}</text>`);
  }

  // The file itself, opened as a picture: the browser parses it (a broken file shows no layers) and it is checked by eye.
  const file = resolve('test-results/diagram-export.svg');
  await writeFile(file, svg);
  const [, width, height] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!;
  const view = await context.newPage();
  await view.setViewportSize({ width: Number(width), height: Number(height) });
  await view.goto(pathToFileURL(file).href);
  await expect(view.locator('g.layer')).toHaveCount(rows.length);
  await view.screenshot({ path: 'test-results/diagram-export-svg.png' });
  await view.close();

  // PNG, dark: the same picture rasterized at twice the SVG's size.
  await exportCommand(page, 'export-diagram');
  await page.getByTestId('export-diagram-format').selectOption('png');
  await page.getByTestId('export-diagram-theme').selectOption('dark');
  await expect(page.getByTestId('export-diagram-file')).toHaveText(/\.png$/);
  const pngSaved = page.waitForEvent('download');
  await page.getByTestId('export-diagram-save').click();
  const png = await readFile(await (await pngSaved).path());
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2 * Number(width), 2 * Number(height)]);
  await writeFile('test-results/diagram-export-dark.png', png);
});

/** The project's file name as exports name it (`ResNet-style CNN.cnnstudio.json` → `ResNet-style_CNN`). */
async function fileStem(page: Page): Promise<string> {
  const name = (await page.getByTestId('file-name').textContent())!.replace(/•$/, '').trim();
  return name.replace(/\.cnnstudio\.json$/, '').replace(/[^A-Za-z0-9_.-]+/g, '_') || 'model';
}

test('Export summary: Markdown with every row the summary panel shows and the arithmetic; CSV with the same numbers', async ({ page }) => {
  await openTemplate(page, 'homework');
  const rows = await summaryRows(page);
  expect(rows.map((r) => r.layer)).toContain('conv2d_1 (Conv2D)');

  const saved = page.waitForEvent('download');
  await exportCommand(page, 'export-summary-md');
  const download = await saved;
  expect(download.suggestedFilename()).toBe('Homework_dimensions.summary.md');
  const md = await readFile(await download.path(), 'utf8');
  expect(md).toMatch(/^## Model: "Homework: dimensions"\n/);
  for (const row of rows) expect(md).toContain(`| ${row.layer} | ${row.shape} | ${row.params} |`);
  expect(md).toContain(`**Total params:** ${await page.getByTestId('total-params').textContent()} (5.4 KiB)`);
  expect(md).toContain('**conv2d_1 (Conv2D)**\n\n- H: ⌊(16 + 2·1 − 3)/2⌋ + 1 = 8');
  await expect(page.getByTestId('notice-text')).toContainText('summary as Markdown');

  const csvSaved = page.waitForEvent('download');
  await exportCommand(page, 'export-summary-csv');
  const csv = await readFile(await (await csvSaved).path(), 'utf8');
  const lines = csv.trimEnd().split('\n');
  expect(lines[0]).toBe('layer,type,output_shape,params,trainable_params,non_trainable_params,connected_to,arithmetic');
  expect(lines).toHaveLength(rows.length + 2);
  expect(lines[3]).toMatch(/^conv2d_1,Conv2D,"\(None, 8, 8, 16\)",1168,1168,0,conv2d,"H: ⌊\(16 \+ 2·1 − 3\)\/2⌋ \+ 1 = 8 ; /);
});
