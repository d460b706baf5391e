/**
 * Homework, end to end: a teacher makes homework of the course's homework network and saves it; a
 * learner opens it, types the answers with two mistakes, checks, sees exactly those two marked with
 * their hints, fixes them, gets full marks and saves the answers; the CLI grades that file the same.
 * The expected values come from the engine (what the app itself shows outside homework mode).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeGraph } from '../src/shared/engine/analyze';
import { homeworkNet } from '../src/shared/templates/course-networks';
import { expect, homeworkCommand, test, type Page } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'cnn-homework-'));

/** Each asked layer's shape (as `16×16×8`) and params, from the engine. */
function rightAnswers(): { layer: string; shape: string; params: string }[] {
  const analysis = analyzeGraph(homeworkNet());
  return analysis.order
    .map((id) => analysis.nodes[id]!)
    .filter((n) => n.type !== 'InputLayer')
    .map((n) => ({ layer: n.name, shape: n.shape!.join('×'), params: n.params.total.toLocaleString('en-US') }));
}

async function saveDownload(page: Page, click: () => Promise<void>, name: string): Promise<string> {
  const download = page.waitForEvent('download');
  await click();
  const path = join(dir, name);
  await (await download).saveAs(path);
  return path;
}

test('a teacher makes homework; a learner does it with hints; the CLI grades the saved answers the same', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-homework').click();

  // The teacher: shape and params of every layer but the input (the default), with hints.
  await homeworkCommand(page, 'homework-make');
  const dialog = page.getByTestId('homework-make-dialog');
  await expect(dialog.getByTestId('homework-make-field-output_shape')).toBeChecked();
  await expect(dialog.getByTestId('homework-make-field-params')).toBeChecked();
  await dialog.getByTestId('homework-make-title').fill('Homework 1: dimensions');
  await page.screenshot({ path: 'test-results/homework-make.png' });
  const homeworkPath = await saveDownload(page, () => dialog.getByTestId('homework-make-save').click(), 'hw1.cnnhomework.json');
  const file = JSON.parse(readFileSync(homeworkPath, 'utf8')) as { format: string; ask: string[]; network: unknown };
  expect(file.format).toBe('cnn-studio-homework');
  expect(file.ask).toEqual(['output_shape', 'params']);
  // Answers are never in the file: no shapes or counts beyond the network's own settings.
  expect(JSON.stringify(file)).not.toContain('"shape":[16,16,8]');

  // The learner opens it: inputs instead of values, the summary hides them, the graph is locked.
  const chooser = page.waitForEvent('filechooser');
  await homeworkCommand(page, 'homework-open');
  await (await chooser).setFiles(homeworkPath);
  await expect(page.getByTestId('homework-panel')).toContainText('Homework 1: dimensions');
  const answers = rightAnswers();
  expect(answers).toHaveLength(4);
  for (const a of answers.filter((x) => x.shape.includes('×'))) await expect(page.getByText(a.shape.replace(/×/g, ', '), { exact: false })).toHaveCount(0);
  await expect(page.locator('[data-testid^="summary-shape-"]').filter({ hasText: '?' })).toHaveCount(4);
  await expect(page.getByTestId('node-shape')).toHaveCount(1); // only the input's, which is given
  await expect(page.getByTestId('total-params')).toHaveText('?');
  // Nothing to add layers from, and no export that would print the answers.
  await expect(page.getByTestId('palette-Conv2D')).toHaveCount(0);
  const exportMenu = page.getByTestId('action-export');
  await ((await exportMenu.isVisible()) ? exportMenu : page.getByTestId('action-more')).click();
  await expect(page.getByRole('menu').getByTestId('export-pytorch')).toBeDisabled();
  await page.keyboard.press('Escape');
  await page.getByTestId('rf__node-conv2d').click({ position: { x: 30, y: 12 } });
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('notice-text')).toContainText('The network of a homework cannot be changed');
  await expect(page.getByTestId('rf__node-conv2d')).toBeVisible();

  await page.getByTestId('homework-student').fill('Ada');
  // Two mistakes: a shape one off, and params without the biases.
  const [first, second] = answers;
  for (const a of answers) {
    await page.getByTestId(`homework-answer-${a.layer}-output_shape`).fill(a === first ? '15x15x8' : a.shape.replace(/×/g, ', '));
    await page.getByTestId(`homework-answer-${a.layer}-params`).fill(a === second ? '1,152' : a.params);
  }
  await page.getByTestId('homework-check').click();
  await expect(page.getByTestId('homework-score')).toHaveText('6 / 8');
  await expect(page.locator('[data-mark="wrong"]')).toHaveCount(2);
  await expect(page.getByTestId(`homework-answer-${first!.layer}-output_shape`)).toHaveAttribute('data-mark', 'wrong');
  await expect(page.getByTestId(`homework-answer-${second!.layer}-params`)).toHaveAttribute('data-mark', 'wrong');
  await expect(page.getByTestId('homework-revisit')).toContainText(`${first!.layer}, ${second!.layer}`);

  // Hints: the formula with symbols, then with the layer's numbers, then the answer.
  const hint = `${second!.layer}-params`;
  await page.getByTestId(`homework-hint-${hint}`).click();
  await expect(page.getByTestId(`homework-hint-text-${hint}`)).toContainText('(kh·kw·Cin + 1)·F');
  await page.getByTestId(`homework-hint-${hint}`).click();
  await expect(page.getByTestId(`homework-hint-text-${hint}`)).toContainText('(3·3·8 + 1)·16 = ?');
  await page.getByTestId(`homework-hint-${first!.layer}-output_shape`).click();
  await expect(page.getByTestId(`homework-hint-text-${first!.layer}-output_shape`)).toContainText('H');
  await page.screenshot({ path: 'test-results/homework-hints.png' });

  // Fixed: full marks.
  await page.getByTestId(`homework-answer-${first!.layer}-output_shape`).fill(`(None, ${first!.shape.replace(/×/g, ', ')})`);
  await page.getByTestId(`homework-answer-${second!.layer}-params`).fill(second!.params.replace(',', ''));
  await page.getByTestId('homework-check').click();
  await expect(page.getByTestId('homework-score')).toHaveText('8 / 8');
  await expect(page.locator('[data-mark="right"]')).toHaveCount(8);
  await page.screenshot({ path: 'test-results/homework-done.png' });

  // Hand in: the answers file grades the same in the CLI.
  const answersPath = await saveDownload(page, () => page.getByTestId('homework-save-answers').click(), 'ada.answers.json');
  const cli = execFileSync(process.execPath, ['bin/cnn-studio.cjs', 'grade', homeworkPath, answersPath, '--json'], { encoding: 'utf8' });
  const graded = JSON.parse(cli) as { students: { student: string; score: number; max_score: number }[] };
  expect(graded.students).toEqual([expect.objectContaining({ student: 'Ada', score: 8, max_score: 8 })]);

  // Progress survives a restart: the homework and its answers come back.
  await page.reload();
  await expect(page.getByTestId('homework-panel')).toBeVisible();
  await expect(page.getByTestId(`homework-answer-${second!.layer}-params`)).toHaveValue(second!.params.replace(',', ''));
  await expect(page.getByTestId('homework-score')).toHaveText('8 / 8');

  // Leaving unlocks the network and shows its numbers again.
  await homeworkCommand(page, 'homework-leave');
  await expect(page.getByTestId('homework-panel')).toHaveCount(0);
  await expect(page.getByTestId('total-params')).not.toHaveText('?');
});

test('New exercise: the same seed gives the same network, graded the same way', async ({ page }) => {
  await page.goto('/');
  await homeworkCommand(page, 'exercise-new');
  await page.getByTestId('exercise-difficulty').selectOption('2');
  await page.getByTestId('exercise-seed').fill('4242');
  await page.getByTestId('exercise-start').click();
  await expect(page.getByTestId('homework-panel')).toContainText('Exercise 2 · seed 4242');
  const rows = page.locator('[data-testid^="summary-row-"]');
  const names = await rows.allTextContents();
  await page.getByTestId('homework-check').click();
  await expect(page.getByTestId('homework-score')).toHaveText(/^0 \/ \d+$/);
  await page.screenshot({ path: 'test-results/homework-exercise.png' });
  await homeworkCommand(page, 'homework-leave');
  await homeworkCommand(page, 'exercise-new');
  await page.getByTestId('exercise-difficulty').selectOption('2');
  await page.getByTestId('exercise-seed').fill('4242');
  await page.getByTestId('exercise-start').click();
  await expect(rows).toHaveText(names);
});
