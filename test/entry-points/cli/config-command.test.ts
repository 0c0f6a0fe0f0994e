import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { GetScheduleCommand, SchedulerClient, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ABANDONED_SAVE_MS,
  ConfigConflictError,
  configHistory,
  configVersionKey,
  CURRENT_CONFIG_KEY,
  InvalidConfigError,
  loadConfig,
  saveConfig,
} from '../../../functions/adapters/dynamodb/config-store.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { DEFAULT_CONFIG } from '../../../functions/core/config.ts';
import { describeFieldIssue } from '../../../functions/text/problems.ts';
import { seedSixShops } from '../../support/six-shops.ts';
import { type LocalDynamo, startLocalDynamo } from '../../use-cases/ingest/dynalite.ts';
import { runCli } from './run-cli.ts';

const AS_OF = '2026-11-20';

let dynamo: LocalDynamo;
const saved = { ...process.env };

/** Points the CLI at a fresh set of tables. */
async function useFreshTables(): Promise<TableNames> {
  const tables = await dynamo.freshTables();
  process.env.CHURN_WATCH_TABLE_PREFIX = tables.orders.slice(0, -'orders'.length);
  return tables;
}

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, CHURN_WATCH_ADMIN: 'ops-admin' });
});
afterAll(async () => {
  process.env = saved;
  await dynamo.close();
});

