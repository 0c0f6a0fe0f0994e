import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileToItem } from '../../../functions/adapters/dynamodb/profile-item.ts';
import { readAllProfiles } from '../../../functions/adapters/dynamodb/profile-scan.ts';
import { DEFAULT_CONFIG } from '../../../functions/core/config.ts';
import { evaluateCustomers } from '../../../functions/core/evaluate.ts';
import type { CustomerProfile } from '../../../functions/core/profile.ts';
import { day, profileOf } from '../../core/helpers.ts';
import { type LocalDynamo, startLocalDynamo } from '../ingest/dynalite.ts';

/**
 * The daily run reads profiles without their order numbers and reps per order (a projection DynamoDB applies
 * before sending): what it reads must evaluate exactly as the whole profile does, for items of today's
 * format and of the format before the numeric columns were packed.
 */
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
}, 60_000);
afterAll(async () => {
  await dynamo.close();
});

const AS_OF = '2026-11-20';

function shops(): CustomerProfile[] {
  const named = profileOf(
    [
      { date: '2026-08-02', amount: 900, skus: ['A', 'B', 'C'], repId: 'R01', id: 'SO202608020001' },
      { date: '2026-09-01', amount: 700, skus: ['A', 'B'], repId: 'R01', id: 'SO202609010002' },
      { date: '2026-10-01', amount: 120, skus: ['A'], repId: 'R02', id: 'SO202610010003' },
    ],
    { asOf: AS_OF, customerId: 'C01', visits: ['2026-11-01'], complaints: ['2026-11-10'] },
  );
  named.customerName = '张记便利店';
  named.customerNameDay = day('2026-10-01');
  named.orders.productNames = ['可乐 330ml', '', '薯片'];
  const steady = profileOf(
    Array.from({ length: 20 }, (_, i) => ({
      date: `2026-${String(6 + Math.floor(i / 4)).padStart(2, '0')}-${String(1 + (i % 4) * 7).padStart(2, '0')}`,
      amount: 300 + i,
      skus: ['B'],
    })),
    { asOf: AS_OF, customerId: 'C02' },
  );
  const quiet = profileOf([{ date: '2026-05-01', amount: 50, skus: ['D'] }], {
    asOf: AS_OF,
    customerId: 'C03',
  });
  return [named, steady, quiet];
}

describe('the evaluation’s view of a profile', () => {
  it('reads what the whole profile holds but its order numbers and reps per order, and evaluates the same', async () => {
    // Prepare: C01 and C02 as stored today (numbers packed), C03 as stored before packing
    const tables = await dynamo.freshTables();
    const profiles = shops();
    for (const [i, profile] of profiles.entries()) {
      const item = i < 2 ? profileToItem(profile, 2) : { ...profile, version: 2 };
      await dynamo.doc.send(new PutCommand({ TableName: tables.profiles, Item: item }));
    }

    // Act
    const whole = await readAllProfiles(dynamo.doc, tables.profiles, 2);
    const viewed = await readAllProfiles(dynamo.doc, tables.profiles, 2, 'evaluation');

    // Assess
    const byId = (list: CustomerProfile[]) =>
      [...list].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
    expect(viewed.unreadable).toEqual([]);
    expect(byId(viewed.profiles)).toEqual(
      byId(whole.profiles).map((profile) => ({
        ...profile,
        orders: { ...profile.orders, ids: [], reps: [] },
      })),
    );
    expect(byId(whole.profiles).map((profile) => profile.orders.ids.length)).toEqual([3, 20, 1]);
    const options = { asOf: day(AS_OF), config: DEFAULT_CONFIG };
    expect(evaluateCustomers({ profiles: viewed.profiles, ...options })).toEqual(
      evaluateCustomers({ profiles: whole.profiles, ...options }),
    );
  });
});
