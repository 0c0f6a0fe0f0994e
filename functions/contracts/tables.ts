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
 * | deliveries | pk (kind#recipient#day)     | outbox: one record per digest, conditional put before sending     |
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
  prefix: string = process.env[TABLE_PREFIX_ENV] ?? DEFAULT_TABLE_PREFIX,
): TableNames {
  return Object.fromEntries(TABLE_KINDS.map((kind) => [kind, `${prefix}${kind}`])) as TableNames;
}

/** Set on every function by the stack: the prefix of the stage's table names. */
export const TABLE_PREFIX_ENV = 'CHURN_WATCH_TABLE_PREFIX';

/** The config table's item holding the current settings (the versions sit beside it). */
export const CURRENT_CONFIG_KEY = { pk: 'config', sk: 'current' } as const;
/** The config table's partition of stored risk models (`model` / `risk#YYYY-MM-DD`). */
export const RISK_MODEL_PK = 'model';
/** The config table's item that serializes writes to the WeCom webhook secret (ingest may touch no other). */
export const WEBHOOK_LEASE_KEY = { pk: 'lock', sk: 'wecom-webhooks' } as const;