describe('churn-watch config get / set / history / rollback', () => {
  let tables: TableNames;
  beforeAll(async () => {
    tables = await useFreshTables();
  });

  it('prints the defaults as the JSON document when nothing is stored', async () => {
    // Act
    const json = await runCli('config', 'get', '--format', 'json');
    const table = await runCli('config', 'get', '--lang', 'en');
    // Assess
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(DEFAULT_CONFIG);
    expect(json.stderr).toContain('版本 0');
    expect(table.stdout).toContain('Current config: version 0 (never changed; all defaults)');
    expect(table.stdout).toMatch(/rules\.inactive\.days\s+30\s+Inactive: no order for 30 days in a row$/m);
    expect(table.stdout).not.toMatch(/^\* +[a-z]+\./m);
  });

  it('saves a valid change as version 1, lists it, and the daily run reads it', async () => {
    // Act
    const run = await runCli(
      'config',
      'set',
      'rules.inactive.days=21',
      '--reason',
      '旺季前提前提醒',
      '--by',
      '张三',
    );
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('已保存为版本 1');
    expect(run.stdout).toContain('rules.inactive.days: 30 → 21');
    const loaded = await loadConfig(dynamo.doc, tables.config);
    expect(loaded.version).toBe(1);
    expect(loaded.config.rules.inactive.days).toBe(21);
    const table = await runCli('config', 'get');
    expect(table.stdout).toContain('当前配置：版本 1，张三 于');
    expect(table.stdout).toContain('旺季前提前提醒');
    expect(table.stdout).toMatch(/^\* +rules\.inactive\.days +21 +30 +即将流失：连续 21 天没有下单$/m);
    const one = await runCli('config', 'get', 'rules.inactive.days', 'schedule');
    expect(one.stdout).toContain('rules.inactive.days=21  # 即将流失：连续 21 天没有下单\n');
    expect(one.stdout).toContain('schedule.dailyTime=07:30  # 每天 07:30 发送晨报\n');
  });

  it.each([
    ['rules.inactive.days=0', 'rules.inactive.days', 'a whole number from 1 to 3650'],
    ['schedule.dailyTime=7:30', 'schedule.dailyTime', 'must be a time HH:MM (allowed: 00:00 to 23:59)'],
    ['rules.inactve.days=10', 'rules.inactve', 'settings here: inactive, churned'],
    ['tiers.vipShare=0', 'tiers.vipShare', 'greater than 0 and at most 1'],
    ['rules.inactive.days=abc', 'rules.inactive.days', 'must be a whole number from 1 to 3650\n'],
    ['escalation.tiers=vip,gold', 'escalation.tiers (entry 2)', '"gold" is not allowed'],
    ['rules.cycle_overdue.cycles=3', 'rules.cycle_overdue.cycles', 'below rules.churned.cycles (2)'],
  ])('refuses %s naming the key and what is allowed, changing nothing', async (assignment, key, allowed) => {
    // Act
    const run = await runCli('config', 'set', assignment, '--reason', 'test', '--lang', 'en');
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing was changed');
    expect(run.stderr).toContain(key);
    expect(run.stderr).toContain(allowed);
    expect(run.stdout).toBe('');
    expect((await loadConfig(dynamo.doc, tables.config)).version).toBe(1);
  });

  it('refuses invalid values in Chinese too, each with its range, saying a choice only once', async () => {
    // Act
    const run = await runCli(
      'config',
      'set',
      'rules.inactive.days=0',
      'schedule.weeklyDay=MONDAY',
      'escalation.tiers=vip,gold',
      'rules.inactive.flag=yes',
      'rules.churned.cycles=abc',
      'rules.sales_drop.dropPct=200',
      'schedule.dailyTime=7:30',
      '--reason',
      '测试',
    );
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('配置无效，未做任何修改');
    expect(run.stderr).toContain('rules.inactive.days 应不小于 1（允许：1–3650 的整数）');
    expect(run.stderr).toContain(
      'schedule.weeklyDay 「MONDAY」不可用，只能是 MON、TUE、WED、THU、FRI、SAT、SUN\n',
    );
    // In a list, the entry at fault is named, and its place counted as a person counts (from 1)
    expect(run.stderr).toContain('escalation.tiers 第 2 项「gold」不可用');
    // A value of the wrong kind: what the setting takes, in the admin page's words
    expect(run.stderr).toContain('rules.inactive.flag 应为 true 或 false\n');
    expect(run.stderr).toMatch(/rules\.churned\.cycles 应为 \S+ 的数，可带小数\n/);
    // One bracket pair after each refusal: what is allowed
    expect(run.stderr).toMatch(/rules\.sales_drop\.dropPct 应不大于 100（允许：[^（）]+）\n/);
    expect(run.stderr).toContain('schedule.dailyTime 应为 HH:MM 格式的时间（允许：00:00–23:59）\n');
    const notAssignment = await runCli('config', 'set', 'rules.inactive.days', '--reason', '测试');
    expect(notAssignment.stderr).toContain(
      '「rules.inactive.days」应写成「设置项=值」，例如 rules.inactive.days=21',
    );
    expect(run.stderr).not.toMatch(/类型应为|\.1 /);
  });

  it("refuses a repeated reason in the admin's language, without listing the neighbouring settings", async () => {
    // Act
    const run = await runCli('config', 'set', 'followUp.reasons=季节性,季节性', '--reason', '测试');
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('followUp.reasons 同一个原因不能列两次');
    expect(run.stderr).not.toContain('此处可用的设置项');
  });

  it('refuses a bad value without a reason once, with both problems, in Chinese and English', async () => {
    // Act
    const zh = await runCli('config', 'set', 'rules.inactive.days=abc');
    const en = await runCli('config', 'set', 'rules.inactive.days=abc', '--lang', 'en');
    // Assess: the value's problem and the missing reason together, so one more try is enough
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('配置无效，未做任何修改');
    expect(zh.stderr).toMatch(/rules\.inactive\.days 应为 1–3650 的整数/);
    expect(zh.stderr).toContain('请用 --reason 写明修改原因');
    expect(en.stderr).toContain('rules.inactive.days must be a whole number from 1 to 3650');
    expect(en.stderr).toContain('say why with --reason');
  });

  it('needs a reason and a KEY=VALUE', async () => {
    // Act
    const noReason = await runCli('config', 'set', 'rules.inactive.days=25', '--lang', 'en');
    const noValue = await runCli('config', 'set', 'rules.inactive.days', '--reason', 'x', '--lang', 'en');
    // Assess
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason');
    expect(noValue.code).toBe(1);
    expect(noValue.stderr).toContain('should be KEY=VALUE');
    expect((await loadConfig(dynamo.doc, tables.config)).version).toBe(1);
  });

  it('says so and saves nothing when the values are already in effect', async () => {
    // Act
    const run = await runCli('config', 'set', 'rules.inactive.days=21', '--reason', 'again', '--lang', 'en');
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nothing was changed (still version 1)');
  });

  it('lists the versions newest first with who, when, why and what', async () => {
    // Prepare: the by-default author comes from CHURN_WATCH_ADMIN
    await runCli(
      'config',
      'set',
      'schedule.dailyTime=06:30',
      'escalation.tiers=["vip"]',
      'rules.inactive.tiers.vip.days=14',
      '--reason',
      'VIPs earlier',
    );
    // Act
    const table = await runCli('config', 'history', '--lang', 'en');
    const json = await runCli('config', 'history', '--format', 'json');
    // Assess
    expect(table.code).toBe(0);
    expect(table.stdout.indexOf('v2 ')).toBeLessThan(table.stdout.indexOf('v1 '));
    expect(table.stdout).toContain('ops-admin  why: VIPs earlier');
    expect(table.stdout).toContain('张三  why: 旺季前提前提醒');
    expect(table.stdout).toContain('schedule.dailyTime: 07:30 → 06:30');
    expect(table.stdout).toContain('escalation.tiers: ["vip","important"] → ["vip"]');
    expect(table.stdout).toContain('rules.inactive.tiers.vip.days: (not set) → 14');
    const versions = JSON.parse(json.stdout) as { version: number; changedBy: string; changedAt: string }[];
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[1]?.changedBy).toBe('张三');
    expect(Date.parse(versions[0]?.changedAt ?? '')).not.toBeNaN();
  });

  it('rolls back by saving a new version with the old overrides', async () => {
    // Act
    const run = await runCli(
      'config',
      'rollback',
      '--reason',
      'VIP list too long',
      '--by',
      '王五',
      '--lang',
      'en',
    );
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Rolled back to the settings of version 1.');
    expect(run.stdout).toContain('Saved as version 3:');
    expect(run.stdout).toContain('schedule.dailyTime: 06:30 → 07:30');
    const loaded = await loadConfig(dynamo.doc, tables.config);
    expect(loaded.version).toBe(3);
    expect(loaded.config.rules.inactive.days).toBe(21);
    expect(loaded.config.rules.inactive.tiers).toBeUndefined();
    const [latest] = await configHistory(dynamo.doc, tables.config);
    expect(latest).toMatchObject({
      version: 3,
      changedBy: '王五',
      reason: 'rollback to v1: VIP list too long',
      rolledBackTo: 1,
      overrides: { rules: { inactive: { days: 21 } } },
    });
    expect((await runCli('config', 'history')).stdout).toContain(
      '王五  原因：回滚到版本 1：VIP list too long',
    );
  });

  it('rolls back to the defaults with version 0, and refuses a version that is not there', async () => {
    // Act
    const defaults = await runCli('config', 'rollback', 'v0', '--reason', 'start over', '--lang', 'en');
    const future = await runCli('config', 'rollback', '9', '--reason', 'x', '--lang', 'en');
    // Assess
    expect(defaults.stdout).toContain('Saved as version 4:');
    expect((await loadConfig(dynamo.doc, tables.config)).config).toEqual(DEFAULT_CONFIG);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('from 0 to 3');
    expect((await loadConfig(dynamo.doc, tables.config)).version).toBe(4);
  });

  it('explains itself to an admin in both languages', async () => {
    // Act
    const zh = await runCli('config', '--help');
    const en = await runCli('config', 'get', '--help', '--lang', 'en');
    const top = await runCli('--help');
    // Assess
    expect(zh.stdout).toContain('用法：churn-watch config get');
    expect(en.stdout).toContain('rules.inactive.tiers.vip.days');
    expect(top.stdout).toContain('config            查看、修改、预览和回滚');
  });
});

