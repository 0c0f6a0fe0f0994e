import { describe, expect, it } from 'vitest';
import { type AlertRecord, QUIET_DAY } from '../../../functions/core/alerts.ts';
import { type SnoozeStore, snoozeWarning } from '../../../functions/use-cases/follow-up/snooze-warning.ts';

/** An admin's snooze through its store port, on an in-memory store: no DynamoDB needed. */

function memoryStore(records: AlertRecord[]): SnoozeStore & { records: Map<string, AlertRecord> } {
  const stored = new Map(records.map((record) => [record.customerId, record]));
  return {
    records: stored,
    alert: async (customerId) => stored.get(customerId) ?? null,
    replace: async (record) => {
      stored.set(record.customerId, record);
    },
  };
}

const record = (snoozeUntil?: string | null): AlertRecord => ({
  customerId: 'C001',
  day: '2026-11-30',
  before: null,
  state: null,
  outcome: QUIET_DAY,
  ...(snoozeUntil === undefined ? {} : { snoozeUntil }),
});

describe('snoozing a warning', () => {
  it('pauses the reminders until a day, and clears the pause, keeping the rest of the record', async () => {
    // Prepare
    const store = memoryStore([record()]);
    // Act
    const paused = await snoozeWarning('C001', '2026-12-31', store);
    const afterPause = store.records.get('C001');
    const cleared = await snoozeWarning('C001', null, store);
    // Assess
    expect(paused).toBe('snoozed');
    expect(afterPause).toEqual({ ...record(), snoozeUntil: '2026-12-31' });
    expect(cleared).toBe('snoozed');
    expect(store.records.get('C001')).toEqual({ ...record(), snoozeUntil: null });
  });

  it('writes nothing for a customer that was never at risk', async () => {
    // Prepare
    const store = memoryStore([]);
    // Act
    const result = await snoozeWarning('C404', '2026-12-31', store);
    // Assess
    expect(result).toBe('no_alert');
    expect(store.records.size).toBe(0);
  });
});
