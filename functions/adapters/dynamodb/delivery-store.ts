import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  BrokenChannel,
  ChannelHealthStore,
  DeliveryRecord,
  DeliveryStore,
  DeliverySummary,
} from '../../use-cases/notify/outbox.ts';
import { isConditionFailure } from './conditions.ts';
import { type ScanOptions, scanItems } from './scan.ts';

/** Channel-health items share the table under `channel#…` keys; deliveries are everything else. */
const isDelivery = (item: Record<string, unknown>): boolean =>
  typeof item.pk === 'string' && !item.pk.startsWith('channel#');

/** The outbox in the deliveries table: conditional puts so each record is created and advanced once. */
export function dynamoDeliveryStore(doc: DynamoDBDocumentClient, table: string): DeliveryStore {
  return {
    async create(record) {
      try {
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: record,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { created: true, record };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const existing = await this.get(record.pk);
        if (!existing) throw error;
        return { created: false, record: existing };
      }
    },
    async get(pk) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: table, Key: { pk }, ConsistentRead: true }),
      );
      return Item ? fromItem(Item) : null;
    },
    async update(record, expectedVersion) {
      try {
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: record,
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async list(filter = {}) {
      const records: DeliveryRecord[] = [];
      const byStatus: ScanOptions = filter.statuses
        ? {
            FilterExpression: `#status IN (${filter.statuses.map((_, i) => `:s${i}`).join(', ')})`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: Object.fromEntries(
              filter.statuses.map((status, i) => [`:s${i}`, status]),
            ),
          }
        : {};
      for await (const item of scanItems(doc, table, undefined, { ConsistentRead: true, ...byStatus })) {
        if (!isDelivery(item)) continue;
        const record = item as unknown as DeliveryRecord;
        if (filter.day !== undefined && record.day !== filter.day) continue;
        records.push(record);
      }
      return records.sort((a, b) => (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0));
    },
    async listSummaries(sinceDay) {
      const summaries: DeliverySummary[] = [];
      // The bodies (tens of kilobytes each) stay on the server: only the bookkeeping is needed here.
      const options: ScanOptions = {
        ConsistentRead: true,
        FilterExpression: '#day >= :since',
        ProjectionExpression: SUMMARY_ATTRIBUTES.map((_, i) => `#a${i}`).join(', '),
        ExpressionAttributeNames: {
          '#day': 'day',
          ...Object.fromEntries(SUMMARY_ATTRIBUTES.map((name, i) => [`#a${i}`, name])),
        },
        ExpressionAttributeValues: { ':since': sinceDay },
      };
      for await (const item of scanItems(doc, table, undefined, options)) {
        if (isDelivery(item)) summaries.push(item as unknown as DeliverySummary);
      }
      return summaries;
    },
  };
}

const SUMMARY_ATTRIBUTES = [
  'pk',
  'kind',
  'recipientId',
  'subjectRepId',
  'day',
  'channel',
  'to',
  'status',
  'customerKeys',
  'deferredKeys',
  'partsSent',
  'attempts',
  'problems',
  'lastError',
  'createdAt',
  'updatedAt',
  'version',
] as const;

/** Binary attributes come back as Uint8Array; everything else is as written. */
function fromItem(item: Record<string, unknown>): DeliveryRecord {
  return item as unknown as DeliveryRecord;
}

/** Broken WeCom robots, kept next to the deliveries they affected under `channel#<repId>`. */
export function dynamoChannelHealthStore(doc: DynamoDBDocumentClient, table: string): ChannelHealthStore {
  return {
    async brokenChannel(repId) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: table, Key: { pk: `channel#${repId}` }, ConsistentRead: true }),
      );
      return Item ? (Item as unknown as BrokenChannel) : null;
    },
    async markBroken(channel) {
      await doc.send(
        new PutCommand({ TableName: table, Item: { pk: `channel#${channel.repId}`, ...channel } }),
      );
    },
  };
}
