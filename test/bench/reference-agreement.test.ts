import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAgreement, pythonMissing } from './reference-agreement.ts';

// The bench times `churn-watch evaluate` against the plain Python reference; the ratio only means something
// while both compute the same. Not every CI machine has Python 3.11: there the check is skipped, and says so.
const missing = pythonMissing();
if (missing) console.warn(`Skipping the Python reference agreement: ${missing}`);

const sample = join(import.meta.dirname, '..', 'fixtures', 'sample-small');

describe.skipIf(missing !== null)(
  'the Python reference evaluation (test/bench/reference-evaluate.py)',
  () => {
    // Two days: the sample's last day, and one in spring with other customers lapsing, declining and lost.
    it.each(['2026-11-20', '2026-03-15'])(
      'says what churn-watch evaluate (rules only) says about every customer of the sample as of %s',
      (asOf) => {
        // Prepare
        const files = {
          orders: join(sample, 'orders.csv'),
          visits: join(sample, 'visits.csv'),
          complaints: join(sample, 'complaints.csv'),
          asOf,
        };

        // Act
        const agreement = checkAgreement(files);

        // Assess
        expect(agreement.differences).toEqual([]);
        expect(agreement.agreeing).toBe(agreement.customers);
        expect(agreement.customers).toBeGreaterThan(150);
        expect(agreement.atRiskCli).toBeGreaterThan(0);
      },
      // Two processes on the 19k-line sample; the CLI may compile its sources first when dist/cli is stale.
      120_000,
    );
  },
);
