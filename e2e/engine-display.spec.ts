import { expect, test } from './fixtures';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeProject } from '../src/shared/project/project-file';
import { homeworkNet } from '../src/shared/templates/course-networks';

async function openProject(page: import('@playwright/test').Page, graph: ReturnType<typeof homeworkNet>, name: string) {
  const dir = await mkdtemp(join(tmpdir(), 'cnn-e2e-'));
  const file = join(dir, name);
  await writeFile(file, serializeProject(graph));
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('action-open').click();
  await (await chooser).setFiles(file);
  await expect(page.getByTestId('file-name')).toContainText(name);
}

test("the homework network shows Keras' shapes and parameter counts on its nodes", async ({ page }) => {
  await page.goto('/');
  await openProject(page, homeworkNet(), 'homework.cnnstudio.json');
  await expect(page.getByTestId('rf__node-conv2d').getByTestId('node-shape')).toHaveText('16 × 16 × 8');
  await expect(page.getByTestId('rf__node-conv2d').getByTestId('node-params')).toHaveText('224');
  await expect(page.getByTestId('rf__node-conv2d_1').getByTestId('node-shape')).toHaveText('8 × 8 × 16');
  await expect(page.getByTestId('rf__node-conv2d_1').getByTestId('node-params')).toHaveText('1,168');
  await expect(page.getByTestId('rf__node-max_pooling2d').getByTestId('node-shape')).toHaveText('4 × 4 × 16');
  await expect(page.getByTestId('rf__node-global_average_pooling2d').getByTestId('node-shape')).toHaveText('16');
  await expect(page.getByTestId('total-params')).toHaveText('1,392');
});

test('an impossible layer is pinned with its reason and the layers after it wait', async ({ page }) => {
  await page.goto('/');
  const graph = homeworkNet();
  // A 5×5 kernel after the 4×4 pooling output cannot fit.
  const pool = graph.nodes.find((n) => n.id === 'max_pooling2d')!;
  graph.nodes.splice(graph.nodes.indexOf(pool) + 1, 0, {
    id: 'conv_big',
    type: 'Conv2D',
    name: 'conv_big',
    params: { filters: 8, kernel_size: [5, 5] },
    position: { x: 0, y: 440 },
  });
  graph.nodes.find((n) => n.id === 'global_average_pooling2d')!.position = { x: 0, y: 560 };
  graph.edges = graph.edges.filter((e) => e.source !== 'max_pooling2d');
  graph.edges.push({ id: 'e1', source: 'max_pooling2d', target: 'conv_big' }, { id: 'e2', source: 'conv_big', target: 'global_average_pooling2d' });
  await openProject(page, graph, 'broken.cnnstudio.json');
  const error = page.getByTestId('rf__node-conv_big').getByTestId('node-error');
  await expect(error).toHaveAttribute('data-code', 'window-too-large');
  await expect(error).toContainText('The kernel 5×5 is larger than the 4×4 input it receives after one pooling layer');
  await expect(page.getByTestId('rf__node-global_average_pooling2d').getByTestId('node-blocked')).toHaveText('waiting on conv_big');
  await expect(page.getByTestId('summary-errors')).toBeVisible();
  await page.screenshot({ path: 'test-results/engine-error.png' });
});
