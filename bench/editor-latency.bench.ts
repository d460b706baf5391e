/**
 * Editing smoothness in the real UI: the time from a parameter edit (the Input's height) to the
 * updated shape text on the LAST node of the graph, in Chromium against the built renderer, for a
 * 30-node and a 300-node graph. Measured inside the page (MutationObserver, performance.now()), so
 * Playwright's own latency is not counted. The 30-node graph is the reference for the 300-node one.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autoLayout } from '../src/shared/editing/layout';
import { sequentialGraph, type LayerDef } from '../src/shared/graph/build';
import { serializeProject } from '../src/shared/project/project-file';
import type { Pair } from './harness';
import { WELCOMED_KEY } from '../src/renderer/src/components/welcome/first-start';

/** The preview server's port; `BENCH_PORT` lets two checkouts run the bench side by side. */
const PORT = Number(process.env.BENCH_PORT ?? 4179);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Input 32×32×3 then `size − 1` layers of Conv2D 'same' / BatchNormalization / ReLU: every shape follows the Input's height. */
function chain(size: number) {
  const kinds: LayerDef[] = [
    { type: 'Conv2D', params: { filters: 8, kernel_size: [3, 3], padding: 'same' } },
    { type: 'BatchNormalization' },
    { type: 'Activation', params: { activation: 'relu' } },
  ];
  return autoLayout(
    sequentialGraph(
      [32, 32, 3],
      Array.from({ length: size - 1 }, (_, i) => kinds[i % 3]!),
    ),
  );
}

export async function startPreview(): Promise<ChildProcess> {
  if (!existsSync('out/renderer/index.html')) spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
  const busy = await fetch(`http://localhost:${PORT}/`).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`Port ${PORT} is already in use (a stray preview server?): the bench would measure someone else's build.`);
  const server = spawn('npx', ['vite', 'preview', '--config', 'vite.web.config.mts', '--port', String(PORT), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://localhost:${PORT}/`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('vite preview did not start');
}

/** Stops the preview server and its children (npx → vite): the whole process group. */
export function stopServer(server: ChildProcess): void {
  try {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  } catch {
    server.kill('SIGTERM');
  }
}

export async function openGraph(page: Page, size: number): Promise<string> {
  const graph = chain(size);
  const file = join(await mkdtemp(join(tmpdir(), 'cnn-bench-')), `chain-${size}.cnnstudio.json`);
  await writeFile(file, serializeProject(graph));
  await page.goto(`http://localhost:${PORT}/`);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('action-open').click();
  await (await chooser).setFiles(file);
  const last = graph.nodes.at(-1)!.id;
  await page.locator('[data-testid="graph-canvas"][data-view="fitted"]').waitFor();
  await page.getByTestId('summary-row-input_layer').click();
  await page.getByTestId('param-height').waitFor();
  // Drag the canvas up until the last layer is on screen (only what is on screen is rendered), as a person would to watch it.
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const lastShape = page.getByTestId(`rf__node-${last}`).getByTestId('node-shape');
  for (let i = 0; i < 200 && !(await lastShape.isVisible()); i++) {
    // Left of the layers, above the controls, clear of the minimap (bottom right).
    await page.mouse.move(pane.x + pane.width * 0.15, pane.y + pane.height * 0.7);
    await page.mouse.down();
    await page.mouse.move(pane.x + pane.width * 0.15, pane.y + pane.height * 0.2, { steps: 4 });
    await page.mouse.up();
    await page.waitForTimeout(50); // the newly visible layers render a frame later
  }
  await lastShape.waitFor();
  return last;
}

/**
 * A 1,000-layer network: the time from picking the file to the fitted canvas (read in the page,
 * so Playwright's latency is not counted), and the frame times while dragging the canvas (every
 * requestAnimationFrame interval during 20 drags). Targets: open < 1 s, no frame over 50 ms.
 */
async function bigGraphFigures(page: Page): Promise<{ openMs: number; maxFrameMs: number; p95FrameMs: number; frames: number }> {
  const graph = chain(1000);
  const file = join(await mkdtemp(join(tmpdir(), 'cnn-bench-')), 'chain-1000.cnnstudio.json');
  await writeFile(file, serializeProject(graph));
  await page.goto(`http://localhost:${PORT}/`);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('action-open').click();
  const picked = await chooser;
  // The page's clock: from the file input's change to the fitted canvas.
  await page.evaluate(() => {
    const g = globalThis as unknown as { document: { addEventListener(t: string, f: () => void, c: boolean): void }; __picked?: number };
    g.document.addEventListener('change', () => (g.__picked = performance.now()), true);
  });
  await picked.setFiles(file);
  await page.locator('[data-testid="graph-canvas"][data-view="fitted"]').waitFor();
  const openMs = await page.evaluate(() => performance.now() - (globalThis as unknown as { __picked: number }).__picked);
  // A string, not a function: the bench runs through tsx, whose name helpers do not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  for (let i = 0; i < 20; i++) {
    await page.mouse.move(pane.x + pane.width * 0.15, pane.y + pane.height * 0.75);
    await page.mouse.down();
    await page.mouse.move(pane.x + pane.width * 0.15, pane.y + pane.height * 0.2, { steps: 12 });
    await page.mouse.up();
  }
  const frames = (await page.evaluate(() => (globalThis as unknown as { __frames: number[] }).__frames)).slice(1).sort((a, b) => a - b);
  return { openMs, maxFrameMs: frames.at(-1)!, p95FrameMs: frames[Math.floor(frames.length * 0.95)]!, frames: frames.length };
}

