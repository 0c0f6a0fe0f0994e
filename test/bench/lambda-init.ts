// The Lambda section of `npm run bench`: every function's deployment package against 500 KB (bundle-sizes.ts,
// the same synthesis `npm run bundle-sizes` does), and the part of its cold start that is ours: loading the
// bundled handler module (parsing it, the SDK clients and schemas made at the top level), timed as
// `node -e "await import(handler)"` against `node -e 0`, median of several pairs. Lambda's own runtime start
// and the download of the zip come on top and are not measured here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seconds, target } from './bench-report.ts';
import {
  type Measured,
  printReports,
  readContext,
  synthesizeAndMeasure,
  TARGET_BYTES,
  TARGET_KB,
} from './bundle-sizes.ts';
import { type Command, pairedTimes } from './command-timing.ts';

const ms = (value: number) => `${value.toFixed(0)} ms`;

/** The environment Lambda gives the function: the template's variables and the runtime's own. */
function lambdaEnvironment(fn: Measured): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: fn.logicalId,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...fn.environment,
  };
}

export function benchLambdas(pairs: number): void {
  const outdir = mkdtempSync(join(tmpdir(), 'churn-watch-bench-bundles-'));
  try {
    const [reports, synthMs] = timedSync(() => synthesizeAndMeasure(outdir, readContext([])));
    printReports(reports);
    const measured = reports.filter((report): report is Measured => report.kind === 'measured');
    const largest = measured.reduce<Measured | undefined>(
      (top, report) => (top === undefined || report.zipBytes > top.zipBytes ? report : top),
      undefined,
    );
    if (largest) {
      console.log(
        `\nlargest deployment package: ${largest.name}, ${target('largest Lambda zip', largest.zipBytes / 1024, TARGET_KB, { digits: 1, unit: ' KB' })}` +
          ` (${measured.filter((report) => report.zipBytes > TARGET_BYTES).length} of ${measured.length} over; synthesized in ${seconds(synthMs)} s)`,
      );
    }
    console.log(
      `\nhandler module load (node -e "await import(index.mjs)" ÷ node -e 0, median of ${pairs} pairs, with the function's environment):`,
    );
    const bare: Command = { label: 'node -e 0', command: process.execPath, args: ['-e', '0'] };
    for (const fn of measured) {
      const load: Command = {
        label: fn.name,
        command: process.execPath,
        args: [
          '--input-type=module',
          '-e',
          'await import(process.argv[1])',
          pathToFileURL(join(fn.dir, fn.codeFile)).href,
        ],
        env: lambdaEnvironment(fn),
      };
      try {
        const times = pairedTimes(load, bare, pairs);
        console.log(
          `  ${fn.name}: ${ms(times.aMs)} against ${ms(times.bMs)}, ${ms(times.medianDifferenceMs)} of module load (median of the pairs' differences); ratio ${times.medianRatio.toFixed(2)}`,
        );
      } catch (error) {
        const message = (error as Error).message.split('\n');
        console.log(
          `  ${fn.name}: the module did not load: ${message.find((line) => /Error/.test(line)) ?? message[0]}`,
        );
        process.exitCode = 1;
      }
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function timedSync<T>(run: () => T): [T, number] {
  const started = performance.now();
  return [run(), performance.now() - started];
}
