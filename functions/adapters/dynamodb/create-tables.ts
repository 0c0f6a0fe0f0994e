import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { keySchema, TABLE_KINDS, type TableNames } from './tables.ts';

/**
 * Creates the tables that do not exist yet (on-demand billing), for a non-AWS endpoint such as dynalite or
 * DynamoDB Local; on AWS the CDK stack owns the tables. Running it again changes nothing.
 */
export async function createMissingTables(client: DynamoDBClient, names: TableNames): Promise<string[]> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) existing.add(name);
    start = page.LastEvaluatedTableName;
  } while (start);
  const created: string[] = [];
  for (const kind of TABLE_KINDS) {
    const name = names[kind];
    if (existing.has(name)) continue;
    const { keys, attributes } = keySchema(kind);
    try {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          KeySchema: keys,
          AttributeDefinitions: attributes,
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    } catch (error) {
      // Another process created it between our list and create: that is the state we wanted.
      if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
    }
    created.push(name);
  }
  for (const name of created) await waitUntilActive(client, name);
  return created;
}

/** Polls until the table is ACTIVE: instant on dynalite, seconds on AWS (the SDK waiter starts at 20 s). */
async function waitUntilActive(client: DynamoDBClient, name: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 2000)) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${name} is not active after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
