import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeValue,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoServer } from '../../../functions/entry-points/local/dynamodb-server.ts';
import { DataDirLockedError, PortInUseError } from '../../../functions/entry-points/local/errors.ts';

const clientFor = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

const KEY = { customerId: { S: 'C00042' } };

describe('DynamoDB server (dynalite in process)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'churn-watch-dynamo-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps tables and items on disk across a close and a restart on the same path', async () => {
    // Prepare
    const path = join(dir, 'kept');
    const first = await startDynamoServer({ port: 0, path });
    const writer = clientFor(first.url);
    await writer.send(
      new CreateTableCommand({
        TableName: 'churn-watch-profiles',
        AttributeDefinitions: [{ AttributeName: 'customerId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    // createTableMs: 0, so the table is usable without waiting for ACTIVE.
    await writer.send(
      new PutItemCommand({ TableName: 'churn-watch-profiles', Item: { ...KEY, name: { S: '城东便利店' } } }),
    );
    const readBack = await writer.send(new GetItemCommand({ TableName: 'churn-watch-profiles', Key: KEY }));
    writer.destroy();

    // Act
    await first.close();
    const second = await startDynamoServer({ port: 0, path });
    const reader = clientFor(second.url);
    const afterRestart = await reader.send(
      new GetItemCommand({ TableName: 'churn-watch-profiles', Key: KEY }),
    );
    reader.destroy();
    await second.close();

    // Assess
    expect(readBack.Item?.['name']).toEqual({ S: '城东便利店' });
    expect(afterRestart.Item?.['name']).toEqual({ S: '城东便利店' });
  });

  it('refuses a second server on a folder in use instead of crashing on its first request', async () => {
    const path = join(dir, 'locked');
    const running = await startDynamoServer({ port: 0, path });
    try {
      await expect(startDynamoServer({ port: 0, path })).rejects.toThrow(DataDirLockedError);
    } finally {
      await running.close();
    }
  });

  it('releases the folder when the port is busy, so a retry on another port works', async () => {
    // Prepare
    const path = join(dir, 'busy-port');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };

    // Act
    const busy = startDynamoServer({ port, path });
    await expect(busy).rejects.toThrow(PortInUseError);
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    const retry = await startDynamoServer({ port: 0, path });
    const client = clientFor(retry.url);
    const tables = await client.send(new ListTablesCommand({}));
    client.destroy();
    await retry.close();

    // Assess
    expect(tables.TableNames).toEqual([]);
  });

  it('keeps data in memory when no path is given', async () => {
    const server = await startDynamoServer();
    const client = clientFor(server.url);
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    client.destroy();
    await server.close();
  });
});

describe('TransactWriteItems on the local DynamoDB (as on AWS)', () => {
  let server: Awaited<ReturnType<typeof startDynamoServer>>;
  let client: DynamoDBClient;
  let counter = 0;

  beforeAll(async () => {
    server = await startDynamoServer();
    client = clientFor(server.url);
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  /** A fresh table keyed by `id`, with an index on `shop` (as the alerts table has one). */
  async function freshTable(): Promise<string> {
    const name = `tx-${++counter}`;
    await client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'shop', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byShop',
            KeySchema: [{ AttributeName: 'shop', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    return name;
  }

  const item = (id: string, shop: string, version = 1): Record<string, AttributeValue> => ({
    id: { S: id },
    shop: { S: shop },
    version: { N: String(version) },
  });
  const put = (table: string, value: Record<string, AttributeValue>, extra = {}): TransactWriteItem => ({
    Put: { TableName: table, Item: value, ...extra },
  });
  const ifAbsent = { ConditionExpression: 'attribute_not_exists(id)' };
  const read = async (table: string, id: string) =>
    (
      await client.send(
        new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }),
      )
    ).Item;
  const cancelled = async (items: TransactWriteItem[]) => {
    const error = await client.send(new TransactWriteItemsCommand({ TransactItems: items })).catch((e) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    return error as TransactionCanceledException;
  };

  it('writes every item of a transaction, puts, deletes and checks together, indexes included', async () => {
    // Prepare
    const table = await freshTable();
    await client.send(new PutItemCommand({ TableName: table, Item: item('gone', '城东便利店') }));
    await client.send(new PutItemCommand({ TableName: table, Item: item('kept', '城西超市') }));

    // Act
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          put(table, item('new', '城东便利店'), ifAbsent),
          { Delete: { TableName: table, Key: { id: { S: 'gone' } } } },
          {
            ConditionCheck: {
              TableName: table,
              Key: { id: { S: 'kept' } },
              ConditionExpression: '#v = :v',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':v': { N: '1' } },
            },
          },
        ],
      }),
    );

    // Assess
    expect(await read(table, 'new')).toEqual(item('new', '城东便利店'));
    expect(await read(table, 'gone')).toBeUndefined();
    const byShop = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byShop',
        KeyConditionExpression: 'shop = :s',
        ExpressionAttributeValues: { ':s': { S: '城东便利店' } },
      }),
    );
    expect(byShop.Items?.map((found) => found.id?.S)).toEqual(['new']);
  });

  it('writes nothing when one condition fails, and says which item failed and what it holds', async () => {
    // Prepare
    const table = await freshTable();
    await client.send(new PutItemCommand({ TableName: table, Item: item('taken', 'A', 7) }));

    // Act
    const error = await cancelled([
      put(table, item('free', 'B'), ifAbsent),
      put(table, item('taken', 'B'), { ...ifAbsent, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      put(table, item('other', 'B'), ifAbsent),
    ]);

    // Assess
    expect(error.name).toBe('TransactionCanceledException');
    expect(error.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None]',
    );
    expect(error.CancellationReasons?.map((reason) => reason.Code)).toEqual([
      'None',
      'ConditionalCheckFailed',
      'None',
    ]);
    expect(error.CancellationReasons?.[1]?.Item).toEqual(item('taken', 'A', 7));
    expect(await read(table, 'free')).toBeUndefined();
    expect(await read(table, 'other')).toBeUndefined();
    expect(await read(table, 'taken')).toEqual(item('taken', 'A', 7));
  });

  it('returns the stored item of a failed condition only when asked to', async () => {
    const table = await freshTable();
    await client.send(new PutItemCommand({ TableName: table, Item: item('taken', 'A') }));
    const error = await cancelled([put(table, item('taken', 'B'), ifAbsent)]);
    expect(error.CancellationReasons).toEqual([
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
  });

  it('checks each put against its own names and values when puts share a condition expression', async () => {
    // Prepare: two items at versions 1 and 2; the same expression text names other values in each put
    const table = await freshTable();
    await client.send(new PutItemCommand({ TableName: table, Item: item('a', 'A', 1) }));
    await client.send(new PutItemCommand({ TableName: table, Item: item('b', 'B', 2) }));
    const atVersion = (version: number, name = 'version') => ({
      ConditionExpression: '#v = :v',
      ExpressionAttributeNames: { '#v': name },
      ExpressionAttributeValues: { ':v': { N: String(version) } },
    });

    // Act: right versions go through; then a put that names version 1 for b (at 2), and one that names
    // another attribute with the same expression text, are refused
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          put(table, item('a', 'A', 2), atVersion(1)),
          put(table, item('b', 'B', 3), atVersion(2)),
        ],
      }),
    );
    const stale = await cancelled([
      put(table, item('a', 'A', 3), atVersion(2)),
      put(table, item('b', 'B', 4), atVersion(1)),
    ]);
    const otherName = await cancelled([put(table, item('a', 'A', 3), atVersion(2, 'shop'))]);

    // Assess
    expect(stale.CancellationReasons?.map((reason) => reason.Code)).toEqual([
      'None',
      'ConditionalCheckFailed',
    ]);
    expect(otherName.CancellationReasons?.map((reason) => reason.Code)).toEqual(['ConditionalCheckFailed']);
    expect(await read(table, 'a')).toEqual(item('a', 'A', 2));
    expect(await read(table, 'b')).toEqual(item('b', 'B', 3));
  });

  it('refuses a malformed transaction as DynamoDB does, before writing anything', async () => {
    // Prepare
    const table = await freshTable();
    const send = (items: TransactWriteItem[]) =>
      client.send(new TransactWriteItemsCommand({ TransactItems: items })).then(
        () => new Error('written'),
        (e: Error) => e,
      );

    // Act
    const twice = await send([
      put(table, item('a', 'A')),
      { Delete: { TableName: table, Key: { id: { S: 'a' } } } },
    ]);
    const tooMany = await send(Array.from({ length: 101 }, (_, i) => put(table, item(`m${i}`, 'A'))));
    const none = await send([]);
    const two = await send([
      { ...put(table, item('b', 'A')), Delete: { TableName: table, Key: { id: { S: 'b' } } } },
    ]);
    const noKey = await send([put(table, { shop: { S: 'A' } })]);
    const noTable = await send([put('tx-missing', item('c', 'A'))]);

    // Assess
    expect(twice.name).toBe('ValidationException');
    expect(twice.message).toBe('Transaction request cannot include multiple operations on one item');
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toMatch(/Member must have length less than or equal to 100/);
    expect(none.name).toBe('ValidationException');
    expect(two.name).toBe('ValidationException');
    expect(two.message).toBe('TransactItems can only contain one of Check, Put, Update or Delete');
    expect(noKey.name).toBe('ValidationException');
    expect(noKey.message).toMatch(/Missing the key id/);
    expect(noTable.name).toBe('ResourceNotFoundException');
    expect(await read(table, 'a')).toBeUndefined();
    expect(await read(table, 'm0')).toBeUndefined();
  });

  it('refuses a transaction whose items add up to more than 4 MB', async () => {
    const table = await freshTable();
    const big = (id: string) => ({ ...item(id, 'A'), text: { S: 'x'.repeat(390 * 1024) } });
    const error = await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: Array.from({ length: 11 }, (_, i) => put(table, big(`big${i}`))),
        }),
      )
      .then(
        () => new Error('written'),
        (e: Error) => e,
      );
    expect(error.name).toBe('ValidationException');
    expect(await read(table, 'big0')).toBeUndefined();
  });

  it('serialises concurrent transactions on the same items: each sees the other’s writes', async () => {
    // Prepare: two counters; 10 transactions each bump both from the version it read, as optimistic
    // writers do, and retry on a failed condition
    const table = await freshTable();
    await client.send(new PutItemCommand({ TableName: table, Item: item('x', 'A', 0) }));
    await client.send(new PutItemCommand({ TableName: table, Item: item('y', 'A', 0) }));
    const bump = async (reverse: boolean) => {
      for (;;) {
        const version = Number((await read(table, 'x'))?.version?.N);
        const items = ['x', 'y'].map((id) =>
          put(table, item(id, 'A', version + 1), {
            ConditionExpression: '#v = :v',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':v': { N: String(version) } },
          }),
        );
        try {
          await client.send(
            new TransactWriteItemsCommand({ TransactItems: reverse ? items.reverse() : items }),
          );
          return;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
        }
      }
    };

    // Act: in both orders of the items, beside single-item writes of the same items
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => bump(i % 2 === 1)),
      ...Array.from({ length: 10 }, () =>
        client
          .send(
            new PutItemCommand({
              TableName: table,
              Item: item('x', 'A', -1),
              ConditionExpression: 'attribute_not_exists(id)',
            }),
          )
          .catch((e) => e),
      ),
    ]);

    // Assess: no bump lost, the two items never apart
    expect((await read(table, 'x'))?.version).toEqual({ N: '10' });
    expect((await read(table, 'y'))?.version).toEqual({ N: '10' });
  }, 60_000);
});
