import { chmod, mkdtemp, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUP_SUFFIX, writeFileAtomic } from './atomic-write';

const scratch = () => mkdtemp(join(tmpdir(), 'cnn-studio-atomic-'));

describe('writeFileAtomic', () => {
  it('creates a file, then replaces it, keeping the previous version as <name>.bak when asked', async () => {
    const dir = await scratch();
    const path = join(dir, 'a.cnnstudio.json');
    await writeFileAtomic(path, 'one', { backup: true });
    expect(await readFile(path, 'utf8')).toBe('one');
    expect(await readdir(dir)).toEqual(['a.cnnstudio.json']);

    await writeFileAtomic(path, 'two', { backup: true });
    await writeFileAtomic(path, new TextEncoder().encode('three'), { backup: true });
    expect(await readFile(path, 'utf8')).toBe('three');
    expect(await readFile(`${path}${BACKUP_SUFFIX}`, 'utf8')).toBe('two');
    expect((await readdir(dir)).sort()).toEqual(['a.cnnstudio.json', 'a.cnnstudio.json.bak']);
  });

  it('without backup leaves no other file, and keeps the mode of the file it replaces', async () => {
    const dir = await scratch();
    const path = join(dir, 'model.json');
    await writeFile(path, 'old');
    await chmod(path, 0o600);
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['model.json']);
  });

  it('writes through a symbolic link to the file it points at', async () => {
    const dir = await scratch();
    await writeFile(join(dir, 'real.json'), 'old');
    await symlink(join(dir, 'real.json'), join(dir, 'link.json'));
    await writeFileAtomic(join(dir, 'link.json'), 'new');
    expect(await readFile(join(dir, 'real.json'), 'utf8')).toBe('new');
    expect(await readlink(join(dir, 'link.json'))).toBe(join(dir, 'real.json'));
  });

  it('queues saves of one file, so the last one called wins and nothing is interleaved', async () => {
    const dir = await scratch();
    const path = join(dir, 'p.json');
    const texts = Array.from({ length: 8 }, (_, i) => String(i).repeat(200_000));
    await Promise.all(texts.map((text) => writeFileAtomic(path, text, { backup: true })));
    expect(await readFile(path, 'utf8')).toBe(texts[7]);
    expect(await readFile(`${path}${BACKUP_SUFFIX}`, 'utf8')).toBe(texts[6]);
  });

  it('a failed write rejects, leaves the old file and no temporary file', async () => {
    const dir = await scratch();
    const path = join(dir, 'p.json');
    await writeFile(path, 'old');
    await expect(writeFileAtomic(join(dir, 'missing-folder', 'p.json'), 'x')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual(['p.json']);
  });
});
