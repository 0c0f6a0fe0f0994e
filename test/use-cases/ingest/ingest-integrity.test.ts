import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileFromItem } from '../../../functions/adapters/dynamodb/profile-item.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import type { IngestDeps } from '../../../functions/use-cases/ingest/ingest-deps.ts';
import { createIngestHandler } from '../../../functions/use-cases/ingest/ingest-http.ts';
import { ingestOrders } from '../../../functions/use-cases/ingest/ingest-orders.ts';
import { crashOnProfileWrite, type LocalDynamo, startLocalDynamo } from './dynalite.ts';
import { dynamoIngestStore } from '../../../functions/adapters/dynamodb/ingest-store.ts';

// Issue 15: nothing lost, nothing counted twice, under concurrent requests (items 2, 3, 4 and 11).

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

const order = (orderId: string, customerId: string, amount = 10, extra = {}) => ({
  orderId,
  customerId,
  orderDate: '2026-11-02',
  amount,
  ...extra,
});

const post = (tables: TableNames, records: unknown[], doc = dynamo.doc) =>
  createIngestHandler((locale) => ({ ...depsFor(tables, doc), locale }))({
    httpMethod: 'POST',
    pathParameters: { kind: 'orders' },
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ records }),
  });

async function scan(doc: DynamoDBDocumentClient, table: string) {
  const { Items = [] } = await doc.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  return Items;
}

/** Every stored order, and every profile's orders, as `customer:order:net` lines to compare. */
async function ordersAndProfiles(tables: TableNames) {
  const orders = (await scan(dynamo.doc, tables.orders))
    .map((item) => `${item.customerId}:${item.orderId}:${item.net}`)
    .sort();
  const profiled = (await scan(dynamo.doc, tables.profiles))
    .map(profileFromItem)
    .flatMap((profile) =>
      profile.orders.ids.map((id, i) => `${profile.customerId}:${id}:${profile.orders.nets[i]}`),
    )
    .sort();
  return { orders, profiled };
}

/** An order over DynamoDB's 400 KB item limit: 1,000 lines with 256-character SKU codes. */
const oversized = (orderId: string, customerId: string) =>
  order(orderId, customerId, 1000, {
    lines: Array.from({ length: 1000 }, (_, i) => ({
      sku: `${String(i).padStart(4, '0')}${'S'.repeat(252)}`,
      amount: 1,
    })),
  });

const thirtyWithOversized = () =>
  Array.from({ length: 30 }, (_, i) =>
    i === 26 ? oversized(`O${i}`, `C${i % 7}`) : order(`O${i}`, `C${i % 7}`, 10 + i),
  );

describe('an order too large to store', () => {
  it('is refused by its index while the rest of the batch is stored and counted in the profiles', async () => {
    // Prepare
    const tables = await dynamo.freshTables();

    // Act
    const response = await post(tables, thirtyWithOversized());

    // Assess
    expect(response.statusCode).toBe(207);
    const body = JSON.parse(response.body);
    expect(body.accepted).toBe(29);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0].index).toBe(26);
    expect(body.rejected[0].errors[0].path).toBe('lines');
    expect(body.rejected[0].errors[0].message).toMatch(/too large to store \(about \d+ KB, at most 360 KB\)/);
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(orders).toHaveLength(29);
    expect(profiled).toEqual(orders);
  });

  it('leaves no order outside its profile after a crash between the two writes: the retry repairs it', async () => {
    // Prepare: the first attempt dies at its first profile write, after storing the orders
    const tables = await dynamo.freshTables();
    const crashing = crashOnProfileWrite(dynamo.doc, tables);
    await expect(ingestOrders(thirtyWithOversized(), depsFor(tables, crashing))).rejects.toThrow('crash');
    const afterCrash = await ordersAndProfiles(tables);
    expect(afterCrash.orders).toHaveLength(29);
    expect(afterCrash.profiled).toEqual([]);

    // Act: the ERP sends the same batch again
    const retry = await ingestOrders(thirtyWithOversized(), depsFor(tables));

    // Assess: nothing counted twice, every stored order in its profile
    expect(retry.accepted).toBe(0);
    expect(retry.duplicates).toBe(29);
    expect(retry.rejected.map((r) => r.index)).toEqual([26]);
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(profiled).toEqual(orders);
  });
  it('is refused when it would grow its customer’s profile past the limit, and nothing is half written', async () => {
    // Prepare: orders of 1,000 lines with 120-character SKU codes, all different: each fits, but a profile
    // keeps every SKU name, so the third would take it past 360 KB and the fourth past DynamoDB's 400 KB
    const tables = await dynamo.freshTables();
    const wide = (n: number) =>
      order(`W${n}`, 'C1', 1000, {
        lines: Array.from({ length: 1000 }, (_, i) => ({
          sku: `${n}-${String(i).padStart(4, '0')}${'K'.repeat(114)}`,
          amount: 1,
        })),
      });

    // Act
    const answers = [];
    for (let n = 0; n < 4; n++) answers.push(await post(tables, [wide(n)]));

    // Assess
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 207, 207]);
    const refused = JSON.parse(answers[3]?.body ?? '{}');
    expect(refused.accepted).toBe(0);
    expect(refused.rejected[0].index).toBe(0);
    expect(refused.rejected[0].errors[0]).toMatchObject({ path: 'customerId' });
    expect(refused.rejected[0].errors[0].message).toContain('would exceed the storage limit');
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(orders).toEqual(['C1:W0:100000', 'C1:W1:100000']);
    expect(profiled).toEqual(orders);
  }, 60_000);
});

/**
 * A client under which another request changes a customer's profile just before each of this request's
 * profile writes (the first `times` of them), as 50 clients posting over shared customers do.
 */
