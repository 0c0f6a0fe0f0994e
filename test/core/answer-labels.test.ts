import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import { type Day, formatDay } from '../../functions/core/days.ts';
import { closedShops, fitRiskModel } from '../../functions/core/learned/fit.ts';
import { lapsedWithin, snapshotsFromProfiles } from '../../functions/core/learned/snapshots.ts';
import { buildProfiles, type CustomerProfile } from '../../functions/core/profile.ts';
import { trainingAsOfDays } from '../../functions/core/risk-training-days.ts';
import { shopLines } from '../support/shops.ts';
import { day } from './helpers.ts';

/**
 * Reps' "shop closed" answers as labels for the learned risk: certain lapses from the day answered, and never
 * used for a training day before that answer (the model must not learn what its day could not see).
 */
const from = day('2025-01-01');
const end = day('2026-06-30');
const profiles: CustomerProfile[] = [
  ...buildProfiles(shopLines(300, from, end), {}, { asOf: end, retentionDays: 3650 }).profiles.values(),
];
const options = { config: DEFAULT_CONFIG, horizonDays: 90, knownThrough: end };
const snapshotDay = end - 120;

/** A shop that kept ordering through the horizon after `snapshotDay`: its label from orders is "stayed". */
const stayer = profiles.find((profile) => !lapsedWithin(profile, snapshotDay, 90));
if (!stayer) throw new Error('the shops must include one that kept ordering');

const labelOf = (closedOn: ReadonlyMap<string, Day> | undefined, asOf: Day): boolean | undefined => {
  const snapshot = snapshotsFromProfiles(profiles, { ...options, ...(closedOn ? { closedOn } : {}) })(asOf);
  return snapshot.labels?.[snapshot.customerIds.indexOf(stayer.customerId)];
};

describe('closed shops as labels', () => {
  it('labels a shop answered closed on or before the snapshot’s day as lapsed, whatever its orders say', () => {
    expect(labelOf(undefined, snapshotDay)).toBe(false);
    expect(labelOf(new Map([[stayer.customerId, snapshotDay]]), snapshotDay)).toBe(true);
    expect(labelOf(new Map([[stayer.customerId, snapshotDay - 5]]), snapshotDay)).toBe(true);
  });

  it('does not use an answer dated after the snapshot’s day for it (no leakage)', () => {
    // The shop was answered closed a day after the snapshot: that day could not know it.
    expect(labelOf(new Map([[stayer.customerId, snapshotDay + 1]]), snapshotDay)).toBe(false);
  });

  it('fits the same model when the only answers came after every training day', () => {
    // Prepare: the training days of a fit as of `end` are end − 90 and end − 118
    const trainingDays = trainingAsOfDays(end, { horizonDays: 90, stepDays: 28, snapshots: 2 });
    const after = Math.max(...trainingDays) + 1;
    // Act
    const plain = fitRiskModel(profiles, DEFAULT_CONFIG, end);
    const withLateAnswer = fitRiskModel(profiles, DEFAULT_CONFIG, end, null, {
      closedOn: new Map([[stayer.customerId, after]]),
    });
    const withEarlyAnswer = fitRiskModel(profiles, DEFAULT_CONFIG, end, null, {
      closedOn: new Map([[stayer.customerId, Math.min(...trainingDays)]]),
    });
    // Assess
    expect(plain.source).toBe('learned');
    expect(withLateAnswer).toEqual(plain);
    expect(withEarlyAnswer.lapsed).toBe(plain.lapsed + 2);
    expect(withEarlyAnswer.weights).not.toEqual(plain.weights);
  });

  it('takes each shop’s first "closed" answer up to the fit’s day, and nothing else', () => {
    // Act
    const closed = closedShops(
      [
        { customerId: 'A', action: 'closed', day: '2026-05-02' },
        { customerId: 'A', action: 'closed', day: '2026-05-01' },
        { customerId: 'B', action: 'not_real', day: '2026-05-01' },
        { customerId: 'C', action: 'closed', day: formatDay(end + 1) }, // after the fit's day
        { customerId: 'D', action: 'closed', day: 'someday' },
      ],
      end,
    );
    // Assess
    expect([...closed]).toEqual([['A', day('2026-05-01')]]);
  });
});