describe('saveConfig: two admins at once', () => {
  let tables: TableNames;
  const change = (days: number, expectedVersion: number) => ({
    overrides: { rules: { inactive: { days } } },
    changedBy: `admin-${days}`,
    reason: 'test',
    expectedVersion,
  });
  beforeAll(async () => {
    tables = await useFreshTables();
  });

  it('refuses the second of two saves made on top of the same version', async () => {
    // Act
    const first = await saveConfig(dynamo.doc, tables.config, change(20, 0));
    const second = saveConfig(dynamo.doc, tables.config, change(25, 0));
    // Assess
    expect(first.version).toBe(1);
    await expect(second).rejects.toBeInstanceOf(ConfigConflictError);
    await expect(second).rejects.toThrow(
      'someone else changed the config (now version 1); nothing was saved. Run churn-watch config get and try again.',
    );
    expect((await loadConfig(dynamo.doc, tables.config)).config.rules.inactive.days).toBe(20);
  });

  it('lets exactly one of two simultaneous saves win', async () => {
    // Act
    const results = await Promise.allSettled([
      saveConfig(dynamo.doc, tables.config, change(40, 1)),
      saveConfig(dynamo.doc, tables.config, change(45, 1)),
    ]);
    // Assess
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result) => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConfigConflictError);
    const loaded = await loadConfig(dynamo.doc, tables.config);
    expect(loaded.version).toBe(2);
    const history = await configHistory(dynamo.doc, tables.config);
    expect(history.map((v) => v.version)).toEqual([2, 1]);
    expect(history[0]?.overrides).toEqual(
      loaded.config.rules.inactive.days === 40 ? change(40, 1).overrides : change(45, 1).overrides,
    );
  });

  it('refuses an invalid document with the issues in both languages, writing nothing', async () => {
    // Act
    const save = saveConfig(dynamo.doc, tables.config, { ...change(0, 2) });
    // Assess
    await expect(save).rejects.toBeInstanceOf(InvalidConfigError);
    const error = (await save.catch((e: unknown) => e)) as InvalidConfigError;
    expect(error.issues.map((issue) => describeFieldIssue(issue, 'en'))).toEqual([
      { field: 'rules.inactive.days', message: 'must be at least 1' },
    ]);
    expect(error.describe('zh-CN')).toContain('未做任何修改');
    expect((await configHistory(dynamo.doc, tables.config)).map((v) => v.version)).toEqual([2, 1]);
  });

  it('takes over a version left behind by a save that stopped between its two writes', async () => {
    // Prepare: a version 3 item whose save never made it current
    const stale = new Date(Date.now() - 2 * ABANDONED_SAVE_MS).toISOString();
    await dynamo.doc.send(
      new PutCommand({
        TableName: tables.config,
        Item: {
          ...configVersionKey(3),
          version: 3,
          overrides: {},
          changedBy: 'crashed',
          changedAt: stale,
          reason: 'x',
          changes: [],
        },
      }),
    );
    expect((await configHistory(dynamo.doc, tables.config)).map((v) => v.version)).toEqual([2, 1]);
    // Act
    const saved = await saveConfig(dynamo.doc, tables.config, change(33, 2));
    // Assess
    expect(saved.version).toBe(3);
    const { Item } = await dynamo.doc.send(
      new GetCommand({ TableName: tables.config, Key: configVersionKey(3) }),
    );
    expect(Item?.changedBy).toBe('admin-33');
    const { Item: current } = await dynamo.doc.send(
      new GetCommand({ TableName: tables.config, Key: CURRENT_CONFIG_KEY }),
    );
    expect(current).toMatchObject({
      version: 3,
      changedBy: 'admin-33',
      overrides: { rules: { inactive: { days: 33 } } },
    });
  });

  it('does not take over a version another save is making right now', async () => {
    // Prepare
    await dynamo.doc.send(
      new PutCommand({
        TableName: tables.config,
        Item: {
          ...configVersionKey(4),
          version: 4,
          overrides: {},
          changedBy: 'busy',
          changedAt: new Date().toISOString(),
          reason: 'x',
          changes: [],
        },
      }),
    );
    // Act
    const save = saveConfig(dynamo.doc, tables.config, change(34, 3));
    // Assess
    await expect(save).rejects.toThrow('now version 4');
    expect((await loadConfig(dynamo.doc, tables.config)).version).toBe(3);
  });
});

