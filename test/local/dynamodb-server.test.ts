import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoServer } from '../../lib/local/dynamodb-server.ts';
import { DataDirLockedError, PortInUseError } from '../../lib/local/errors.ts';

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
