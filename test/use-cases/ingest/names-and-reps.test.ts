import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileFromItem } from '../../../functions/adapters/dynamodb/profile-item.ts';
import { type TableNames, tableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { createIngestHandler } from '../../../functions/use-cases/ingest/ingest-http.ts';
import { runCli } from '../../entry-points/cli/run-cli.ts';
import { type LocalDynamo, startLocalDynamo } from './dynalite.ts';
import { dynamoIngestStore } from '../../../functions/adapters/dynamodb/ingest-store.ts';

let dynamo: LocalDynamo;
const dir = mkdtempSync(join(tmpdir(), 'churn-watch-names-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** Runs `churn-watch import` against its own tables, as an admin's shell would. */
function importer(prefix: string) {
  return async (kind: string, file: string, locale = 'zh-CN') => {
    process.env.CHURN_WATCH_TABLE_PREFIX = prefix;
    try {
      return await runCli('import', kind, file, '--lang', locale);
    } finally {
      delete process.env.CHURN_WATCH_TABLE_PREFIX;
    }
  };
}

const prefixOf = (tables: TableNames) => tables.orders.slice(0, -tableNames('').orders.length);

async function freshStore(): Promise<{ tables: TableNames; run: ReturnType<typeof importer> }> {
  const tables = await dynamo.freshTables();
  return { tables, run: importer(prefixOf(tables)) };
}

async function profile(tables: TableNames, customerId: string) {
  const { Item } = await dynamo.doc.send(new GetCommand({ TableName: tables.profiles, Key: { customerId } }));
  return Item ? profileFromItem(Item) : undefined;
}

async function items(table: string) {
  return (await dynamo.doc.send(new ScanCommand({ TableName: table }))).Items ?? [];
}

const REPS = '业务员编号,姓名,邮箱\nR01,李娜,lina@example.com\nR02,张伟,zhangwei@example.com\n';

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  await dynamo.close();
});

describe('reps written by name in an export (churn-watch import)', () => {
  it('stores a rep named 李娜 as her id, so the daily run finds her in the reps table', async () => {
    // Prepare
    const { tables, run } = await freshStore();
    await run('reps', write('reps.csv', REPS));
    const orders = write(
      'by-name.csv',
      '订单号,客户编号,下单日期,金额,业务员\nA1,C1,2026-11-01,100,李娜\nA2,C2,2026-11-02,50,R02\n',
    );

    // Act
    const result = await run('orders', orders);

    // Assess
    expect(result.code).toBe(0);
    expect((await profile(tables, 'C1'))?.repId).toBe('R01');
    expect((await profile(tables, 'C2'))?.repId).toBe('R02');
    const stored = await items(tables.orders);
    expect(stored.map((order) => order.repId).sort()).toEqual(['R01', 'R02']);
  });

  it('refuses rows naming a rep the reps table does not know, by file, line and value, listing the reps there are', async () => {
    // Prepare
    const { tables, run } = await freshStore();
    await run('reps', write('reps.csv', REPS));
    const orders = write(
      'unknown.csv',
      '订单号,客户编号,下单日期,金额,业务员\nA1,C1,2026-11-01,100,李娜\nA2,C2,2026-11-02,50,王五\n',
    );

    // Act
    const zh = await run('orders', orders);
    const en = await run('orders', orders, 'en');

    // Assess
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain(
      'unknown.csv 第 3 行，列「业务员」（rep_id）：业务员「王五」既不是业务员表中的编号也不是姓名（已有：R01 李娜、R02 张伟）',
    );
    expect(en.stdout).toContain(
      'unknown.csv line 3, column "业务员" (rep_id): rep "王五" is neither the id nor the name of a rep in the reps table (known: R01 李娜, R02 张伟)',
    );
    expect(await profile(tables, 'C2')).toBeUndefined();
    expect((await profile(tables, 'C1'))?.repId).toBe('R01');
  });

  it('lists the problems in file order, whether found reading the file or storing it', async () => {
    // Prepare: line 2 names an unknown rep (found when storing), line 3 has no amount (found when reading)
    const { run } = await freshStore();
    await run('reps', write('reps.csv', REPS));
    const orders = write(
      'mixed.csv',
      '订单号,客户编号,下单日期,金额,业务员\nA1,C1,2026-11-01,100,王五\nA2,C2,2026-11-02,,R02\n',
    );

    // Act
    const result = await run('orders', orders);

    // Assess
    const second = result.stdout.indexOf('第 2 行');
    const third = result.stdout.indexOf('第 3 行');
    expect(second).toBeGreaterThan(-1);
    expect(third).toBeGreaterThan(second);
  });

  it('refuses a name two reps share, naming both, and takes the id instead', async () => {
    // Prepare
    const { tables, run } = await freshStore();
    await run('reps', write('reps-twins.csv', `${REPS}R07,李娜,lina2@example.com\n`));
    const orders = write(
      'twins.csv',
      '订单号,客户编号,下单日期,金额,业务员\nA1,C1,2026-11-01,100,李娜\nA2,C1,2026-11-02,100,R07\n',
    );

    // Act
    const result = await run('orders', orders);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'twins.csv 第 2 行，列「业务员」（rep_id）：业务员「李娜」对应 2 位业务员（R01、R07），请改填业务员编号',
    );
    expect((await profile(tables, 'C1'))?.repId).toBe('R07');
  });

  it('matches customers master data the same way', async () => {
    // Prepare
    const { tables, run } = await freshStore();
    await run('reps', write('reps.csv', REPS));
    const customers = write('customers.csv', '客户编号,客户名称,业务员\nC1,华联超市,李娜\nC2,好又多,王五\n');

    // Act
    const result = await run('customers', customers);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('customers.csv 第 3 行，列「业务员」（rep_id）：业务员「王五」');
    expect(await items(tables.customers)).toMatchObject([
      { customerId: 'C1', name: '华联超市', repId: 'R01' },
    ]);
  });

  it('with no reps yet, stores the rep column as written and says so once', async () => {
    // Prepare
    const { tables, run } = await freshStore();
    const orders = write(
      'first.csv',
      '订单号,客户编号,下单日期,金额,业务员\nA1,C1,2026-11-01,100,李娜\nA2,C2,2026-11-02,50,李娜\n',
    );

    // Act
    const result = await run('orders', orders);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr.split('业务员表为空').length - 1).toBe(1);
    expect((await profile(tables, 'C1'))?.repId).toBe('李娜');

    // Act: reps imported, the same file again
    await run('reps', write('reps.csv', REPS));
    const again = await run('orders', orders);

    // Assess: the name is now the id
    expect(again.stderr).not.toContain('业务员表为空');
    expect((await profile(tables, 'C1'))?.repId).toBe('R01');
  });
});

