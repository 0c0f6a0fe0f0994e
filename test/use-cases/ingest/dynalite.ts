import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/client.ts';
import { createMissingTables } from '../../../functions/adapters/dynamodb/create-tables.ts';
import { type TableNames, tableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { startDynamoServer } from '../../../functions/entry-points/local/dynamodb-server.ts';

export interface LocalDynamo {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  endpoint: string;
  /** Fresh tables under a new prefix, so tests do not see each other's data. */
  freshTables(): Promise<TableNames>;
  close(): Promise<void>;
}

let counter = 0;

/** dynalite in this process (the same server `churn-watch local` runs), reached through the real AWS SDK over HTTP. */
export async function startLocalDynamo(): Promise<LocalDynamo> {
  const server = await startDynamoServer({ port: 0 });
  const endpoint = server.url;
  const config = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const client = new DynamoDBClient(config);
  const doc = createDocumentClient(config);
  return {
    client,
    doc,
    endpoint,
    async freshTables() {
      const names = tableNames(`t${++counter}-`);
      await createMissingTables(client, names);
      return names;
    },
    async close() {
      client.destroy();
      await server.close();
    },
  };
}

/** The tables a write command (a put, or a transaction of puts) writes to. */
export function tablesWritten(command: {
  constructor: { name: string };
  input?: { TableName?: string; TransactItems?: { Put?: { TableName?: string } }[] };
}): string[] {
  if (command.constructor.name === 'PutCommand') return [command.input?.TableName ?? ''];
  if (command.constructor.name === 'TransactWriteCommand') {
    return (command.input?.TransactItems ?? []).map((item) => item.Put?.TableName ?? '');
  }
  return [];
}

/** A client that dies on the first write to the profiles table, as a Lambda timing out there would. */
export function crashOnProfileWrite(doc: DynamoDBDocumentClient, tables: TableNames): DynamoDBDocumentClient {
  return new Proxy(doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: Parameters<typeof tablesWritten>[0]) => {
        if (tablesWritten(command).includes(tables.profiles)) throw new Error('crash');
        return target.send(command as never);
      };
    },
  });
}
