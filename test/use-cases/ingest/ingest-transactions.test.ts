import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { profileFromItem } from '../../../functions/adapters/dynamodb/profile-item.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import type { IngestDeps } from '../../../functions/use-cases/ingest/ingest-deps.ts';
import { createIngestHandler } from '../../../functions/use-cases/ingest/ingest-http.ts';
import { ingestOrders } from '../../../functions/use-cases/ingest/ingest-orders.ts';
import { forgetWrittenProfiles } from '../../../functions/use-cases/ingest/profile-upkeep.ts';
import { type LocalDynamo, startLocalDynamo, tablesWritten } from './dynalite.ts';
import { dynamoIngestStore } from '../../../functions/adapters/dynamodb/ingest-store.ts';

// Orders and profiles are written in transactions: what happens when one is cancelled.

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

const depsFor = (tables: TableNames, doc = dynamo.doc): IngestDeps => ({
  store: dynamoIngestStore(doc, tables),
  timeZone: 'Asia/Shanghai',
  retentionDays: 400,
  locale: 'en',
});

const order = (orderId: string, customerId: string, amount = 10) => ({
  orderId,
  customerId,
  orderDate: '2026-11-02',
  amount,
});

async function scan(table: string) {
  const { Items = [] } = await dynamo.doc.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  return Items;
}

/** Every stored order, and every profile's orders, as `customer:order:net` lines to compare. */
async function ordersAndProfiles(tables: TableNames) {
  const orders = (await scan(tables.orders))
    .map((item) => `${item.customerId}:${item.orderId}:${item.net}`)
    .sort();
  const profiled = (await scan(tables.profiles))
    .map(profileFromItem)
    .flatMap((profile) =>
      profile.orders.ids.map((id, i) => `${profile.customerId}:${id}:${profile.orders.nets[i]}`),
    )
    .sort();
  return { orders, profiled };
}

type Command = Parameters<typeof tablesWritten>[0] & { input: Record<string, unknown> };

/** A client that runs `before` ahead of the first `times` writes to `table` (alone or in a transaction). */
function beforeWrites(
  table: string,
  before: (command: Command) => Promise<void>,
  times = 1,
  doc = dynamo.doc,
): DynamoDBDocumentClient & { writes: Command[] } {
  let left = times;
  const writes: Command[] = [];
  return new Proxy(doc, {
    get(target, property, receiver) {
      if (property === 'writes') return writes;
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: Command) => {
        if (tablesWritten(command).includes(table)) {
          writes.push(command);
          if (left-- > 0) await before(command);
        }
        return target.send(command as never);
      };
    },
  }) as DynamoDBDocumentClient & { writes: Command[] };
}

/** What DynamoDB answers a transaction that met another one on the same items. */
function conflict(command: Command): Error {
  const items = (command.input.TransactItems as unknown[] | undefined) ?? [command.input];
  return Object.assign(
    new Error(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
    ),
    {
      name: 'TransactionCanceledException',
      CancellationReasons: items.map((_, i) => ({ Code: i === 0 ? 'TransactionConflict' : 'None' })),
    },
  );
}

/** A client whose first `times` transactions on `table` meet a conflicting transaction and are cancelled. */
function conflicting(table: string, times: number): DynamoDBDocumentClient {
  let left = times;
  return new Proxy(dynamo.doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: Command) => {
        if (
          command.constructor.name === 'TransactWriteCommand' &&
          tablesWritten(command).includes(table) &&
          left-- > 0
        ) {
          throw conflict(command);
        }
        return target.send(command as never);
      };
    },
  });
}