function contended(tables: TableNames, times: number): DynamoDBDocumentClient {
  let left = times;
  return new Proxy(dynamo.doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const item = command.input.Item as { customerId?: string } | undefined;
        if (
          command.constructor.name === 'PutCommand' &&
          command.input.TableName === tables.profiles &&
          command.input.ConditionExpression === '#v = :v' &&
          left-- > 0
        ) {
          await target.send(
            new UpdateCommand({
              TableName: tables.profiles,
              Key: { customerId: item?.customerId },
              UpdateExpression: 'ADD version :one',
              ExpressionAttributeValues: { ':one': 1 },
            }),
          );
        }
        return target.send(command as never);
      };
    },
  });
}

describe('profile upkeep under contention', () => {
  it('waits and tries again rather than failing when other requests keep changing a profile', async () => {
    // Prepare: C1 has a profile; other requests get to it first nine times in a row
    const tables = await dynamo.freshTables();
    await ingestOrders([order('P0', 'C1')], depsFor(tables));

    // Act
    const response = await post(tables, [order('P1', 'C1', 20)], contended(tables, 9));

    // Assess
    expect(response.statusCode).toBe(200);
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(profiled).toEqual(orders);
    expect(orders).toEqual(['C1:P0:1000', 'C1:P1:2000']);
  });

  it('answers 503 with Retry-After where it must give up, and the same batch sent again finishes it', async () => {
    // Prepare
    const tables = await dynamo.freshTables();
    await ingestOrders([order('P0', 'C1')], depsFor(tables));

    // Act: contention that outlasts every attempt, then the retry the answer asks for
    const gaveUp = await post(tables, [order('P1', 'C1', 20)], contended(tables, 1000));
    const retry = await post(tables, [order('P1', 'C1', 20)]);

    // Assess
    expect(gaveUp.statusCode).toBe(503);
    expect(gaveUp.headers['retry-after']).toBe('2');
    expect(JSON.parse(gaveUp.body).message).toContain('send it again in 2 s');
    expect(retry.statusCode).toBe(200);
    expect(JSON.parse(retry.body)).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(profiled).toEqual(orders);
  }, 60_000);

  it('stores every order of 20 concurrent batches over 5 customers once, each in its profile', async () => {
    // Prepare: 20 batches of 20 orders, each touching all 5 customers
    const tables = await dynamo.freshTables();
    const batches = Array.from({ length: 20 }, (_, b) =>
      Array.from({ length: 20 }, (_, i) => order(`B${b}-${i}`, `C${i % 5}`, 1 + b + i)),
    );

    // Act
    const responses = await Promise.all(batches.map((batch) => post(tables, batch)));

    // Assess
    expect(responses.map((r) => r.statusCode)).toEqual(batches.map(() => 200));
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(orders).toHaveLength(400);
    expect(profiled).toEqual(orders);
  }, 60_000);
});

describe('the same order sent at once by two requests', () => {
  it('ends in the profile of the customer the orders table names, and only there', async () => {
    // Prepare: five orders, each sent for customer A and for customer B at the same moment
    const tables = await dynamo.freshTables();

    // Act
    for (let i = 0; i < 5; i++) {
      await Promise.all([
        ingestOrders([order(`X${i}`, 'A')], depsFor(tables)),
        ingestOrders([order(`X${i}`, 'B')], depsFor(tables)),
      ]);
    }

    // Assess: one owner per order, and the profiles say the same as the orders table
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(orders).toHaveLength(5);
    expect(profiled).toEqual(orders);
  });

  it('counts each order as accepted by exactly one of five concurrent copies of a batch', async () => {
    // Prepare
    const tables = await dynamo.freshTables();
    const batch = Array.from({ length: 100 }, (_, i) => order(`D${i}`, `C${i % 10}`, 5 + i));

    // Act
    const results = await Promise.all(Array.from({ length: 5 }, () => ingestOrders(batch, depsFor(tables))));

    // Assess
    expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(100);
    expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(400);
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(orders).toHaveLength(100);
    expect(profiled).toEqual(orders);
  }, 60_000);
});

describe('an order another request changes while this one stores it', () => {
  it('counts in its profile as the orders table holds it, amount and all', async () => {
    // Prepare: right after this request puts X for A at ¥10, another request puts X for A at ¥20 and
    // brings A's profile up to date; this request then reads A's orders and finds the other version.
    const tables = await dynamo.freshTables();
    let interleaved = false;
    const interleaving = new Proxy(dynamo.doc, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
          const result = await target.send(command as never);
          // A put of X alone or in a transaction with others
          const puts = (
            command.constructor.name === 'PutCommand'
              ? [command.input]
              : ((command.input.TransactItems ?? []) as { Put?: Record<string, unknown> }[]).map((i) => i.Put)
          ) as ({ TableName?: string; Item?: { orderId?: string } } | undefined)[];
          if (
            !interleaved &&
            puts.some((put) => put?.TableName === tables.orders && put.Item?.orderId === 'X')
          ) {
            interleaved = true;
            await ingestOrders([order('X', 'A', 20)], depsFor(tables));
          }
          return result;
        };
      },
    });

    // Act
    const result = await ingestOrders(
      [order('X', 'A', 10), order('Y', 'A', 5)],
      depsFor(tables, interleaving),
    );

    // Assess: the orders table kept the ¥20 version, and A's profile counts that one, once
    expect(interleaved).toBe(true);
    expect(result.accepted).toBe(2);
    const { orders, profiled } = await ordersAndProfiles(tables);
    expect(orders).toEqual(['A:X:2000', 'A:Y:500']);
    expect(profiled).toEqual(orders);
  });
});
