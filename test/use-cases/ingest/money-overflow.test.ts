import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileFromItem, profileToItem } from '../../../functions/adapters/dynamodb/profile-item.ts';
import { parseIsoDay } from '../../../functions/core/days.ts';
import { MAX_MINOR } from '../../../functions/core/money.ts';
import { emptyProfile, mergeOrderFacts, type OrderFact } from '../../../functions/core/profile.ts';
import { ingest } from '../../../functions/use-cases/ingest/ingest.ts';
import { type LocalDynamo, startLocalDynamo } from './dynalite.ts';
import { dynamoIngestStore } from '../../../functions/adapters/dynamodb/ingest-store.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

describe("a customer's money past exact sums", () => {
  it('refuses the order that would take its amounts past 2^53, naming the record, and stores nothing of it', async () => {
    // Prepare: 9,007 orders of the largest amount a record may carry (9,007 × 10^12 < 2^53 ≤ 9,008 × 10^12)
    const tables = await dynamo.freshTables();
    const day = parseIsoDay('2026-11-01') as number;
    const facts: OrderFact[] = Array.from({ length: 9_007 }, (_, i) => ({
      orderId: `BIG${i}`,
      day: day as never,
      net: MAX_MINOR,
      purchase: true,
      skus: [],
    }));
    const profile = mergeOrderFacts(emptyProfile('C1'), facts, 540);
    await dynamo.doc.send(new PutCommand({ TableName: tables.profiles, Item: profileToItem(profile, 1) }));

    // Act
    const result = await ingest(
      'orders',
      [{ orderId: 'ONE-MORE', customerId: 'C1', orderDate: '2026-11-02', amount: '10000000000.00' }],
      {
        store: dynamoIngestStore(dynamo.doc, tables),
        timeZone: 'Asia/Shanghai',
        retentionDays: 540,
        locale: 'en',
      },
    );

    // Assess
    expect(result.accepted).toBe(0);
    expect(result.rejected).toEqual([
      { index: 0, errors: [expect.objectContaining({ path: 'customerId' })] },
    ]);
    expect(result.rejected[0]?.errors[0]?.message).toContain('past what can be summed exactly');
    const { Item } = await dynamo.doc.send(
      new GetCommand({
        TableName: tables.profiles,
        Key: { customerId: 'C1' },
      }),
    );
    expect(profileFromItem(Item ?? {}).orders.ids).toHaveLength(9_007);
  });
});