describe('an order transaction cancelled by another request', () => {
  it('counts an order the other request stored the same way once, as already stored', async () => {
    // Prepare: just before this request's orders go in, another request stores one of them as it is
    const tables = await dynamo.freshTables();
    const batch = [order('X', 'A'), order('Y', 'A', 20), order('Z', 'B', 30)];
    const doc = beforeWrites(tables.orders, async () => {
      const other = await ingestOrders([order('Y', 'A', 20)], depsFor(tables));
      expect(other.accepted).toBe(1);
    });

    // Act
    const result = await ingestOrders(batch, depsFor(tables, doc));

    // Assess: X and Z stored by this request, Y counted once in all (by the other), nothing lost
    expect(result).toMatchObject({ accepted: 2, duplicates: 1, rejected: [] });
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(orders).toEqual(['A:X:1000', 'A:Y:2000', 'B:Z:3000']);
    expect(profiled).toEqual(orders);
  });

  it('takes an order moved meanwhile from the customer that held it last, not from the one first read', async () => {
    // Prepare: X was C's; this request reads that, then another request moves X to B before the write
    const tables = await dynamo.freshTables();
    await ingestOrders([order('X', 'C')], depsFor(tables));
    const doc = beforeWrites(tables.orders, async () => {
      await ingestOrders([order('X', 'B')], depsFor(tables));
    });

    // Act: this request moves X to A
    const result = await ingestOrders([order('X', 'A'), order('W', 'A')], depsFor(tables, doc));

    // Assess: X is A's alone; B, which held it when this request wrote it, lost it too
    expect(result).toMatchObject({ accepted: 2, duplicates: 0 });
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(orders).toEqual(['A:W:1000', 'A:X:1000']);
    expect(profiled).toEqual(orders);
    // The refused transaction was sent again: with X on B's version, and W as it was
    expect(doc.writes.filter((write) => tablesWritten(write).includes(tables.orders))).toHaveLength(2);
  });

  it('is sent again after a transaction conflict, and each order is counted once', async () => {
    const tables = await dynamo.freshTables();
    const batch = Array.from({ length: 150 }, (_, i) => order(`O${i}`, `C${i % 30}`, 1 + i));
    const result = await ingestOrders(batch, depsFor(tables, conflicting(tables.orders, 3)));
    expect(result).toMatchObject({ accepted: 150, duplicates: 0, rejected: [] });
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(orders).toHaveLength(150);
    expect(profiled).toEqual(orders);
  });

  it('answers 503 with Retry-After when conflicts outlast every attempt, and the batch sent again finishes', async () => {
    // Prepare
    const tables = await dynamo.freshTables();
    const post = (doc: DynamoDBDocumentClient) =>
      createIngestHandler((locale) => ({ ...depsFor(tables, doc), locale }))({
        httpMethod: 'POST',
        pathParameters: { kind: 'orders' },
        headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
        body: JSON.stringify({ records: [order('P1', 'C1'), order('P2', 'C2')] }),
      });

    // Act
    const gaveUp = await post(conflicting(tables.orders, 1000));
    const retry = await post(dynamo.doc);

    // Assess
    expect(gaveUp.statusCode).toBe(503);
    expect(gaveUp.headers['retry-after']).toBe('2');
    expect(JSON.parse(gaveUp.body).message).toBe(
      '订单 P1 正被其他请求同时修改，本批次尚未完成；请 2 秒后重新发送（不会重复计算）',
    );
    expect(JSON.parse(retry.body)).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(profiled).toEqual(orders);
  }, 60_000);
});