/**
 * Look inside refreshing live during training, in the page's main thread: a template trains (1 epoch of
 * `images` images, in the Web Worker trainer) while the Look inside tab shows all layers and refreshes every
 * batch; every long task (> 50 ms, PerformanceObserver 'longtask') from the start of training until the run is
 * over. Target (#18): none, i.e. a refresh never blocks the UI for more than a few frames.
 */
export async function liveRefreshLongTasks(
  page: Page,
  template: string,
  images: number,
): Promise<{ count: number; longestMs: number; seconds: number; refreshes: number }> {
  await page.goto(`http://localhost:${PORT}/`);
  await page.getByTestId('action-templates').click();
  await page.getByTestId(`template-${template}`).click();
  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train-limit').fill(String(images));
  await page.getByTestId('test-limit').fill('200');
  await page.getByTestId('tab-inside').click();
  await page.getByTestId('viz-all-layers').check();
  await page.getByTestId('viz-every').fill('1');
  await page.locator('[data-testid="feature-map"]').first().waitFor();
  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-start').click();
  await page.getByTestId('tab-inside').click();
  await page.evaluate(`(() => {
    window.__longTasks = [];
    window.__refreshes = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask' });
    // Each refresh shows "Reading the network…" while the worker reads it.
    const status = document.querySelector('[data-testid="viz-status"]');
    let busy = false;
    new MutationObserver(() => {
      const now = status.textContent.includes('Reading');
      if (now && !busy) window.__refreshes++;
      busy = now;
    }).observe(status, { childList: true, characterData: true, subtree: true });
    window.__trainStart = performance.now();
  })()`);
  // The Train tab says ● while a run is on; waited for in the page (Playwright's polling would add UI-thread work).
  await page.evaluate(
    `new Promise((resolve) => {
      const tab = document.querySelector('[data-testid="tab-train"]');
      let seen = false;
      const check = () => {
        const on = tab.textContent.includes('●');
        seen ||= on;
        if (seen && !on) resolve();
      };
      new MutationObserver(check).observe(tab, { childList: true, characterData: true, subtree: true });
      check();
    })`,
  );
  const { tasks, seconds, refreshes } = (await page.evaluate(
    `({ tasks: window.__longTasks, seconds: (performance.now() - window.__trainStart) / 1000, refreshes: window.__refreshes })`,
  )) as { tasks: number[]; seconds: number; refreshes: number };
  return { count: tasks.length, longestMs: tasks.length ? Math.max(...tasks) : 0, seconds, refreshes };
}

/** The little of the DOM the in-page timing uses (the bench is type-checked without DOM types). */
interface PageGlobals {
  document: { querySelector(selector: string): { textContent: string | null; dispatchEvent(event: unknown): boolean } | null };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void };
  HTMLInputElement: { prototype: object };
  Event: new (type: string, init: object) => unknown;
}