describe('a stored config that no longer validates', () => {
  let tables: TableNames;
  beforeAll(async () => {
    tables = await useFreshTables();
    // e.g. edited by hand in the console
    await dynamo.doc.send(
      new PutCommand({
        TableName: tables.config,
        Item: { ...CURRENT_CONFIG_KEY, version: 2, overrides: { rules: { inactive: { days: 0 } } } },
      }),
    );
  });

  it('is reported by get, and repaired by set', async () => {
    // Act
    const get = await runCli('config', 'get', '--lang', 'en');
    const history = await runCli('config', 'history', '--lang', 'en');
    // the default value: no change against the defaults, but the broken document must still be replaced
    const set = await runCli('config', 'set', 'rules.inactive.days=30', '--reason', 'repair', '--lang', 'en');
    // Assess
    expect(get.code).toBe(1);
    expect(get.stderr).toContain('the current config (version 2) in the config table is invalid');
    expect(history.code).toBe(0);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Saved as version 3:');
    expect(await loadConfig(dynamo.doc, tables.config)).toEqual({ config: DEFAULT_CONFIG, version: 3 });
  });
});

describe('churn-watch config preview', () => {
  let tables: TableNames;
  beforeAll(async () => {
    tables = await useFreshTables();
    await seedSixShops(dynamo.doc, tables, AS_OF);
  });

  it('counts per signal and tier now and with the new values, and saves nothing', async () => {
    // Act
    const table = await runCli(
      'config',
      'preview',
      'rules.inactive.days=50',
      '--as-of',
      AS_OF,
      '--lang',
      'en',
    );
    const json = await runCli(
      'config',
      'preview',
      'rules.inactive.days=50',
      '--as-of',
      AS_OF,
      '--format',
      'json',
    );
    // Assess
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('6 customers evaluated on the data of 2026-11-20');
    expect(table.stdout).toContain('rules.inactive.days: 30 → 50');
    expect(table.stdout).toMatch(/inactive Inactive\s+3\s+0\s+−3/);
    // The signals in the order every list of them uses; the share at risk in percent.
    const at = ['churned Churned', 'cycle_overdue Order overdue', 'inactive Inactive', 'visit_overdue'].map(
      (row) => table.stdout.indexOf(row),
    );
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(table.stdout).toMatch(/Share of all customers\s+50%\s+50%\n/);
    expect(table.stdout).toContain('Nothing was saved.');
    const preview = JSON.parse(json.stdout) as {
      currentVersion: number;
      current: {
        atRisk: number;
        byRule: Record<string, number>;
        byTier: Record<string, { customers: number }>;
      };
      proposed: { atRisk: number; byRule: Record<string, number> };
    };
    expect(preview.currentVersion).toBe(0);
    expect(preview.current.byRule.inactive).toBe(3);
    expect(preview.proposed.byRule.inactive).toBe(0);
    expect(preview.current.atRisk).toBe(3);
    expect(Object.values(preview.current.byTier).reduce((sum, tier) => sum + tier.customers, 0)).toBe(6);
    expect((await loadConfig(dynamo.doc, tables.config)).version).toBe(0);
    expect(await configHistory(dynamo.doc, tables.config)).toEqual([]);
  });

  it('shows the total at risk moving when customers silent that long count as lost', async () => {
    // Act
    const run = await runCli(
      'config',
      'preview',
      'atRisk.lostAfterDays=35',
      '--as-of',
      AS_OF,
      '--format',
      'json',
    );
    // Assess
    const preview = JSON.parse(run.stdout) as {
      current: { atRisk: number; lost: number };
      proposed: { atRisk: number; lost: number };
    };
    expect(preview.current).toMatchObject({ atRisk: 3, lost: 0 });
    expect(preview.proposed).toMatchObject({ atRisk: 0, lost: 3 });
    const table = await runCli('config', 'preview', 'atRisk.lostAfterDays=35', '--as-of', AS_OF);
    expect(table.stdout).toMatch(/占全部客户\s+50%\s+0%\s+−50 个百分点/);
  });

  it('refuses an invalid value as set does', async () => {
    // Act
    const run = await runCli('config', 'preview', 'rules.inactive.days=0', '--as-of', AS_OF, '--lang', 'en');
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'rules.inactive.days must be at least 1 (allowed: a whole number from 1 to 3650)',
    );
  });
});