describe('a profile transaction cancelled by another request', () => {
  it('re-reads and re-applies only the profile another request changed, and sends the others again', async () => {
    // Prepare: five customers with profiles; just before this request's profiles go in, another request
    // changes C2's
    const tables = await dynamo.freshTables();
    await ingestOrders(
      Array.from({ length: 5 }, (_, i) => order(`P${i}`, `C${i}`)),
      depsFor(tables),
    );
    const doc = beforeWrites(tables.profiles, async () => {
      await dynamo.doc.send(
        new UpdateCommand({
          TableName: tables.profiles,
          Key: { customerId: 'C2' },
          UpdateExpression: 'ADD version :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
    });

    // Act
    const result = await ingestOrders(
      Array.from({ length: 5 }, (_, i) => order(`Q${i}`, `C${i}`, 20)),
      depsFor(tables, doc),
    );

    // Assess: every profile has both its orders; the first write was refused over C2, the second one
    // carried all five again (the four not tried as they were, C2 re-applied to its new version)
    expect(result.accepted).toBe(5);
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(orders).toHaveLength(10);
    expect(profiled).toEqual(orders);
    const items = (write: Command) => (write.input.TransactItems as unknown[] | undefined)?.length ?? 1;
    expect(doc.writes.map(items)).toEqual([5, 5]);
  });

  it('is sent again after a transaction conflict', async () => {
    const tables = await dynamo.freshTables();
    const batch = Array.from({ length: 60 }, (_, i) => order(`O${i}`, `C${i % 30}`, 1 + i));
    const result = await ingestOrders(batch, depsFor(tables, conflicting(tables.profiles, 3)));
    expect(result.accepted).toBe(60);
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(profiled).toEqual(orders);
  });
});

describe('the profiles of a batch', () => {
  /** A client that counts, per table, the keys its BatchGetItem requests ask for and the writes it sends. */
  function counting(tables: TableNames) {
    const keysRead = new Map<string, number>();
    const writes: Command[] = [];
    const doc = new Proxy(dynamo.doc, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: Command) => {
          if (command.constructor.name === 'BatchGetCommand') {
            const requested = command.input.RequestItems as Record<string, { Keys: unknown[] }>;
            for (const [table, { Keys }] of Object.entries(requested)) {
              keysRead.set(table, (keysRead.get(table) ?? 0) + Keys.length);
            }
          }
          if (tablesWritten(command).includes(tables.profiles)) writes.push(command);
          return target.send(command as never);
        };
      },
    });
    return { doc, profilesRead: () => keysRead.get(tables.profiles) ?? 0, profileWrites: writes };
  }

  it('are read once each and put together, 100 to a transaction', async () => {
    // Prepare: 60 customers with a profile each (written by another process: this one knows none of them),
    // then a batch of two more orders for each of them
    const tables = await dynamo.freshTables();
    await ingestOrders(
      Array.from({ length: 60 }, (_, i) => order(`P${i}`, `C${i}`)),
      depsFor(tables),
    );
    forgetWrittenProfiles(tables.profiles);
    const { doc, profilesRead, profileWrites } = counting(tables);

    // Act
    const result = await ingestOrders(
      Array.from({ length: 120 }, (_, i) => order(`Q${i}`, `C${i % 60}`, 20)),
      depsFor(tables, doc),
    );

    // Assess: one read of each profile (not one for the size check and another for the upkeep), one
    // transaction for all 60 profiles, and every profile holds its three orders
    expect(result).toMatchObject({ accepted: 120, duplicates: 0, rejected: [] });
    expect(profilesRead()).toBe(60);
    expect(profileWrites.map((write) => (write.input.TransactItems as unknown[]).length)).toEqual([60]);
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(orders).toHaveLength(180);
    expect(profiled).toEqual(orders);
  });

  it('are not read back where this process wrote them last, as batches in date order name them again', async () => {
    // Prepare: a day's orders for 60 customers, then the next day's for the same customers
    const tables = await dynamo.freshTables();
    await ingestOrders(
      Array.from({ length: 60 }, (_, i) => order(`P${i}`, `C${i}`)),
      depsFor(tables),
    );
    const { doc, profilesRead } = counting(tables);

    // Act
    const result = await ingestOrders(
      Array.from({ length: 60 }, (_, i) => order(`Q${i}`, `C${i}`, 20)),
      depsFor(tables, doc),
    );

    // Assess: no profile read, and every profile holds both orders, as the orders table does
    expect(result).toMatchObject({ accepted: 60, duplicates: 0, rejected: [] });
    expect(profilesRead()).toBe(0);
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(orders).toHaveLength(120);
    expect(profiled).toEqual(orders);
  });

  it('are read again where another process wrote them since this one did, and keep its orders', async () => {
    // Prepare: this process stores W for A; another process (its own module state) then stores Y for A
    const tables = await dynamo.freshTables();
    await ingestOrders([order('W', 'A')], depsFor(tables));
    vi.resetModules();
    const other = await import('../../../functions/use-cases/ingest/ingest-orders.ts');
    expect(other.ingestOrders).not.toBe(ingestOrders);
    await other.ingestOrders([order('Y', 'A', 30)], depsFor(tables));
    const { doc, profilesRead } = counting(tables);

    // Act: this process, remembering A's profile as it wrote it (W only), stores X for A
    const result = await ingestOrders([order('X', 'A', 20)], depsFor(tables, doc));

    // Assess: its put of the profile it remembered was refused; it read A's profile and kept Y
    expect(result).toMatchObject({ accepted: 1, duplicates: 0, rejected: [] });
    expect(profilesRead()).toBe(1);
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(orders).toEqual(['A:W:1000', 'A:X:2000', 'A:Y:3000']);
    expect(profiled).toEqual(orders);
  });

  it('follow an order another process moved after this request wrote it, not what this request wrote', async () => {
    // Prepare: A has a profile. Just before this request puts its profiles, another process (not queued
    // with this one) moves X, which this request has just written for A, to B, and puts A's profile (its
    // upkeep of the customer it took X from) as a new version
    const tables = await dynamo.freshTables();
    await ingestOrders([order('W', 'A')], depsFor(tables));
    const doc = beforeWrites(tables.profiles, async () => {
      await dynamo.doc.send(
        new UpdateCommand({
          TableName: tables.orders,
          Key: { orderId: 'X' },
          UpdateExpression: 'SET customerId = :b, #hash = :h',
          ExpressionAttributeNames: { '#hash': 'hash' },
          ExpressionAttributeValues: { ':b': 'B', ':h': 'moved' },
        }),
      );
      await dynamo.doc.send(
        new UpdateCommand({
          TableName: tables.profiles,
          Key: { customerId: 'A' },
          UpdateExpression: 'ADD version :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
    });

    // Act
    const result = await ingestOrders([order('X', 'A', 20)], depsFor(tables, doc));

    // Assess: this request stored X, but A's profile holds only W, as the orders table says
    expect(result.accepted).toBe(1);
    const profiles = (await scan(tables.profiles)).map(profileFromItem);
    expect(profiles.find((profile) => profile.customerId === 'A')?.orders.ids).toEqual(['W']);
  });
});
