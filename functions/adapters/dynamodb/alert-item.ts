import * as z from 'zod';
import type { AlertRecord } from '../../core/alerts.ts';

/**
 * An alert record as one item of the alerts table, keyed by customer id. The record is our own writing, so
 * the check is about shape (a hand edit in the console, an item from an older version), not about values.
 */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const stateSchema = z.looseObject({
  customerId: z.string(),
  repId: z.string().nullable(),
  open: z.boolean(),
  firstSeenDate: isoDay,
  lastNotifiedDate: isoDay.nullable(),
  notifiedRules: z.array(z.string()),
  snoozeUntil: isoDay.nullable(),
  facts: z.looseObject({ tier: z.string(), findings: z.array(z.looseObject({ rule: z.string() })) }),
});

const recordSchema = z.object({
  customerId: z.string(),
  day: isoDay,
  before: stateSchema.omit({ facts: true }).nullable(),
  state: stateSchema.nullable(),
  outcome: z.looseObject({ section: z.string().nullable(), escalateToManager: z.boolean() }),
  closed: z.object({ day: isoDay, repId: z.string() }).nullish(),
});

export class CorruptAlertError extends Error {
  override readonly name = 'CorruptAlertError';
}

export function alertToItem(record: AlertRecord): Record<string, unknown> {
  return { ...record };
}

export function alertFromItem(item: Record<string, unknown>): AlertRecord {
  const parsed = recordSchema.safeParse(item);
  if (!parsed.success) {
    throw new CorruptAlertError(
      `alert item of customer ${String(item.customerId)} is not an alert record: ${parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return item as unknown as AlertRecord;
}