describe('reps written by name through the ingest API', () => {
  it('matches a unique name and rejects an unknown one naming the record and field', async () => {
    // Prepare
    const tables = await dynamo.freshTables();
    const handler = createIngestHandler((locale) => ({
      store: dynamoIngestStore(dynamo.doc, tables),
      timeZone: 'Asia/Shanghai',
      retentionDays: 400,
      locale,
    }));
    const post = (kind: string, records: unknown[]) =>
      handler({
        httpMethod: 'POST',
        pathParameters: { kind },
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ records }),
      });
    await post('reps', [
      { repId: 'R01', name: '李娜' },
      { repId: 'R02', name: '张伟' },
    ]);

    // Act
    const response = await post('orders', [
      { orderId: 'A1', customerId: 'C1', orderDate: '2026-11-01', amount: 10, repId: '李娜' },
      { orderId: 'A2', customerId: 'C2', orderDate: '2026-11-01', amount: 10, repId: 'Wang Wu' },
    ]);

    // Assess
    expect(response.statusCode).toBe(207);
    expect(JSON.parse(response.body)).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        {
          index: 1,
          errors: [
            {
              path: 'repId',
              message:
                'rep "Wang Wu" is neither the id nor the name of a rep in the reps table (known: R01 李娜, R02 张伟); import the rep first, or correct the value',
            },
          ],
        },
      ],
    });
    expect((await profile(tables, 'C1'))?.repId).toBe('R01');
  });
});

describe('names in an order export (churn-watch import)', () => {
  it('keeps the customer name and product names on the profile, the latest of each, and a rebuild agrees', async () => {
    // Prepare
    const { tables, run } = await freshStore();
    const orders = write(
      'names.csv',
      [
        '订单号,客户编号,客户名称,下单日期,金额,商品编码,商品名称',
        'A1,C1,王记小卖部,2026-09-01,100,SKU-1,可乐 330ml',
        'A1,C1,王记小卖部,2026-09-01,50,SKU-2,雪碧 330ml',
        'A2,C1,小王便利店,2026-10-01,100,SKU-1,可口可乐 330ml*24',
        'A3,C2,,2026-10-02,80,SKU-2,',
      ].join('\n'),
    );

    // Act
    const result = await run('orders', orders);
    const imported = await profile(tables, 'C1');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('未使用');
    expect(imported).toMatchObject({
      customerName: '小王便利店',
      orders: { skuNames: ['SKU-1', 'SKU-2'], productNames: ['可口可乐 330ml*24', '雪碧 330ml'] },
    });
    expect((await profile(tables, 'C2'))?.customerName).toBeUndefined();

    // Act: recomputed from the stored orders
    process.env.CHURN_WATCH_TABLE_PREFIX = prefixOf(tables);
    try {
      expect((await runCli('rebuild-profiles')).code).toBe(0);
    } finally {
      delete process.env.CHURN_WATCH_TABLE_PREFIX;
    }

    // Assess
    expect(await profile(tables, 'C1')).toEqual(imported);
  });

  it("names a customer from its orders in the daily run's alerts when its master record has no name", async () => {
    // Prepare: C1 is in the customers table with a rep but no name; its orders carry one
    const { tables, run } = await freshStore();
    await run('reps', write('reps.csv', REPS));
    await run('customers', write('customers.csv', '客户编号,业务员\nC1,R01\n'));
    await run(
      'orders',
      write(
        'named-orders.csv',
        [
          '订单号,客户编号,客户名称,下单日期,金额',
          'A1,C1,王记小卖部,2026-06-01,100',
          'A2,C1,王记小卖部,2026-07-01,100',
        ].join('\n'),
      ),
    );

    // Act: the morning run flags C1 (no order for months)
    process.env.CHURN_WATCH_TABLE_PREFIX = prefixOf(tables);
    try {
      await runCli('run', 'daily', '--as-of', '2026-12-01');
    } finally {
      delete process.env.CHURN_WATCH_TABLE_PREFIX;
    }

    // Assess
    const alert = (await items(tables.alerts)).find((item) => item.customerId === 'C1');
    expect(JSON.stringify(alert)).toContain('王记小卖部');
  });
});
