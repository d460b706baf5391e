// The packaging config (electron-builder.yml) is not exercised here (no Electron binary, no
// electron-builder); this pins its security settings so that an edit cannot drop them unnoticed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const text = readFileSync(join(__dirname, '..', 'electron-builder.yml'), 'utf8');

/** `key: value` lines of one top-level block (two-space indented), comments left out. */
function block(name: string): Record<string, string> {
  const lines = text.split('\n');
  const start = lines.indexOf(`${name}:`);
  expect(start, `${name}: block`).toBeGreaterThanOrEqual(0);
  const entries: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const match = /^ {2}(\w+): (.+)$/.exec(line);
    if (match) entries[match[1]!] = match[2]!;
  }
  return entries;
}

describe('electron-builder.yml', () => {
  it('flips the fuses off: run as Node, NODE_OPTIONS, inspect arguments; and checks the asar', () => {
    expect(block('electronFuses')).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
    });
    expect(text).toMatch(/^asar: true$/m);
  });

  it('says plainly that it was never run', () => {
    expect(text).toMatch(/has NEVER been run/);
  });
});
