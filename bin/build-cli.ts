import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../functions/entry-points/cli/project-root.ts';

/**
 * Compiles the CLI into `dist/cli/` (run by `npm ci` as the `prepare` script, or `npm run build`), so
 * `churn-watch` starts without compiling TypeScript at every run. One chunk per command, loaded when that
 * command runs; packages stay in node_modules. `inputs.json` lists the sources it was built from and when:
 * bin/churn-watch.js runs the sources instead as soon as one of them is newer than the build.
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
    packages: 'external',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs);
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
