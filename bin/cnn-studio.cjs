#!/usr/bin/env node
/**
 * `npx cnn-studio summary FILE [--json]` — the teacher CLI (src/main/cli). Runs the built
 * `out/main/cli.js` when `npm run build` has made it, otherwise the TypeScript source through tsx
 * (a devDependency). Either way the process exits with the CLI's code (0 valid, 1 errors, 2 unreadable).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry point: require is how it loads code */
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const built = join(root, 'out', 'main', 'cli.js');

if (existsSync(built) && !process.env.CNN_STUDIO_CLI_FROM_SOURCE) {
  require(built);
} else {
  let register;
  try {
    ({ register } = require('tsx/cjs/api'));
  } catch {
    process.stderr.write('cnn-studio: out/main/cli.js is missing and tsx is not installed: run `npm install` and `npm run build`.\n');
    process.exit(2);
  }
  register();
  require(join(root, 'src', 'main', 'cli', 'main.ts'));
}
