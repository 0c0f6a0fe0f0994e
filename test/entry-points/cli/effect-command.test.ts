import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { formatDay } from '../../../functions/core/days.ts';
import { ruleTitle } from '../../../functions/text/explain.ts';
import { effectReport } from '../../../functions/core/effect.ts';
import { effectHeadline } from '../../../functions/text/effect-figures.ts';
import { renderEffectText } from '../../../functions/entry-points/cli/effect-command.ts';
import { dynamoCycleStores } from '../../../functions/adapters/dynamodb/cycle-stores.ts';
import { ZERO_COUNTS, writeRunRecord } from '../../../functions/use-cases/cycle/run-evaluation.ts';
import { day } from '../../core/helpers.ts';
import { AS_OF, seedScenario } from '../../use-cases/cycle/scenario.ts';
import { type LocalDynamo, startLocalDynamo } from '../../use-cases/ingest/dynalite.ts';
import { seedEffectHistory } from '../../support/effect-history.ts';
import { runCli } from './run-cli.ts';

let dynamo: LocalDynamo;
let tables: TableNames;
const saved = { ...process.env };

const WARNED = '2026-09-01';
const SWITCHED_ON = formatDay(day(AS_OF) - 60);

/** A day of the daily run, as its run record marks it. */
async function ranOn(date: string): Promise<void> {
  await writeRunRecord(dynamoCycleStores(dynamo.doc, tables).runs, {
    asOf: date,
    configVersion: 0,
    ...ZERO_COUNTS,
    unreadableProfiles: [],
    unreadableAlerts: [],
  });
}

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  tables = await dynamo.freshTables();
  await seedScenario(
    {
      doc: dynamo.doc,
      sesUrl: 'http://127.0.0.1:9',
      wecomWebhook: (key) => `http://127.0.0.1:9/robot/${key}`,
    },
    tables,
    'robot',
  );
  await seedEffectHistory(dynamo.doc, tables, WARNED);
  await ranOn(SWITCHED_ON);
  await ranOn(AS_OF);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    CHURN_WATCH_TABLE_PREFIX: tables.orders.slice(0, -'orders'.length),
  });
});
afterAll(async () => {
  process.env = saved;
  await dynamo.close();
});

describe('churn-watch effect', () => {
  it('compares recovery with and without follow-up at the same tier and risk, in Chinese first', async () => {
    // Act
    const run = await runCli('effect', '--from', '2026-08-01', '--to', '2026-10-31');
    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '预警 62 次 = 参与比较 60 次 + 结果未定（不满 30 天）0 次 + 标为“不是真的流失”不参与比较 2 次；其中客户已关店 0 次',
    );
    expect(run.stdout).toContain('已跟进：47%（30%–64%），30 次中恢复 14 次');
    expect(run.stdout).toContain('未跟进：33%（19%–51%），30 次中恢复 10 次');
    expect(run.stdout).toContain(
      '同等级、同风险段相比（Mantel–Haenszel）：+20 个百分点（95% 区间 −5 ~ +45，还不能确定有差别）',
    );
    expect(run.stdout).toContain('已发优惠券');
    expect(run.stdout).toContain(`${ruleTitle('inactive', 'zh-CN')}：62 次中 2 次（3%）`);
    expect(run.stdout).toContain(`上线：${SWITCHED_ON}`);
    expect(run.stdout).toContain('不是对照实验');
  });

  it('gives the same figures as JSON, with the churn before and after the switch-on', async () => {
    // Act
    const run = await runCli('effect', '--from', '2026-08-01', '--to', AS_OF, '--format', 'json');
    // Assess
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.report).toMatchObject({ warnings: 62, notReal: 2, compared: 60, asOf: AS_OF });
    expect(output.report.overall.adjusted.difference).toBeCloseTo(0.2, 10);
    expect(output.report.byAction.visited.withFollowUp.warnings).toBe(15);
    expect(output.churn).toMatchObject({ switchedOn: SWITCHED_ON, periodDays: 30 });
    // Before: everyone bought every week; latest period: the four who stopped 40 days ago have churned.
    expect(output.churn.before.total).toMatchObject({ base: 20, churned: 0 });
    expect(output.churn.after.total).toMatchObject({ base: 20, churned: 4 });
    // The weekly summary's line, from the same report
    expect(effectHeadline(output.report, 'en')).toContain('47% of the warned customers followed up');
  });

  it('speaks English with --lang en, and says "too few" for a period with little in it', async () => {
    // Act
    const run = await runCli('effect', '--from', '2026-10-01', '--to', '2026-10-31', '--lang', 'en');
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 warnings');
    expect(run.stdout).toContain('too few to say');
  });

  it('says the outcomes are not known yet when every warning is under 30 days old, without empty tables', () => {
    // Prepare: two warnings of last week, one followed up
    const warning = (customerId: string) => ({
      customerId,
      episode: '2026-12-01',
      warnedDay: '2026-12-01',
      repId: 'R01',
      tier: 'important' as const,
      risk: 0.6,
      rules: ['inactive' as const],
      endedDate: null,
      endedReason: null,
    });
    const report = effectReport({
      warnings: [warning('C1'), warning('C2')],
      answers: [
        {
          customerId: 'C1',
          episode: '2026-12-01',
          action: 'called',
          reason: null,
          repId: 'R01',
          answeredAt: '2026-12-02T02:00:00.000Z',
          day: '2026-12-02',
        },
      ],
      from: '2026-11-01',
      to: '2026-12-08',
      asOf: '2026-12-08',
      settings: { recoveryDays: 30, followUpWithinDays: 2 },
    });

    // Act
    const text = renderEffectText({ report, churn: null }, 'zh-CN');

    // Assess
    expect(text).toContain('预警 2 次 = 参与比较 0 次 + 结果未定（不满 30 天）2 次');
    expect(text).toContain('这段时间的预警都还不满 30 天，结果未定，不是没有跟进');
    expect(text).not.toContain('按客户等级');
  });

  it('refuses a reversed or malformed period', async () => {
    const reversed = await runCli('effect', '--from', '2026-10-31', '--to', '2026-10-01');
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('--from 不能晚于 --to');
    const malformed = await runCli('effect', '--from', '2026/10/01', '--to', '2026-10-31', '--lang', 'en');
    expect(malformed.stderr).toContain('must be YYYY-MM-DD');
  });
});
