import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, type IngestKind } from '../../../functions/use-cases/ingest/ingest.ts';
import type { IngestDeps } from '../../../functions/use-cases/ingest/ingest-deps.ts';
import { type LocalDynamo, startLocalDynamo } from './dynalite.ts';
import { recordingPermissions } from '../../support/recorded-permissions.ts';
import { dynamoIngestStore } from '../../../functions/adapters/dynamodb/ingest-store.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

describe('the DynamoDB calls ingest makes', () => {
  it('are all granted to the ingest function on AWS, transactions and their refusals included', async () => {
    // Prepare: a store that notes each call by table kind and the IAM action it needs
    const { INGEST_TABLE_ACTIONS } = await import('../../../lib/constructs/ingest-api.ts');
    const tables = await dynamo.freshTables();
    const { doc: recording, used } = recordingPermissions(dynamo.doc, tables);
    const deps = (): IngestDeps => ({
      store: dynamoIngestStore(recording, tables),
      timeZone: 'Asia/Shanghai',
      retentionDays: 400,
      locale: 'en',
      allowLoopbackWebhooks: true,
    });
    const send = (kind: IngestKind, records: unknown[]) => ingest(kind, records, deps());
    const orders = (customerId: string) =>
      Array.from({ length: 30 }, (_, i) => ({
        orderId: `O${i}`,
        customerId: `${customerId}${i % 3}`,
        orderDate: '2026-11-02',
        amount: 10 + i,
        repId: 'R1',
      }));

    // Act: every kind; orders sent twice at once (refused transactions), then moved to other customers
    await send('reps', [
      { repId: 'R1', name: '李娜', role: 'rep', channel: 'email', email: 'li.na@example.com' },
    ]);
    await send('customers', [{ customerId: 'A0', name: '城东便利店', repId: 'R1' }]);
    await Promise.all([send('orders', orders('A')), send('orders', orders('A'))]);
    await send('orders', orders('B'));
    await send('visits', [{ customerId: 'A0', visitDate: '2026-11-03' }]);
    await send('coupons', [{ customerId: 'A0', issuedAt: '2026-11-03' }]);
    await send('complaints', [{ customerId: 'A0', complaintDate: '2026-11-03' }]);

    // Assess: each call is in the function's grants, and transactions were among them
    const granted = new Set(
      Object.entries(INGEST_TABLE_ACTIONS).flatMap(([kind, actions]) =>
        (actions as readonly string[]).map((action) => `${kind}:${action}`),
      ),
    );
    expect([...used].filter((call) => !granted.has(call))).toEqual([]);
    expect(used).toContain('orders:PutItem');
    expect(used).toContain('profiles:PutItem');
  }, 60_000);
});
