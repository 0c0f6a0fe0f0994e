import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileFromItem } from '../../../functions/adapters/dynamodb/profile-item.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { openStore } from '../../../functions/entry-points/cli/store-context.ts';
import { ingest } from '../../../functions/use-cases/ingest/ingest.ts';
import type { IngestDeps } from '../../../functions/use-cases/ingest/ingest-deps.ts';
import { day } from '../../core/helpers.ts';
import { type LocalDynamo, startLocalDynamo } from './dynalite.ts';
import { dynamoIngestStore } from '../../../functions/adapters/dynamodb/ingest-store.ts';

// Input the API used to take and store wrongly: each is now refused by index and field, and nothing of it is
// stored. Against dynalite, through the same `ingest` the HTTP API and `churn-watch import` call.

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
}, 60_000);
afterAll(async () => {
  await dynamo.close();
});

const TODAY = day('2026-11-20');

const deps = (tables: TableNames, overrides: Partial<IngestDeps> = {}): IngestDeps => ({
  store: dynamoIngestStore(dynamo.doc, tables),
  timeZone: 'Asia/Shanghai',
  retentionDays: 400,
  locale: 'en',
  today: TODAY,
  ...overrides,
});

async function profile(tables: TableNames, customerId: string) {
  const { Item } = await dynamo.doc.send(new GetCommand({ TableName: tables.profiles, Key: { customerId } }));
  return Item ? profileFromItem(Item) : undefined;
}

async function scan(table: string) {
  return (await dynamo.doc.send(new ScanCommand({ TableName: table }))).Items ?? [];
}

describe('ids that JSON has rounded', () => {
  it('refuses both orders instead of storing one under a rounded id', async () => {
    const tables = await dynamo.freshTables();
    // As an ERP sends them: 18-digit ids as JSON numbers, parsed the way the API parses a body.
    const first = JSON.parse(
      '[{"orderId": 90071992547409930, "customerId": "C1", "orderDate": "2026-11-01", "amount": "10.00"}]',
    ) as unknown[];
    const second = JSON.parse(
      '[{"orderId": 90071992547409931, "customerId": "C1", "orderDate": "2026-11-02", "amount": "99.00"}]',
    ) as unknown[];
    for (const batch of [first, second]) {
      expect(await ingest('orders', batch, deps(tables))).toEqual({
        accepted: 0,
        duplicates: 0,
        rejected: [
          {
            index: 0,
            errors: [{ path: 'orderId', message: expect.stringContaining('send ids as strings') }],
          },
        ],
      });
    }
    expect(await scan(tables.orders)).toEqual([]);
    // Sent as strings, both are kept apart.
    const asText = [
      { orderId: '90071992547409930', customerId: 'C1', orderDate: '2026-11-01', amount: '10.00' },
      { orderId: '90071992547409931', customerId: 'C1', orderDate: '2026-11-02', amount: '99.00' },
    ];
    expect((await ingest('orders', asText, deps(tables))).accepted).toBe(2);
    expect((await scan(tables.orders)).map((item) => item.orderId).sort()).toEqual([
      '90071992547409930',
      '90071992547409931',
    ]);
  });

  it('refuses a rounded customer id on master data and events too, in Chinese as well', async () => {
    const tables = await dynamo.freshTables();
    const zh = deps(tables, { locale: 'zh-CN' });
    const customers = await ingest(
      'customers',
      JSON.parse('[{"customerId": 123456789012345678}]') as unknown[],
      zh,
    );
    expect(customers.rejected).toEqual([
      { index: 0, errors: [{ path: 'customerId', message: expect.stringContaining('请以字符串发送编号') }] },
    ]);
    const visits = await ingest('visits', [{ customerId: 2 ** 53 + 2, visitDate: '2026-11-01' }], zh);
    expect(visits.rejected[0]?.errors[0]?.path).toBe('customerId');
    expect(await scan(tables.customers)).toEqual([]);
    expect(await scan(tables.events)).toEqual([]);
  });
});

describe('events dated in the future', () => {
  it('refuses a visit, coupon or complaint dated after tomorrow, so the real last visit stays', async () => {
    const tables = await dynamo.freshTables();
    await ingest('visits', [{ customerId: 'C1', visitDate: '2026-11-18' }], deps(tables));
    const typo = await ingest(
      'visits',
      [
        { customerId: 'C1', visitDate: '2099-01-01' },
        // Tomorrow is allowed, as for orders: an ERP in another zone may already be there.
        { customerId: 'C2', visitDate: '2026-11-21' },
      ],
      deps(tables),
    );
    expect(typo).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [{ index: 0, errors: [{ path: 'visitDate', message: 'date 2099-01-01 is after today' }] }],
    });
    expect((await profile(tables, 'C1'))?.lastVisitDay).toBe(day('2026-11-18'));

    const zh = deps(tables, { locale: 'zh-CN' });
    expect((await ingest('coupons', [{ customerId: 'C1', issuedAt: '2030-01-01' }], zh)).rejected).toEqual([
      { index: 0, errors: [{ path: 'issuedAt', message: '日期 2030-01-01 晚于今天' }] },
    ]);
    const complaints = await ingest('complaints', [{ customerId: 'C1', complaintDate: '2026-11-22' }], zh);
    expect(complaints.rejected[0]?.errors[0]?.path).toBe('complaintDate');
    expect(await profile(tables, 'C1')).toMatchObject({ lastCouponDay: null, complaintDays: [] });
  });
});

