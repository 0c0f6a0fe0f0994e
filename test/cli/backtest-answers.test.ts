import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from './run-cli.ts';

const sample = (name: string) => fixture(`sample-small/${name}`);

/** Every file of the sample distributor, as of a day with a whole 90-day horizon after it. */
const SAMPLE_FLAGS = [
  '--orders',
  sample('orders.csv'),
  '--customers',
  sample('customers.csv'),
  '--visits',
  sample('visits.csv'),
  '--coupons',
  sample('coupons.csv'),
  '--complaints',
  sample('complaints.csv'),
  '--as-of',
  '2026-08-22',
  '--horizon',
  '90',
];

describe('churn-watch backtest without --answers', () => {
  // The outputs were written by backtest before it could read answers: an admin's scripts and saved reports
  // must read exactly the same without the new flag.
  it('prints the report byte for byte as before', async () => {
    const run = await runCli('backtest', ...SAMPLE_FLAGS);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(sample('backtest-2026-08-22.txt'), 'utf8'));
  });

  it('prints the JSON byte for byte as before', async () => {
    const run = await runCli('backtest', ...SAMPLE_FLAGS, '--format', 'json');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(sample('backtest-2026-08-22.json'), 'utf8'));
  });
});