describe('config set on AWS: the schedules follow the config', () => {
  const scheduler = mockClient(SchedulerClient);
  const definition = (name: string, expression: string) => ({
    Name: name,
    GroupName: 'default',
    ScheduleExpression: expression,
    ScheduleExpressionTimezone: 'Asia/Shanghai',
    FlexibleTimeWindow: { Mode: 'OFF' as const },
    State: 'ENABLED' as const,
    Target: {
      Arn: 'arn:aws:lambda:cn-north-1:123456789012:function:evaluator',
      RoleArn: 'arn:aws:iam::123456789012:role/scheduler',
      Input: '{"kind":"daily"}',
    },
  });
  beforeAll(async () => {
    await useFreshTables();
    process.env.CHURN_WATCH_SCHEDULE_PREFIX = 'churn-watch-prod-';
  });
  afterEach(() => {
    scheduler.reset();
  });
  afterAll(() => {
    delete process.env.CHURN_WATCH_SCHEDULE_PREFIX;
    scheduler.restore();
  });

  it('moves the daily schedule when the digest time changes, keeping the rest of its definition', async () => {
    // Prepare
    scheduler
      .on(GetScheduleCommand, { Name: 'churn-watch-prod-daily' })
      .resolves(definition('churn-watch-prod-daily', 'cron(30 7 * * ? *)'))
      .on(GetScheduleCommand, { Name: 'churn-watch-prod-weekly' })
      .resolves(definition('churn-watch-prod-weekly', 'cron(0 8 ? * MON *)'))
      .on(UpdateScheduleCommand)
      .resolves({});
    // Act
    const run = await runCli(
      'config',
      'set',
      'schedule.dailyTime=06:30',
      '--reason',
      'earlier rounds',
      '--lang',
      'en',
    );
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Schedule churn-watch-prod-daily: cron(30 7 * * ? *) (Asia/Shanghai) → cron(30 6 * * ? *)',
    );
    const updates = scheduler.commandCalls(UpdateScheduleCommand);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args[0].input).toMatchObject({
      ...definition('churn-watch-prod-daily', 'cron(30 6 * * ? *)'),
    });
  });

  it('says the settings are saved but the schedules are not when Scheduler refuses', async () => {
    // Prepare
    scheduler.on(GetScheduleCommand).rejects(new Error('AccessDeniedException: not authorized'));
    // Act
    const run = await runCli(
      'config',
      'set',
      'schedule.weeklyDay=TUE',
      '--reason',
      'team meeting moved',
      '--lang',
      'en',
    );
    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('schedule.weeklyDay: MON → TUE');
    expect(run.stderr).toContain('The settings are saved, but the schedules were not updated');
  });
});
