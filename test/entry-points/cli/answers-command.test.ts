import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putAnswer } from '../../../functions/adapters/dynamodb/answer-store.ts';
import { profileToItem } from '../../../functions/adapters/dynamodb/profile-item.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import type { FollowUpAnswer } from '../../../functions/core/follow-up.ts';
import { emptyProfile } from '../../../functions/core/profile.ts';
import { readRecordText } from '../../../functions/adapters/csv/read-records.ts';
import { type LocalDynamo, startLocalDynamo } from '../../use-cases/ingest/dynalite.ts';
import { runCli } from './run-cli.ts';

let dynamo: LocalDynamo;
let tables: TableNames;
const saved = { ...process.env };

/** Answers as the action page stores them: two reps, three customers, five days. */
const ANSWERS: FollowUpAnswer[] = [
  answer('C001', '2026-09-01', 'called', null, 'R01', '2026-09-01T02:00:00.000Z'),
  answer('C001', '2026-09-01', 'not_real', 'seasonal', 'R01', '2026-09-02T03:00:00.000Z'),
  answer('C002', '2026-09-03', 'closed', null, 'R02', '2026-09-04T01:00:00.000Z'),
  answer('C003', '2026-09-03', 'not_real', '老板生病，下月恢复', 'R02', '2026-09-05T08:30:00.000Z'),
  answer('C003', '2026-09-03', 'visited', null, 'R02', '2026-09-03T07:00:00.000Z'),
];

function answer(
  customerId: string,
  episode: string,
  action: FollowUpAnswer['action'],
  reason: string | null,
  repId: string,
  answeredAt: string,
): FollowUpAnswer {
  // Asia/Shanghai is UTC+8: every instant above falls on its UTC date there too.
  return { customerId, episode, action, reason, repId, answeredAt, day: answeredAt.slice(0, 10) };
}

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  tables = await dynamo.freshTables();
  for (const item of ANSWERS) await putAnswer(dynamo.doc, tables.followups, item);
  const put = (table: string, item: Record<string, unknown>) =>
    dynamo.doc.send(new PutCommand({ TableName: table, Item: item }));
  // C001's name from the master data; C002's only from its orders (the profile); C003 has none.
  await put(tables.customers, { customerId: 'C001', name: '城东便利店', repId: 'R01' });
  await put(tables.profiles, profileToItem({ ...emptyProfile('C002'), customerName: '老王烟酒店' }, 1));
  await put(tables.reps, { repId: 'R01', name: '李娜', role: 'rep' });
  await put(tables.reps, { repId: 'R02', name: '王强', role: 'rep' });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    CHURN_WATCH_TABLE_PREFIX: tables.orders.slice(0, -'orders'.length),
  });
});
afterAll(async () => {
  process.env = saved;
  await dynamo.close();
});

describe('churn-watch answers', () => {
  it('lists the answers newest first, in words, with the names known', async () => {
    // Act
    const run = await runCli('answers');
    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('业务员的反馈（全部）：5 条');
    const rows = lines.slice(3).map((line) => line.split(/\s{2,}/));
    expect(rows).toEqual([
      ['2026-09-05', '王强（R02）', 'C003', '不是真的流失', '老板生病，下月恢复', '2026-09-03'],
      ['2026-09-04', '王强（R02）', '老王烟酒店（C002）', '客户已关店', '2026-09-03'],
      ['2026-09-03', '王强（R02）', 'C003', '已上门拜访', '2026-09-03'],
      ['2026-09-02', '李娜（R01）', '城东便利店（C001）', '不是真的流失', '季节性', '2026-09-01'],
      ['2026-09-01', '李娜（R01）', '城东便利店（C001）', '已电话联系', '2026-09-01'],
    ]);
  });

  it('keeps a period and one rep, by id or by name, and speaks English', async () => {
    // Act
    const byName = await runCli('answers', '--from', '2026-09-02', '--to', '2026-09-04', '--rep', '王强');
    const en = await runCli('answers', '--rep', 'R01', '--lang', 'en');
    // Assess
    expect(byName.stdout).toContain('业务员的反馈（2026-09-02 ～ 2026-09-04）：2 条');
    expect(byName.stdout).toContain('客户已关店');
    expect(byName.stdout).toContain('已上门拜访');
    expect(byName.stdout).not.toContain('C001');
    expect(en.stdout).toContain("Reps' answers (all): 2");
    expect(en.stdout).toContain('Not a real risk');
    expect(en.stdout).toContain('Seasonal');
    expect(en.stdout).toContain('城东便利店 (C001)');
  });

  it('writes the csv backtest --answers reads, with stable English headers in any language', async () => {
    // Act
    const run = await runCli('answers', '--format', 'csv', '--to', '2026-09-04');
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'customer_id,episode,action,reason,rep_id,answered_at,day',
        'C002,2026-09-03,closed,,R02,2026-09-04T01:00:00.000Z,2026-09-04',
        'C003,2026-09-03,visited,,R02,2026-09-03T07:00:00.000Z,2026-09-03',
        'C001,2026-09-01,not_real,seasonal,R01,2026-09-02T03:00:00.000Z,2026-09-02',
        'C001,2026-09-01,called,,R01,2026-09-01T02:00:00.000Z,2026-09-01',
        '',
      ].join('\n'),
    );
    const read = readRecordText(run.stdout, 'answers.csv', 'answers', {
      timeZone: 'Asia/Shanghai',
      locale: 'en',
    });
    expect(read.issues).toEqual([]);
    expect(read.records.map((record) => [record.customerId, record.action])).toEqual([
      ['C002', 'closed'],
      ['C003', 'visited'],
      ['C001', 'not_real'],
      ['C001', 'called'],
    ]);
  });

  it('gives the answers as JSON with the names', async () => {
    const run = await runCli('answers', '--format', 'json', '--rep', 'R02', '--from', '2026-09-04');
    expect(JSON.parse(run.stdout)).toEqual([
      { ...ANSWERS[3], customerName: null, repName: '王强' },
      { ...ANSWERS[2], customerName: '老王烟酒店', repName: '王强' },
    ]);
  });

  it('refuses a bad day, a reversed period, an unknown rep and an unknown format', async () => {
    const bad = await runCli('answers', '--from', '2026/09/01');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from 应为有效日期 YYYY-MM-DD');
    const reversed = await runCli('answers', '--from', '2026-09-05', '--to', '2026-09-01', '--lang', 'en');
    expect(reversed.stderr).toContain('--from must not be after --to');
    const rep = await runCli('answers', '--rep', '张三');
    expect(rep.code).toBe(2);
    expect(rep.stderr).toContain('业务员「张三」既不是业务员表中的编号也不是姓名');
    const format = await runCli('answers', '--format', 'xml');
    expect(format.stderr).toContain('--format 只能是 table、csv 或 json');
  });

  it('says so when a period has no answers', async () => {
    const run = await runCli('answers', '--from', '2026-10-01');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('业务员的反馈（2026-10-01 ～ …）：0 条\n这段时间没有反馈。\n');
  });

  it('is listed in the help, Chinese first, and explains itself', async () => {
    const top = await runCli('--help');
    const own = await runCli('answers', '--help', '--lang', 'en');
    expect(top.stdout).toContain('answers           列出业务员对预警的反馈');
    expect(own.stdout).toContain('The csv columns: customer_id,episode,action,reason,rep_id,answered_at,day');
  });
});
