import { main } from '../../../bin/churn-watch-cli.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, as a user's shell would see it. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

export const fixture = (path: string): string => new URL(`../../fixtures/${path}`, import.meta.url).pathname;

/** A file of the small sample distributor (test/fixtures/sample-small). */
export const sample = (name: string): string => fixture(`sample-small/${name}`);

/** Every file of the sample distributor as CLI flags, as of `asOf`. */
export const sampleFlags = (asOf: string): string[] => [
  ...['orders', 'customers', 'visits', 'coupons', 'complaints'].flatMap((kind) => [
    `--${kind}`,
    sample(`${kind}.csv`),
  ]),
  '--as-of',
  asOf,
];
