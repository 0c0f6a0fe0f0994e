import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The three kinds of test, told apart by what a test file imports (itself or through its helpers under test/),
 * so a file cannot be filed under the wrong kind and a new file needs no list to be kept:
 * - `e2e`: runs programs as a user would — spawns processes (`npm start`, the compiled CLI, `cdk synth`) or
 *   drives Chromium.
 * - `integration`: talks to the embedded services over HTTP (dynalite, the local SES and WeCom servers, the
 *   local API servers) or synthesizes the CDK stack in process.
 * - `unit`: everything else — the pure core, renderers, adapters against in-memory fakes. Seconds.
 * `npm test` runs all three; `npm run test:unit` (or `npx vitest --project unit`) only the first.
 */
export type TestKind = 'unit' | 'integration' | 'e2e';

const E2E_IMPORTS = [/^node:child_process$/, /support\/chromium\.ts$/];
const INTEGRATION_IMPORTS = [
  /(^|\/)functions\/entry-points\/local\//,
  /(^|\/)lib\/(create-app|churn-watch-stack)\.ts$/,
  /(^|\/)lib\/constructs\//,
  /^aws-cdk-lib/,
  /(^|\/)dynalite\.ts$/,
  /(^|\/)cycle\/services\.ts$|^\.\/services\.ts$/,
  /^node:(http|net)$/,
];

/**
 * The module specifiers a test file imports: `import … from`/`export … from` statements at the start of a line,
 * and dynamic `import('…')` calls.
 */
export function importsOf(source: string): string[] {
  const statics = source.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*'([^']+)'/gm);
  const dynamics = source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g);
  return [...statics, ...dynamics].map((match) => match[1] as string);
}

export function testKindOf(source: string, helperImports: readonly string[] = []): TestKind {
  const imports = [...importsOf(source), ...helperImports];
  const matches = (patterns: RegExp[]) => imports.some((spec) => patterns.some((re) => re.test(spec)));
  if (matches(E2E_IMPORTS)) return 'e2e';
  if (matches(INTEGRATION_IMPORTS)) return 'integration';
  return 'unit';
}

/**
 * What a test's own helpers under test/ import, followed through helper to helper: a helper that spawns a
 * process or starts a service makes every test that uses it that kind.
 */
function helperImportsOf(root: string, file: string, seen = new Set<string>()): string[] {
  const found: string[] = [];
  for (const spec of importsOf(readFileSync(path.join(root, file), 'utf8'))) {
    if (!spec.startsWith('.')) continue;
    const helper = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    if (!helper.startsWith('test/') || seen.has(helper)) continue;
    seen.add(helper);
    let source: string;
    try {
      source = readFileSync(path.join(root, helper), 'utf8');
    } catch {
      continue;
    }
    found.push(...importsOf(source), ...helperImportsOf(root, helper, seen));
  }
  return found;
}

/** Every test file under `dir` (relative to `root`), by kind. */
export function testFilesByKind(root: string, dir = 'test'): Record<TestKind, string[]> {
  const byKind: Record<TestKind, string[]> = { unit: [], integration: [], e2e: [] };
  const entries = readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' });
  for (const entry of entries.sort()) {
    if (!entry.endsWith('.test.ts')) continue;
    const file = path.posix.join(dir, entry.split(path.sep).join('/'));
    byKind[testKindOf(readFileSync(path.join(root, file), 'utf8'), helperImportsOf(root, file))].push(file);
  }
  return byKind;
}
