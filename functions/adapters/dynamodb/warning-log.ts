import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { TIERS } from '../../core/config.ts';
import type { WarningLogEntry } from '../../core/warning-log.ts';
import type { WarningLogChange } from '../../core/warning-log.ts';
import { batchDeleteAll, batchGetAll, batchPutAll, inStreams } from './batch.ts';
import { scanItems } from './scan.ts';

/**
 * The warning log in the followups table, one item per customer and episode (`entry = warning#<episode>`),
 * next to the answers to it (answer-store.ts). Written by the daily evaluator, read by the effect report.
 */

export const WARNING_PREFIX = 'warning#';

export const warningEntry = (episode: string): string => `${WARNING_PREFIX}${episode}`;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const entrySchema = z.object({
  customerId: z.string(),
  episode: isoDay,
  warnedDay: isoDay,
  repId: z.string().nullable(),
  tier: z.enum(TIERS),
  risk: z.number().min(0).max(1),
  rules: z.array(z.string()),
  endedDate: isoDay.nullable(),
  endedReason: z.enum(['recovered', 'cleared', 'lost']).nullable(),
});

const itemOf = (entry: WarningLogEntry): Record<string, unknown> => ({
  ...entry,
  entry: warningEntry(entry.episode),
});

function entryOf(item: Record<string, unknown>): WarningLogEntry | null {
  const parsed = entrySchema.safeParse(item);
  return parsed.success ? (parsed.data as WarningLogEntry) : null;
}

/**
 * Applies a day's log changes in batches. A start is a whole entry (written again as it is on a re-run);
 * ending or reopening an entry reads it first, and leaves alone an episode with no entry (one that began
 * before the log existed, or without a rep to tell). Nothing is read or written when there is no change.
 */
export async function applyWarningLogChanges(
  doc: DynamoDBDocumentClient,
  table: string,
  changes: readonly WarningLogChange[],
): Promise<{ written: number; deleted: number }> {
  if (changes.length === 0) return { written: 0, deleted: 0 };
  const key = (customerId: string, episode: string) => `${customerId}\u0000${episode}`;
  const puts = new Map<string, WarningLogEntry>();
  const deletes = new Map<string, { customerId: string; entry: string }>();
  const amend = changes.filter((change) => change.kind === 'end' || change.kind === 'reopen');
  const existing = new Map<string, WarningLogEntry>();
  if (amend.length > 0) {
    const unique = new Map(amend.map((change) => [key(change.customerId, change.episode), change]));
    const items = await batchGetAll(
      doc,
      table,
      [...unique.values()].map((change) => ({
        customerId: change.customerId,
        entry: warningEntry(change.episode),
      })),
      { streams: 4 },
    );
    for (const item of items) {
      const entry = entryOf(item);
      if (entry) existing.set(key(entry.customerId, entry.episode), entry);
    }
  }
  for (const change of changes) {
    if (change.kind === 'start') {
      const k = key(change.entry.customerId, change.entry.episode);
      puts.set(k, change.entry);
      deletes.delete(k);
      continue;
    }
    const k = key(change.customerId, change.episode);
    if (change.kind === 'drop') {
      puts.delete(k);
      deletes.set(k, { customerId: change.customerId, entry: warningEntry(change.episode) });
      continue;
    }
    const entry = puts.get(k) ?? existing.get(k);
    if (!entry) continue;
    puts.set(
      k,
      change.kind === 'end'
        ? { ...entry, endedDate: change.endedDate, endedReason: change.endedReason }
        : { ...entry, endedDate: null, endedReason: null },
    );
  }
  // Over a few concurrent streams, as the alert records are: a first day warns many customers at once.
  await inStreams([...puts.values()].map(itemOf), (items) => batchPutAll(doc, table, items));
  await batchDeleteAll(doc, table, [...deletes.values()]);
  return { written: puts.size, deleted: deletes.size };
}

/**
 * The warnings given from `fromDay` to `toDay` (inclusive, `YYYY-MM-DD`; null: open-ended), oldest first. A
 * scan filtered on the server: the log holds a few items per warned customer. Items that do not read as
 * entries (a hand edit) are left out.
 */
export async function readWarningLog(
  doc: DynamoDBDocumentClient,
  table: string,
  fromDay: string | null,
  toDay: string | null,
): Promise<WarningLogEntry[]> {
  const conditions = ['begins_with(entry, :p)'];
  const values: Record<string, string> = { ':p': WARNING_PREFIX };
  if (fromDay !== null) {
    conditions.push('warnedDay >= :from');
    values[':from'] = fromDay;
  }
  if (toDay !== null) {
    conditions.push('warnedDay <= :to');
    values[':to'] = toDay;
  }
  const entries: WarningLogEntry[] = [];
  for await (const item of scanItems(doc, table, undefined, {
    FilterExpression: conditions.join(' AND '),
    ExpressionAttributeValues: values,
  })) {
    const entry = entryOf(item);
    if (entry) entries.push(entry);
  }
  return entries.sort(
    (a, b) => a.warnedDay.localeCompare(b.warnedDay) || a.customerId.localeCompare(b.customerId),
  );
}

/** The first warning day in the log, or null for an empty log: when the product started warning. */
export async function firstWarningDay(doc: DynamoDBDocumentClient, table: string): Promise<string | null> {
  let first: string | null = null;
  for await (const item of scanItems(doc, table, undefined, {
    FilterExpression: 'begins_with(entry, :p)',
    ExpressionAttributeValues: { ':p': WARNING_PREFIX },
    ProjectionExpression: 'warnedDay',
  })) {
    const day = item.warnedDay;
    if (typeof day === 'string' && (first === null || day < first)) first = day;
  }
  return first;
}
