import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlertRecord } from '../../core/alerts.ts';
import { alertFromItem, CorruptAlertError } from './alert-item.ts';
import { batchGetAll, inStreams } from './batch.ts';

/**
 * The alert records of these customers, read by key (a customer without one costs half a read unit). A
 * record that cannot be read (a hand edit, an older version) is named in `unreadable`, and its customer
 * starts afresh.
 */
export async function readAlertsOf(
  doc: DynamoDBDocumentClient,
  table: string,
  customerIds: readonly string[],
): Promise<{ alerts: Map<string, AlertRecord>; unreadable: string[] }> {
  const chunks = await inStreams(customerIds, (ids) =>
    batchGetAll(
      doc,
      table,
      ids.map((customerId) => ({ customerId })),
    ),
  );
  const alerts = new Map<string, AlertRecord>();
  const unreadable: string[] = [];
  for (const item of chunks.flat()) {
    try {
      const record = alertFromItem(item);
      alerts.set(record.customerId, record);
    } catch (error) {
      if (!(error instanceof CorruptAlertError)) throw error;
      unreadable.push(String(item.customerId));
    }
  }
  return { alerts, unreadable: unreadable.sort() };
}
