/**
 * `npm run lint`'s Electron scan: @doyensec/electronegativity over `src/` and over the page as it is built
 * (`src/renderer/index.html` with the CSP meta that `config/csp.mts` injects), offline. Fails on any HIGH
 * finding, on a MEDIUM one that is not in `REVIEWED` (each explained in SECURITY.md, which must name it),
 * and on a file the scanner could not parse. LOW and informational findings are printed, not fatal.
 *
 * Left out: `AvailableSecurityFixesGlobalCheck`, which downloads Electron's release list (these machines
 * are offline; the Electron version is pinned in package.json and bumped by hand). The scanner also asks
 * the network for updated translations of its messages, waiting out timeouts and retries on each run:
 * its HTTP client is replaced by one that fails at once, so the scan never touches the network.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../config/csp.mts';

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
  description: string;
  sample?: string;
}
interface ScanResult {
  issues: Issue[];
  errors: { file: string; message?: string; error?: unknown }[];
}
type Scan = (options: Record<string, unknown>) => Promise<ScanResult>;

/** MEDIUM findings reviewed by hand: id → where it is explained (SECURITY.md, "electronegativity findings"). */
export const REVIEWED: Readonly<Record<string, string>> = {
  PRELOAD_JS_CHECK: 'the preload exposes only the typed AppApi through contextBridge',
  OPEN_EXTERNAL_JS_CHECK: 'openExternal is called only for URLs isAllowedExternalUrl accepts',
};

const root = resolve(__dirname, '..');
const electronVersion = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
).devDependencies.electron!.replace(/^[^\d]*/, '');
const scannerRequire = createRequire(createRequire(__filename).resolve('@doyensec/electronegativity'));
const gotPath = scannerRequire.resolve('got');
const offline = Object.assign(() => Promise.reject(new Error('offline: the lint scan makes no network requests')), { __esModule: true });
const offlineModule = new Module(gotPath);
offlineModule.exports = Object.assign(offline, { default: offline });
offlineModule.loaded = true;
offlineModule.filename = gotPath;
scannerRequire.cache[gotPath] = offlineModule;
const scan = scannerRequire('@doyensec/electronegativity') as Scan;

async function main(): Promise<number> {
  const base = { electronVersionOverride: electronVersion, isRelative: true };
  const code = await scan({ ...base, input: join(root, 'src'), excludeFromScan: ['AvailableSecurityFixesGlobalCheck', 'CSPGlobalCheck'] });
  const page = mkdtempSync(join(tmpdir(), 'cnn-studio-page-'));
  let built: ScanResult;
  try {
    const html = readFileSync(join(root, 'src/renderer/index.html'), 'utf8').replace(
      '<head>',
      `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
    );
    writeFileSync(join(page, 'index.html'), html);
    built = await scan({ ...base, input: page, customScan: ['CSPHTMLCheck', 'CSPGlobalCheck'] });
  } finally {
    rmSync(page, { recursive: true, force: true });
  }

  const issues = [...code.issues, ...built.issues.map((i) => ({ ...i, file: 'built index.html' }))];
  const security = readFileSync(join(root, 'SECURITY.md'), 'utf8');
  const problems: string[] = [];
  for (const [id] of Object.entries(REVIEWED)) if (!security.includes(id)) problems.push(`${id} is marked reviewed but SECURITY.md does not explain it.`);
  for (const error of [...code.errors, ...built.errors]) problems.push(`could not scan ${error.file}: ${error.message ?? String(error.error)}`);
  for (const issue of issues) {
    const where = `${issue.file}:${issue.location.line}:${issue.location.column}`;
    const line = `${issue.severity.name} ${issue.id} (${issue.confidence.name}) ${where}: ${issue.description}`;
    const reviewed = REVIEWED[issue.id];
    if (issue.severity.name === 'HIGH' || issue.severity.name === 'CRITICAL') problems.push(line);
    else if (issue.severity.name === 'MEDIUM' && !reviewed) problems.push(`${line} (not reviewed: fix it, or explain it in SECURITY.md and REVIEWED)`);
    else console.log(`electronegativity: ${line}${reviewed ? ` — reviewed: ${reviewed}` : ''}`);
  }
  for (const problem of problems) console.error(`electronegativity: ${problem}`);
  console.log(`electronegativity: ${issues.length} findings, ${problems.length} problems (Electron ${electronVersion}).`);
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
