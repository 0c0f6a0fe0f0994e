import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { parseLocale } from '../../core/locale.ts';
import type { ActionDirectory } from '../../use-cases/follow-up/action-http.ts';
import { loadConfig } from './config-store.ts';
import type { TableNames } from './tables.ts';

/** What the action page reads besides the answers: the settings, the rep's language, the customer's name. */
export function dynamoActionDirectory(
  doc: DynamoDBDocumentClient,
  tables: Pick<TableNames, 'config' | 'reps' | 'customers' | 'alerts'>,
): ActionDirectory {
  return {
    config: async () => (await loadConfig(doc, tables.config)).config,
    async repLocale(repId) {
      const { Item } = await doc.send(new GetCommand({ TableName: tables.reps, Key: { repId } }));
      return typeof Item?.locale === 'string' ? parseLocale(Item.locale) : undefined;
    },
    async customerName(customerId) {
      const { Item } = await doc.send(new GetCommand({ TableName: tables.customers, Key: { customerId } }));
      if (typeof Item?.name === 'string' && Item.name.trim() !== '') return Item.name;
      // Read raw, not as an alert record: a record the evaluator could not read still names the shop.
      const alert = await doc.send(new GetCommand({ TableName: tables.alerts, Key: { customerId } }));
      const name = (alert.Item?.state as { facts?: { name?: unknown } } | null | undefined)?.facts?.name;
      return typeof name === 'string' && name.trim() !== '' ? name : null;
    },
  };
}
