import type { AttributeDefinition, KeySchemaElement } from '@aws-sdk/client-dynamodb';

/**
 * The tables and their keys. One table per kind of record keeps each access pattern a plain key lookup or
 * a query on one partition, lets IAM grant each function only the tables it touches, and lets a
 * distributor's admin read the data with the console without decoding composite keys.
 *
 * | table      | key                         | access patterns                                                  |
 * |------------|-----------------------------|------------------------------------------------------------------|
 * | orders     | orderId                     | ingest: BatchGet by id (duplicates, moves between customers), BatchWrite; rebuild: Scan |
 * | profiles   | customerId                  | ingest: BatchGet + BatchWrite the touched customers; evaluator: parallel Scan |
 * | customers  | customerId                  | ingest: BatchGet + BatchWrite; evaluator/digests: Scan or BatchGet |
 * | reps       | repId                       | ingest; notifier: Scan (a few dozen reps)                         |
 * | events     | customerId / kind#date#id   | visits, coupons, complaints; profile upkeep: Query a customer's complaints |
 * | config     | pk / sk                     | versioned thresholds (config#current, config#v000042)            |
 * | alerts     | customerId                  | alert state per customer (new / ongoing / escalated / recovered)  |
 * | deliveries | pk (repId#day#kind)         | outbox: one record per digest, conditional put before sending     |
 * | followups  | customerId / entry          | answers to warnings (answer#episode#action, conditional put) and the warning log (warning#episode) |
 */
export const TABLE_KINDS = [
  'orders',
  'profiles',
  'customers',
  'reps',
  'events',
  'config',
  'alerts',
  'deliveries',
  'followups',
] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

export interface TableKey {
  partitionKey: string;
  sortKey?: string;
}

export const TABLE_KEYS: Record<TableKind, TableKey> = {
  orders: { partitionKey: 'orderId' },
  profiles: { partitionKey: 'customerId' },
  customers: { partitionKey: 'customerId' },
  reps: { partitionKey: 'repId' },
  events: { partitionKey: 'customerId', sortKey: 'eventKey' },
  config: { partitionKey: 'pk', sortKey: 'sk' },
  alerts: { partitionKey: 'customerId' },
  deliveries: { partitionKey: 'pk' },
  followups: { partitionKey: 'customerId', sortKey: 'entry' },
};

export const DEFAULT_TABLE_PREFIX = 'churn-watch-';

export type TableNames = Record<TableKind, string>;

/** Table names from CHURN_WATCH_TABLE_PREFIX (default `churn-watch-`), e.g. `churn-watch-orders`. */
export function tableNames(
  prefix: string = process.env.CHURN_WATCH_TABLE_PREFIX ?? DEFAULT_TABLE_PREFIX,
): TableNames {
  return Object.fromEntries(TABLE_KINDS.map((kind) => [kind, `${prefix}${kind}`])) as TableNames;
}

export function keySchema(kind: TableKind): { keys: KeySchemaElement[]; attributes: AttributeDefinition[] } {
  const { partitionKey, sortKey } = TABLE_KEYS[kind];
  const keys: KeySchemaElement[] = [{ AttributeName: partitionKey, KeyType: 'HASH' }];
  const attributes: AttributeDefinition[] = [{ AttributeName: partitionKey, AttributeType: 'S' }];
  if (sortKey) {
    keys.push({ AttributeName: sortKey, KeyType: 'RANGE' });
    attributes.push({ AttributeName: sortKey, AttributeType: 'S' });
  }
  return { keys, attributes };
}
