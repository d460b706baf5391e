/**
 * Where a parameter edit's time goes: a CPU profile (CDP Profiler) of Input-height edits on an N-node
 * chain (the editor bench's graph), printed as the functions with the most self and inclusive time.
 * `npx tsx bench/editor-profile.ts [nodes=300] [edits=30]`; build unminified for readable names
 * (`npx vite build --config vite.web.config.mts --minify false`).
 */
import { chromium } from '@playwright/test';
import { openGraph, startPreview, stopServer, timeEdit } from './editor-latency.bench';
import { WELCOMED_KEY } from '../src/renderer/src/components/welcome/first-start';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

async function main() {
  const size = Number(process.argv[2] ?? 300);
  const edits = Number(process.argv[3] ?? 30);
  const server = await startPreview();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.addInitScript(`localStorage.setItem(${JSON.stringify(WELCOMED_KEY)}, '1')`);
    const last = await openGraph(page, size);
    // EXTRA_CSS: a style to add for an experiment (e.g. hide the minimap to see what it costs).
    if (process.env.EXTRA_CSS) await page.addStyleTag({ content: process.env.EXTRA_CSS });
    let height = 32;
    for (let i = 0; i < 10; i++) await timeEdit(page, last, (height = height === 32 ? 33 : 32));
    console.log(
      'rendered:',
      await page.evaluate(`({
        flowNodes: document.querySelectorAll('.react-flow__node').length,
        edges: document.querySelectorAll('.react-flow__edge').length,
        summaryRows: document.querySelectorAll('[data-testid^="summary-row-"]').length,
        minimapNodes: document.querySelectorAll('.react-flow__minimap-node').length,
        elements: document.getElementsByTagName('*').length,
      })`),
    );
    if (process.env.TRACE) {
      // Main-thread time per edit by trace event (self time: an event's duration less its children's), the whole run of edits.
      await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8'] });
      const start = Date.now();
      for (let i = 0; i < edits; i++) await timeEdit(page, last, (height = height === 32 ? 33 : 32));
      const wall = Date.now() - start;
      const trace = JSON.parse((await browser.stopTracing()).toString()) as {
        traceEvents: { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: { name?: string } }[];
      };
      const names = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name');
      const main = names.find((e) => e.args?.name === 'CrRendererMain');
      const events = trace.traceEvents
        .filter((e) => e.ph === 'X' && e.tid === main?.tid && e.pid === main?.pid && e.dur !== undefined)
        .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
      const selfMs = new Map<string, number>();
      const stack: { end: number; name: string; child: number; dur: number }[] = [];
      let busy = 0;
      const close = (until: number) => {
        while (stack.length && stack.at(-1)!.end <= until) {
          const e = stack.pop()!;
          selfMs.set(e.name, (selfMs.get(e.name) ?? 0) + (e.dur - e.child) / 1000);
          if (stack.length) stack.at(-1)!.child += e.dur;
        }
      };
      for (const e of events) {
        close(e.ts);
        if (!stack.length && e.name === 'RunTask') busy += e.dur! / 1000;
        stack.push({ end: e.ts + e.dur!, name: e.name, child: 0, dur: e.dur! });
      }
      close(Infinity);
      console.log(
        `${size} nodes, traced: ${(wall / edits).toFixed(1)} ms wall per edit (with Playwright's round trip), main thread busy ${(busy / edits).toFixed(2)} ms/edit`,
      );
      for (const [name, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${(ms / edits).toFixed(2).padStart(7)} ms/edit  ${name}`);
      return;
    }
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    const times: number[] = [];
    for (let i = 0; i < edits; i++) times.push(await timeEdit(page, last, (height = height === 32 ? 33 : 32)));
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    times.sort((a, b) => a - b);
    console.log(`${size} nodes: per edit median ${times[times.length >> 1]!.toFixed(1)} ms over ${edits} edits (profiled)`);

    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const sampleMs = new Map<number, number>();
    profile.samples.forEach((id, i) => sampleMs.set(id, (sampleMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
    const key = (n: ProfileNode) => {
      const file = n.callFrame.url.split('/').pop() ?? '';
      return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
    };
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    let all = 0;
    for (const [id, ms] of sampleMs) {
      const node = byId.get(id)!;
      if (['(idle)', '(program)', '(garbage collector)'].includes(node.callFrame.functionName)) {
        self.set(node.callFrame.functionName, (self.get(node.callFrame.functionName) ?? 0) + ms);
        continue;
      }
      all += ms;
      self.set(key(node), (self.get(key(node)) ?? 0) + ms);
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const k = key(byId.get(cur)!);
        if (seen.has(k)) continue;
        seen.add(k);
        total.set(k, (total.get(k) ?? 0) + ms);
      }
    }
    const top = (m: Map<string, number>, n: number) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, ms]) => `  ${(ms / edits).toFixed(2).padStart(7)} ms/edit  ${k}`)
        .join('\n');
    console.log(`JS busy: ${(all / edits).toFixed(2)} ms/edit`);
    console.log(`self time:\n${top(self, 40)}`);
    console.log(`inclusive time:\n${top(total, 60)}`);
    // The call tree (merged by function), children over a threshold.
    interface Tree {
      ms: number;
      kids: Map<string, Tree>;
    }
    const root: Tree = { ms: 0, kids: new Map() };
    for (const [id, ms] of sampleMs) {
      const path: string[] = [];
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) path.unshift(key(byId.get(cur)!));
      let t = root;
      t.ms += ms;
      for (const k of path) {
        let next = t.kids.get(k);
        if (!next) t.kids.set(k, (next = { ms: 0, kids: new Map() }));
        next.ms += ms;
        t = next;
      }
    }
    const min = Number(process.env.TREE_MIN ?? 0.15) * edits;
    const lines: string[] = [];
    const walk = (t: Tree, depth: number) => {
      for (const [k, c] of [...t.kids].sort((a, b) => b[1].ms - a[1].ms)) {
        if (c.ms < min) continue;
        lines.push(`${(c.ms / edits).toFixed(2).padStart(7)} ${'  '.repeat(depth)}${k}`);
        walk(c, depth + 1);
      }
    };
    walk(root, 0);
    console.log(`call tree (ms/edit):\n${lines.join('\n')}`);
  } finally {
    await browser.close();
    stopServer(server);
  }
}

void main();
