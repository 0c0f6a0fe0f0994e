import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileFromItem } from '../../../functions/adapters/dynamodb/profile-item.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { ingest } from '../../../functions/use-cases/ingest/ingest.ts';
import type { IngestDeps } from '../../../functions/use-cases/ingest/ingest-deps.ts';
import { uncheckedRepsNotice } from '../../../functions/use-cases/ingest/rep-directory.ts';
import { day } from '../../core/helpers.ts';
import { type LocalDynamo, startLocalDynamo } from './dynalite.ts';
import { dynamoIngestStore } from '../../../functions/adapters/dynamodb/ingest-store.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

const deps = (tables: TableNames): IngestDeps => ({
  store: dynamoIngestStore(dynamo.doc, tables),
  timeZone: 'Asia/Shanghai',
  retentionDays: 400,
  locale: 'zh-CN',
  // The robot below is the local WeCom receiver's, on loopback, as `npm start` runs it.
  allowLoopbackWebhooks: true,
});

async function profile(tables: TableNames, customerId: string) {
  const { Item } = await dynamo.doc.send(new GetCommand({ TableName: tables.profiles, Key: { customerId } }));
  return Item ? profileFromItem(Item) : undefined;
}

describe('ingest of master data and events', () => {
  it('stores customers and reps by id, replaces changed ones and counts repeats as duplicates', async () => {
    const tables = await dynamo.freshTables();
    const customers = [
      { customerId: 'C1', name: '张记便利店', repId: 'R1' },
      { customerId: 'C2', name: '好又多超市' },
    ];
    // No reps imported yet: the rep is kept as written, and the answer says it was not checked.
    const notices = [uncheckedRepsNotice('zh-CN')];
    expect(await ingest('customers', customers, deps(tables))).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [],
      notices,
    });
    expect(await ingest('customers', customers, deps(tables))).toEqual({
      accepted: 0,
      duplicates: 2,
      rejected: [],
      notices,
    });
    const renamed = await ingest(
      'customers',
      [{ customerId: 'C2', name: '好又多超市（新店）' }],
      deps(tables),
    );
    expect(renamed.accepted).toBe(1);
    const reps = await ingest(
      'reps',
      [
        {
          repId: 'R1',
          name: '王伟',
          role: '业务员',
          channel: '企业微信',
          wecomWebhook: 'http://127.0.0.1:8790/cgi-bin/webhook/send?key=k1',
        },
        { repId: 'R2', email: 'not-an-address' },
      ],
      deps(tables),
    );
    expect(reps).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [{ index: 1, errors: [{ path: 'email', message: '不是有效的邮箱地址' }] }],
    });
  });

  it('keeps the latest visit and coupon and each complaint once, whatever the order of delivery', async () => {
    const tables = await dynamo.freshTables();
    await ingest('visits', [{ customerId: 'C1', visitDate: '2026-11-10' }], deps(tables));
    await ingest('visits', [{ customerId: 'C1', visitDate: '2026-11-01' }], deps(tables));
    await ingest('coupons', [{ customerId: 'C1', issuedAt: '2026-10-01' }], deps(tables));
    const complaints = [
      { customerId: 'C1', complaintDate: '2026-11-02' },
      { customerId: 'C1', complaintDate: '2026-11-05' },
    ];
    expect(await ingest('complaints', complaints, deps(tables))).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [],
    });
    expect(await ingest('complaints', complaints, deps(tables))).toEqual({
      accepted: 0,
      duplicates: 2,
      rejected: [],
    });
    expect(await profile(tables, 'C1')).toMatchObject({
      lastVisitDay: day('2026-11-10'),
      visitsTracked: true,
      lastCouponDay: day('2026-10-01'),
      complaintDays: [day('2026-11-02'), day('2026-11-05')],
    });
  });

  it('names the record and field of a bad event', async () => {
    const tables = await dynamo.freshTables();
    const result = await ingest('visits', [{ customerId: 'C1', visitDate: '昨天' }], deps(tables));
    expect(result.rejected).toEqual([
      { index: 0, errors: [{ path: 'visitDate', message: expect.stringContaining('日期格式') }] },
    ]);
  });
});