/** One edit: set the Input's height, resolve when the last node's shape text has changed. */
export function timeEdit(page: Page, lastId: string, height: number): Promise<number> {
  return page.evaluate(
    ({ lastId, height }) =>
      new Promise<number>((resolve) => {
        const { document, MutationObserver, HTMLInputElement, Event } = globalThis as unknown as PageGlobals;
        const input = document.querySelector('[data-testid="param-height"]')!;
        const target = document.querySelector(`[data-testid="rf__node-${lastId}"] [data-testid="node-shape"]`)!;
        const before = target.textContent;
        const observer = new MutationObserver(() => {
          if (target.textContent !== before) {
            observer.disconnect();
            resolve(performance.now() - start);
          }
        });
        observer.observe(target, { characterData: true, childList: true, subtree: true });
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        const start = performance.now();
        setValue.call(input, String(height));
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    { lastId, height },
  );
}

export async function editorLatencyPairs(): Promise<{ pairs: Pair[]; dispose: () => Promise<void> } | null> {
  if (!existsSync(CHROMIUM)) {
    console.log(`editor latency: skipped (no Chromium at ${CHROMIUM}; apt-get install chromium)`);
    return null;
  }
  const server = await startPreview();
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const page = async () => {
    const p = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    // Past the first-start welcome, straight to the editor.
    await p.addInitScript(`localStorage.setItem(${JSON.stringify(WELCOMED_KEY)}, '1')`);
    return p;
  };
  const small = await page();
  const large = await page();
  let smallLast: string;
  let largeLast: string;
  try {
    smallLast = await openGraph(small, 30);
    largeLast = await openGraph(large, 300);
  } catch (e) {
    // A failed start leaves no server behind (the next run would find the port taken).
    await browser.close();
    stopServer(server);
    throw e;
  }
  let height = 32;
  const edit = (page: Page, last: string, edits: number) => async () => {
    for (let i = 0; i < edits; i++) await timeEdit(page, last, (height = height === 32 ? 33 : 32));
  };
  return {
    pairs: [
      {
        name: 'param edit → last node text, 300 vs 30 nodes',
        ratioMeaning: '300-node / 30-node graph; 10 = linear in size',
        reference: edit(small, smallLast, 10),
        candidate: edit(large, largeLast, 10),
        rounds: 5,
      },
    ],
    dispose: async () => {
      const perEdit = async (page: Page, last: string) => {
        const times: number[] = [];
        for (let i = 0; i < 10; i++) times.push(await timeEdit(page, last, (height = height === 32 ? 33 : 32)));
        return times.sort((a, b) => a - b)[5]!;
      };
      console.log(
        `  per edit (median of 10): 30 nodes ${(await perEdit(small, smallLast)).toFixed(1)} ms, 300 nodes ${(await perEdit(large, largeLast)).toFixed(1)} ms (target < 16 ms)`,
      );
      const big = await bigGraphFigures(await page());
      console.log(
        `  1,000 layers: open ${big.openMs.toFixed(0)} ms (target < 1,000); panning ${big.frames} frames, longest ${big.maxFrameMs.toFixed(1)} ms, p95 ${big.p95FrameMs.toFixed(1)} ms (target: none over 50)`,
      );
      for (const [template, label, images] of [
        ['mnist-cnn', 'small MNIST CNN', 30_000],
        ['fashion-mnist', 'Fashion-MNIST CNN', 1_000],
      ] as const) {
        const live = await liveRefreshLongTasks(await page(), template, images);
        console.log(
          `  Look inside live during training, ${label}, all layers, every batch (${live.refreshes} refreshes in ${live.seconds.toFixed(0)} s): ${live.count} long tasks over 50 ms, longest ${live.longestMs.toFixed(0)} ms (target: none)`,
        );
      }
      const layout = chain(1000);
      const start = performance.now();
      autoLayout(layout);
      console.log(`  auto-layout of 1,000 layers: ${(performance.now() - start).toFixed(0)} ms (target < 1,000)`);
      await browser.close();
      stopServer(server);
    },
  };
}