describe('where reps’ robots may point', () => {
  const rep = (wecomWebhook: string) => ({ repId: 'R1', channel: 'wecom', wecomWebhook });
  const metadata = 'http://169.254.169.254/latest/meta-data/?key=x';
  const elsewhere = 'http://attacker.example/cgi-bin/webhook/send?key=x';
  const loopback = 'http://127.0.0.1:8790/cgi-bin/webhook/send?key=demo-r01';
  const robot = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6';

  it('refuses any webhook but WeCom’s own on AWS, naming the record and field', async () => {
    const tables = await dynamo.freshTables();
    // As the Lambda builds its deps: no loopback, no proxy.
    const lambda = deps(tables, { allowLoopbackWebhooks: false });
    const result = await ingest(
      'reps',
      [
        rep(metadata),
        { ...rep(elsewhere), repId: 'R2' },
        { ...rep(loopback), repId: 'R3' },
        { ...rep(robot), repId: 'R4' },
      ],
      lambda,
    );
    const refused = {
      path: 'wecomWebhook',
      message: 'is not a WeCom robot address: use https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    };
    expect(result).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [0, 1, 2].map((index) => ({ index, errors: [refused] })),
    });
    expect((await scan(tables.reps)).map((item) => item.repId)).toEqual(['R4']);
  });

  it('takes loopback on a local stack and the configured proxy, and nothing else there either', async () => {
    const tables = await dynamo.freshTables();
    const proxies = [new URL('https://wecom-proxy.example.com/cgi-bin/webhook/send')];
    const localStack = deps(tables, { allowLoopbackWebhooks: true, wecomProxies: proxies });
    const result = await ingest(
      'reps',
      [
        rep(loopback),
        { ...rep('https://wecom-proxy.example.com/cgi-bin/webhook/send?key=k'), repId: 'R2' },
        { ...rep(metadata), repId: 'R3' },
      ],
      localStack,
    );
    expect(result.accepted).toBe(2);
    expect(result.rejected).toEqual([
      { index: 2, errors: [{ path: 'wecomWebhook', message: expect.stringContaining('127.0.0.1') }] },
    ]);
  });

  it('lets the CLI take loopback robots only against a DynamoDB on this machine, or when npm start says so', () => {
    const flag = (env: NodeJS.ProcessEnv, options: { allowLoopbackWebhooks?: boolean } = {}) => {
      const store = openStore({ AWS_REGION: 'cn-north-1', ...env }, options);
      try {
        return store.ingestDeps('en').allowLoopbackWebhooks;
      } finally {
        store.close();
      }
    };
    expect(flag({ AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint })).toBe(true);
    expect(flag({})).toBe(false);
    expect(flag({ AWS_ENDPOINT_URL_DYNAMODB: 'https://dynamodb.cn-north-1.amazonaws.com.cn' })).toBe(false);
    // `npm start` with LocalStack in another container: its own WeCom receiver is still on 127.0.0.1.
    expect(
      flag({ AWS_ENDPOINT_URL_DYNAMODB: 'http://localstack:4566' }, { allowLoopbackWebhooks: true }),
    ).toBe(true);
  });
});

describe('order lines and totals', () => {
  const order = { orderId: 'SO1', customerId: 'C1', orderDate: '2026-11-01' };

  it('refuses a returned line with a positive amount, naming the line, and stores the consistent return', async () => {
    const tables = await dynamo.freshTables();
    const result = await ingest(
      'orders',
      [
        {
          ...order,
          lines: [
            { sku: 'A', quantity: 1, amount: '5.00' },
            { sku: 'B', quantity: -2, amount: '20.00' },
          ],
        },
        { ...order, orderId: 'SO2', lines: [{ sku: 'B', quantity: -2, amount: '-20.00' }] },
      ],
      deps(tables),
    );
    expect(result).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        {
          index: 0,
          errors: [
            {
              path: 'lines.1.quantity',
              message:
                'is negative (a return) but the amount is positive: a returned line has a negative amount too',
            },
          ],
        },
      ],
    });
    expect((await profile(tables, 'C1'))?.orders.nets).toEqual([-2000]);
  });

  it('refuses an order whose lines add up past 10 billion, rather than store an inexact total', async () => {
    const tables = await dynamo.freshTables();
    const lines = Array.from({ length: 3 }, (_, i) => ({
      sku: `S${i}`,
      quantity: 1,
      amount: '9999999999.99',
    }));
    const result = await ingest(
      'orders',
      [
        { ...order, lines },
        { ...order, orderId: 'SO2', amount: '10000000000.00' },
      ],
      deps(tables, { locale: 'zh-CN' }),
    );
    expect(result).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        {
          index: 0,
          errors: [{ path: 'lines', message: '订单明细的销售或退货合计超过 100 亿元，超出可处理范围' }],
        },
      ],
    });
    expect((await scan(tables.orders)).map((item) => item.orderId)).toEqual(['SO2']);
  });
});
