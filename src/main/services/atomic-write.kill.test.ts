// Saves that survive a kill: a child Node process saves a large project to one file over and over, and
// is killed with SIGKILL at a random moment (seeded: FUZZ_SEED); every time, the file is one complete
// version that parseProject reads, and so is its backup. (A kill cannot test power loss, which is what
// the fsyncs are for; it does test every point between open, write, rename and backup.)
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/data/random';
import { starterGraph } from '../../shared/graph/starter-graph';
import { parseProject, serializeProject } from '../../shared/project/project-file';
import { encodeTensor } from '../../shared/project/weights';
import { fuzzSettings } from '../../shared/testing/fuzz';
import { BACKUP_SUFFIX, TEMPORARY_SUFFIX } from './atomic-write';

const child = resolve(__dirname, 'atomic-write.kill-child.ts');
const { seed, runs } = fuzzSettings(17_017);
const KILLS = runs(24);

/** A project of about 6 MB (trained weights), tagged with its variant number in the run id. */
function bigProject(variant: number): string {
  const values = new Float32Array(1_100_000).map((_, i) => Math.sin(i * (variant + 1)));
  return serializeProject(starterGraph(), {
    trained: { runId: `variant-${variant}`, weights: [encodeTensor({ nodeId: 'dense_1', name: 'kernel', shape: [values.length], values })] },
  });
}

/** Starts the child, waits until it has loaded its texts (and, for `saves` > 0, made that many saves), then `delayMs` more, then SIGKILL. */
function killMidSave(args: string[], saves: number, delayMs: number): Promise<void> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, ['--require', 'tsx/cjs', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = 0;
    let aimed = false;
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line === 'ready' || line.startsWith('saved ')) seen++;
      }
      if (!aimed && seen > saves) {
        aimed = true;
        setTimeout(() => proc.kill('SIGKILL'), delayMs);
      }
    });
    proc.on('exit', (code, signal) => (signal === 'SIGKILL' ? done() : fail(new Error(`child exited ${code}: ${stderr}`))));
  });
}

describe('atomic saves under SIGKILL', () => {
  it(`the project file is always one whole version after ${KILLS} kills at random moments (seed ${seed})`, { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-studio-kill-'));
    try {
      const variants = [0, 1, 2].map(bigProject);
      const variantPaths = await Promise.all(
        variants.map(async (text, i) => (await writeFile(join(dir, `variant-${i}.txt`), text), join(dir, `variant-${i}.txt`))),
      );
      const target = join(dir, 'big.cnnstudio.json');
      await writeFile(target, variants[0]!);
      const rand = mulberry32(seed);
      const outcomes = new Set<string>();
      let midWrite = 0;
      for (let k = 0; k < KILLS; k++) {
        // 0–2 whole saves first (so kills also land while a backup exists), then 0–120 ms into the next ones.
        await killMidSave([target, ...variantPaths], Math.floor(rand() * 3), Math.floor(rand() * 120));
        for (const path of [target, `${target}${BACKUP_SUFFIX}`]) {
          const text = await readFile(path, 'utf8').catch(() => null);
          if (text === null && path !== target) continue; // no backup yet: the first kill may land before one exists
          const which = variants.indexOf(text ?? '');
          expect(which, `${path} after kill ${k} (seed ${seed}) is not one whole version`).toBeGreaterThanOrEqual(0);
          if (path === target) outcomes.add(`variant-${which}`);
        }
        if (await stat(`${target}${TEMPORARY_SUFFIX}`).catch(() => null)) midWrite++;
        const parsed = parseProject(await readFile(target, 'utf8'), 'big.cnnstudio.json');
        expect(parsed.ok && parsed.value.trained?.runId).toMatch(/^variant-\d$/);
      }
      // The kills really did land at different points: more than one version was found in place, and some
      // kills caught a save half-written (its temporary file left behind).
      expect(outcomes.size).toBeGreaterThan(1);
      expect(midWrite).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
