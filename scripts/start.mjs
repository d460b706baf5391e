#!/usr/bin/env node
/**
 * `npm start`: build, then open the desktop app. Where the Electron runtime cannot be downloaded,
 * say so in one line and serve the browser version at a local address instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const WEB_PORT = 4173;

function electronRuntimePresent() {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    return existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
  } catch {
    return false;
  }
}

/** electron >= 42 downloads its runtime on first use, not at install: try once, quietly, with a time limit. */
function tryInstallElectronRuntime() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') return false;
  try {
    const installer = join(dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'install.js');
    spawnSync(process.execPath, [installer], { stdio: 'ignore', timeout: 180_000 });
  } catch {
    // fall through to the check
  }
  return electronRuntimePresent();
}

const build = spawnSync(npx, ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('CNN Studio: the build failed (see above).');
  process.exit(build.status ?? 1);
}

if (electronRuntimePresent() || tryInstallElectronRuntime()) {
  const electron = spawn(npx, ['electron', '.'], { stdio: 'inherit' });
  electron.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    `CNN Studio: the Electron runtime could not be downloaded here, so the browser version is served at http://localhost:${WEB_PORT}/ (Ctrl+C to stop).`,
  );
  const preview = spawn(npx, ['vite', 'preview', '--config', 'vite.web.config.mts', '--port', String(WEB_PORT), '--strictPort'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  preview.on('exit', (code) => process.exit(code ?? 0));
}
