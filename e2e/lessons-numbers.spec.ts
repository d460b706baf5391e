import { expect, test, type Page } from './fixtures';

/**
 * The guided lessons print the course notes' numbers (computed by the app, never typed in), and each
 * one reacts to its experiment's controls. Matrices are written as the notes print them.
 */

async function openLesson(page: Page, n: number) {
  await page.goto('/');
  await page.getByTestId('view-lessons').click();
  await page.getByTestId(`lesson-${n}`).click();
  await expect(page.getByTestId(`lesson-page-${n}`)).toBeVisible();
}

const rows = (n: number, row: number[]) => `[${Array.from({ length: n }, () => `[${row.join(',')}]`).join(',')}]`;

test('lesson 1: cross-correlation by hand, stepped to the end and played', async ({ page }) => {
  await openLesson(page, 1);
  const result = page.getByTestId('lesson-result');
  // Before the first step the check gives nothing away.
  await expect(result).toHaveText('progress: 0/4 cells — press Step (or Play) to compute the first output cell.');

  const step = page.getByTestId('lesson-step');
  await step.click();
  await expect(result).toContainText('output so far = [[19,·],[·,·]] (1 of 4 cells; · not computed yet)');
  await expect(result).toContainText('progress: 1/4 cells — y[0,0] = 0·0 + 1·1 + 3·2 + 4·3 = 19');
  await expect(result).not.toContainText('25');
  await expect(page.getByTestId('lesson-products')).toContainText('sum = 19');
  await expect(page.getByTestId('lesson-input').locator('td[data-hl="true"]')).toHaveText(['0', '1', '3', '4']);
  await step.click();
  await step.click();
  await step.click();
  await expect(result).toContainText('progress: 4/4 cells — y[1,1] = 4·0 + 5·1 + 7·2 + 8·3 = 43');
  await expect(page.getByTestId('lesson-output').locator('td')).toHaveText(['19', '25', '37', '43']);
  await expect(step).toBeDisabled();
  // The full output appears exactly once.
  expect((await result.textContent())!.split('[[19,25],[37,43]]').length).toBe(2);

  await page.getByTestId('lesson-reset').click();
  await expect(result).toHaveText('progress: 0/4 cells — press Step (or Play) to compute the first output cell.');
  await expect(page.getByTestId('lesson-output').locator('td')).toHaveText(['·', '·', '·', '·']);
  await page.getByTestId('lesson-play').click();
  await expect(result).toContainText('progress: 4/4', { timeout: 10_000 });
  await expect(page.getByTestId('lesson-play')).toHaveText('Replay');
});

test('lesson 2: [1, −1] marks the two edges; a transposed image needs a transposed kernel', async ({ page }) => {
  await openLesson(page, 2);
  const result = page.getByTestId('lesson-result');
  await expect(result).toHaveText(`corr2d(X, K) = ${rows(6, [0, 1, 0, 0, 0, -1, 0])}`);

  await page.getByTestId('lesson-transpose-image').check();
  await expect(result).toHaveText(`corr2d(Xᵀ, K) = ${rows(8, [0, 0, 0, 0, 0])}`);

  await page.getByTestId('lesson-transpose-kernel').check();
  const zeros = '[0,0,0,0,0,0]';
  await expect(result).toHaveText(`corr2d(Xᵀ, Kᵀ) = [${[zeros, '[1,1,1,1,1,1]', zeros, zeros, zeros, '[-1,-1,-1,-1,-1,-1]', zeros].join(',')}]`);
});

test('lesson 5: output size with its arithmetic, a stride that does not divide, the transposed example', async ({ page }) => {
  await openLesson(page, 5);
  const result = page.getByTestId('lesson-result');
  await expect(result).toContainText('⌊(32 + 2·1 − 3)/1⌋ + 1 = 32');
  await expect(result).toContainText('transposed = [[0,0,1],[0,4,6],[4,12,9]]');
  await expect(page.getByTestId('lesson-non-integer')).toHaveCount(0);

  await page.getByTestId('lesson-stride').fill('2');
  await expect(result).toContainText('⌊(32 + 2·1 − 3)/2⌋ + 1 = 16');
  await expect(page.getByTestId('lesson-output-size')).toHaveText('16 × 16');
  await expect(page.getByTestId('lesson-non-integer')).toContainText('31/2 is not an integer');
  await expect(page.getByTestId('lesson-non-integer')).toContainText('dropped');

  // 'same' pads just enough for stride 2: nothing left over.
  await page.getByTestId('lesson-padding').selectOption('same');
  await expect(result).toContainText('⌈32/2⌉ = 16');
  await expect(page.getByTestId('lesson-non-integer')).toHaveCount(0);

  // Dilation 2 widens a 3×3 kernel to 5 cells.
  await page.getByTestId('lesson-padding').selectOption('valid');
  await page.getByTestId('lesson-stride').fill('1');
  await page.getByTestId('lesson-dilation').fill('2');
  await expect(result).toContainText('dk = (3 − 1)·2 + 1 = 5');
  await expect(result).toContainText('⌊(32 + 2·0 − 5)/1⌋ + 1 = 28');
  await expect(result).toContainText('transposed = [[0,0,1],[0,4,6],[4,12,9]]');
});

