/**
 * Test helper for `atomic-write.kill.test.ts`, run as its own Node process (through tsx): saves the
 * given project texts to one file, round after round, until it is killed. It says `ready` once the
 * texts are loaded and `saved <n>` after each save, so the test can aim its SIGKILL.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write';

const [target, ...variantPaths] = process.argv.slice(2);
if (!target || variantPaths.length === 0) throw new Error('usage: atomic-write.kill-child.ts <target> <variant>...');
const variants = variantPaths.map((path) => readFileSync(path));
process.stdout.write('ready\n');
void (async () => {
  for (let n = 0; ; n++) {
    await writeFileAtomic(target, variants[n % variants.length]!, { backup: true });
    process.stdout.write(`saved ${n}\n`);
  }
})();
