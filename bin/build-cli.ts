import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { projectRoot } from '../functions/entry-points/cli/project-root.ts';

/**
 * The packages compiled into the CLI instead of loaded from node_modules: those every run of `evaluate` (and
 * `--help`) loads. Node reads a package module by module, and zod's entry alone is some 200 files (every one of
 * its error-message languages): compiled in, only what the CLI uses remains, in one file, and a run starts about
 * 70 ms of CPU sooner. The AWS SDK, dynalite and the rest stay in node_modules: only other commands load them;
 * string-width too, loaded on first use (functions/entry-points/cli/display-width.ts).
 */
export const COMPILED_IN: readonly string[] = ['zod', '@date-fns/tz'];

/** The package a bare import names: `zod` for `zod/mini`, `@date-fns/tz` for `@date-fns/tz/date`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** Leaves every package in node_modules but those in COMPILED_IN and the packages they import themselves. */
const packagesExceptCompiledIn: Plugin = {
  name: 'packages-except-compiled-in',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path, importer }) =>
      COMPILED_IN.includes(packageOf(path)) || /[/\\]node_modules[/\\]/.test(importer)
        ? undefined
        : { external: true },
    );
  },
};

/**
 * What the build depends on, for bin/churn-watch.js to tell when it is stale: every project source, and for a
 * package compiled in, its package.json (rewritten when npm installs another version), not its many files.
 */
function sourcesOf(inputs: string[]): string[] {
  const sources = new Set<string>();
  for (const input of inputs) {
    const inPackage = /^(.*node_modules\/(?:@[^/]+\/)?[^/@][^/]*)\//.exec(input);
    sources.add(inPackage ? `${inPackage[1]}/package.json` : input);
  }
  return [...sources];
}

/**
 * Compiles the CLI into `dist/cli/` (run by `npm ci` as the `prepare` script, or `npm run build`), so
 * `churn-watch` starts without compiling TypeScript at every run. One chunk per command, loaded when that
 * command runs; packages stay in node_modules, but for the few in {@link COMPILED_IN}. `inputs.json` lists the
 * sources it was built from and when: bin/churn-watch.js runs the sources instead as soon as one of them is newer
 * than the build.
 */
export async function buildCli(
  root: string = projectRoot(),
  outdir: string = join(root, 'dist', 'cli'),
): Promise<{ outdir: string; inputs: number }> {
  // Built beside the old one and swapped in whole, so a CLI starting meanwhile never sees half a build.
  const staging = `${outdir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  const builtAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: { 'churn-watch-cli': 'bin/churn-watch-cli.ts' },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [packagesExceptCompiledIn],
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const inputs = sourcesOf(Object.keys(result.metafile.inputs));
  writeFileSync(join(staging, 'inputs.json'), `${JSON.stringify({ builtAt, inputs })}\n`);
  mkdirSync(dirname(outdir), { recursive: true });
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
  return { outdir, inputs: inputs.length };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const { outdir, inputs } = await buildCli();
  console.log(`churn-watch CLI compiled from ${inputs} sources into ${outdir}`);
}
