import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  batchGetAll,
  batchPutAll,
  UnprocessedItemsError,
} from '../../../functions/adapters/dynamodb/batch.ts';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(doc);
const noSleep = async () => {};

afterEach(() => {
  ddb.reset();
});

describe('batch writes and reads', () => {
  it('writes in chunks of 25 and retries the items DynamoDB left unprocessed', async () => {
    // Prepare: the first call leaves two items unprocessed, every later call takes everything.
    const items = Array.from({ length: 30 }, (_, i) => ({ customerId: `C${i}` }));
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({
        UnprocessedItems: { t: [{ PutRequest: { Item: items[0] } }, { PutRequest: { Item: items[1] } }] },
      })
      .resolves({});
    // Act
    await batchPutAll(doc, 't', items, { sleep: noSleep });
    // Assess
    const calls = ddb
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems?.t?.length);
    expect(calls).toEqual([25, 2, 5]);
  });

  it('gives up with a clear error when items stay unprocessed', async () => {
    ddb
      .on(BatchWriteCommand)
      .resolves({ UnprocessedItems: { t: [{ PutRequest: { Item: { customerId: 'C1' } } }] } });
    await expect(
      batchPutAll(doc, 't', [{ customerId: 'C1' }], { sleep: noSleep, maxAttempts: 3 }),
    ).rejects.toThrow(UnprocessedItemsError);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });

  it('reads in chunks of 100 and retries unprocessed keys', async () => {
    const keys = Array.from({ length: 120 }, (_, i) => ({ customerId: `C${i}` }));
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { t: [{ customerId: 'C0' }] },
        UnprocessedKeys: { t: { Keys: [{ customerId: 'C1' }] } },
      })
      .resolves({ Responses: { t: [{ customerId: 'X' }] } });
    const found = await batchGetAll(doc, 't', keys, { sleep: noSleep });
    expect(found).toHaveLength(3);
    expect(
      ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems?.t?.Keys?.length),
    ).toEqual([100, 1, 20]);
  });

  it('asks only for the attributes wanted, under placeholders (DAY and HASH are reserved words)', async () => {
    // Prepare
    ddb.on(BatchGetCommand).resolves({ Responses: { t: [{ orderId: 'O1', hash: 'h' }] } });
    // Act
    const found = await batchGetAll(doc, 't', [{ orderId: 'O1' }], {
      attributes: ['orderId', 'day', 'hash'],
    });
    // Assess
    expect(found).toEqual([{ orderId: 'O1', hash: 'h' }]);
    const request = ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.t;
    expect(request?.ProjectionExpression).toBe('#a0, #a1, #a2');
    expect(request?.ExpressionAttributeNames).toEqual({ '#a0': 'orderId', '#a1': 'day', '#a2': 'hash' });
    expect(request?.ConsistentRead).toBe(true);
  });
});