test('lesson 6: channels summed, filters stacked, 1×1 convolution = matrix product', async ({ page }) => {
  await openLesson(page, 6);
  const result = page.getByTestId('lesson-result');
  await expect(result).toContainText('[[56,72],[104,120]]');
  await expect(result).toContainText('[[56,72],[104,120]], [[76,100],[148,172]], [[96,128],[192,224]]');
  await expect(result).toContainText('max |difference| = ');

  await page.getByTestId('lesson-filter').selectOption('1');
  await expect(page.getByTestId('lesson-filter-sum').locator('td')).toHaveText(['76', '100', '148', '172']);
  await page.getByTestId('lesson-seed').fill('7');
  await expect(result).toContainText('(seed 7)');
  const diff = Number((await result.textContent())!.match(/max \|difference\| = (\S+)/)![1]);
  expect(diff).toBeLessThan(1e-6);
});

test("lesson 7: pooling on 0…15 and 0…8; 'valid' vs 'same'", async ({ page }) => {
  await openLesson(page, 7);
  const result = page.getByTestId('lesson-result');
  await expect(result).toContainText('avg = [[2.5,4.5],[10.5,12.5]], max = [[5,7],[13,15]]');
  await expect(result).toContainText('global average = 7.5');
  await expect(result).toContainText('max = [[4,5],[7,8]], avg = [[2,3],[5,6]]');

  // Keras' MaxPool2D(pool_size=2) on the 3×3: stride 2, valid keeps one window, same pads to two.
  await page.getByTestId('lesson-pool-stride').selectOption('2');
  await expect(result).toContainText("your setting (stride 2, 'valid'): 1×1, max = [[4]], avg = [[2]]");
  await page.getByTestId('lesson-pool-padding').selectOption('same');
  await expect(result).toContainText("your setting (stride 2, 'same'): 2×2, max = [[4,5],[7,8]], avg = [[2,3.5],[6.5,8]]");
  await expect(page.getByTestId('lesson-pool-size')).toContainText('⌈3/2⌉ = 2');

  // Hovering an output cell shows its window on the input (padding cells do not exist there).
  await page.getByTestId('lesson-pool-max-cell-1-1').hover();
  await expect(page.getByTestId('lesson-pool-input').locator('td[data-hl="true"]')).toHaveText(['8']);
  await page.getByTestId('lesson-pool-max-cell-0-0').hover();
  await expect(page.getByTestId('lesson-pool-input').locator('td[data-hl="true"]')).toHaveText(['0', '1', '3', '4']);
});

test('lesson 8: three 2×2 convolutions and one 4×4 both see 4×4 pixels', async ({ page }) => {
  await openLesson(page, 8);
  const result = page.getByTestId('lesson-result');
  await expect(result).toHaveText('three 2×2: receptive field 4×4, 15 parameters · one 4×4: receptive field 4×4, 17 parameters');

  await page.getByTestId('lesson-rf-stack-out-3-4').hover();
  await expect(page.getByTestId('lesson-rf-window')).toContainText('rows 3–6 and columns 4–7 in both networks');
  for (const id of ['stack', 'single']) {
    const lit = page.getByTestId(`lesson-rf-${id}-input`).locator('td[data-hl="true"]');
    await expect(lit).toHaveCount(16);
    await expect(page.getByTestId(`lesson-rf-${id}-in-3-4`)).toHaveAttribute('data-hl', 'true');
    await expect(page.getByTestId(`lesson-rf-${id}-in-6-7`)).toHaveAttribute('data-hl', 'true');
    await expect(page.getByTestId(`lesson-rf-${id}-in-2-4`)).not.toHaveAttribute('data-hl', 'true');
  }
  // One layer down the stack, the same output reads a 3×3 patch.
  await expect(page.locator('[data-testid^="lesson-rf-stack-l1-"][data-hl="true"]')).toHaveCount(9);

  await page.getByTestId('lesson-rf-single-out-0-0').click();
  await expect(page.getByTestId('lesson-rf-window')).toContainText('rows 0–3 and columns 0–3');
  await expect(page.getByTestId('lesson-rf-stack-in-0-0')).toHaveAttribute('data-hl', 'true');
});
