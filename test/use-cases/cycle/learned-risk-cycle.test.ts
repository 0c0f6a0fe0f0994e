import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, saveConfig } from '../../../functions/adapters/dynamodb/config-store.ts';
import { readAllProfiles } from '../../../functions/adapters/dynamodb/profile-scan.ts';
import {
  latestRiskModelBefore,
  writeRiskModel,
} from '../../../functions/adapters/dynamodb/risk-model-store.ts';
import { alertFromItem } from '../../../functions/adapters/dynamodb/alert-item.ts';
import { scanItems } from '../../../functions/adapters/dynamodb/scan.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import type { AlertRecord } from '../../../functions/core/alerts.ts';
import { type Day, formatDay } from '../../../functions/core/days.ts';
import { RISK_FEATURES } from '../../../functions/core/learned/features.ts';
import { fitRiskModel } from '../../../functions/core/learned/fit.ts';
import type { LearnedRiskModel } from '../../../functions/core/learned/model.ts';
import { evaluateCustomers } from '../../../functions/core/evaluate.ts';
import { runFannedOut } from '../../../functions/use-cases/cycle/fan-out.ts';
import {
  MAX_MODEL_AGE_DAYS,
  refitRiskModel,
  runModelOf,
  weeklyRescorer,
} from '../../../functions/use-cases/cycle/learned-scoring.ts';
import { runDaily } from '../../../functions/use-cases/cycle/run-daily.ts';
import { runEvaluation } from '../../../functions/use-cases/cycle/run-evaluation.ts';
import { runWeekly } from '../../../functions/use-cases/cycle/run-weekly.ts';
import { configuredRetention } from '../../../functions/adapters/dynamodb/ingest-store.ts';
import { day } from '../../core/helpers.ts';
import { runCli } from '../../entry-points/cli/run-cli.ts';
import { shopLines } from '../../support/shops.ts';
import { cycleDeps, ingestAll, ingestDeps } from './scenario.ts';
import { type CycleServices, startCycleServices } from './services.ts';
import {
  dynamoCycleStores,
  dynamoRiskModelStore,
} from '../../../functions/adapters/dynamodb/cycle-stores.ts';

/**
 * The learned risk in the daily product: an admin turns it on, the weekly run fits it on the stored history,
 * and from the next morning the reps' lists follow its threshold, each customer with the model's reasons.
 */
const FIT_DAY = day('2026-11-16');
const ROBOT = 'learned-robot';

let services: CycleServices;
let tables: TableNames;

/** 160 shops over 20 months, ordering every 7 to 60 days; about a third stop for good along the way. */
async function seedShops(
  into: TableNames,
  overrides: Record<string, unknown> = { profile: { retentionDays: 560 } },
): Promise<void> {
  const { doc } = services.dynamo;
  // Saved before the history arrives, so ingest keeps the history as these settings say.
  await saveConfig(doc, into.config, {
    overrides,
    changedBy: 'admin',
    reason: 'settings before the history',
    expectedVersion: 0,
  });
  const deps = { ...ingestDeps(doc, into), retentionDays: configuredRetention(doc, into.config) };
  const reps = [
    { repId: 'R01', name: '李娜', role: 'rep', managerId: 'M01', channel: 'email', email: 'l01@example.com' },
    {
      repId: 'R02',
      name: '郑浩',
      role: 'rep',
      managerId: 'M01',
      channel: 'wecom',
      wecomWebhook: services.scenario.wecomWebhook(ROBOT),
    },
    {
      repId: 'R03',
      name: 'Chen Jing',
      role: 'rep',
      managerId: 'M01',
      channel: 'email',
      email: 'l03@example.com',
      locale: 'en',
    },
    { repId: 'M01', name: '吴刚', role: 'manager', channel: 'email', email: 'lm01@example.com' },
  ];
  const repOf = (customerId: string) => `R0${(Number(customerId.slice(1)) % 3) + 1}`;
  const lines = shopLines(160, FIT_DAY - 600, FIT_DAY + 6);
  const customers = [...new Set(lines.map((line) => line.customerId))].map((customerId) => ({
    customerId,
    name: `门店${customerId}`,
    repId: repOf(customerId),
  }));
  const orders = lines.map((line) => ({
    orderId: line.orderId,
    customerId: line.customerId,
    orderDate: formatDay(line.day),
    amount: line.amount / 100,
    repId: repOf(line.customerId),
  }));
  await ingestAll(deps, { reps, customers, orders });
}

beforeAll(async () => {
  services = await startCycleServices();
  services.wecom.registerKey(ROBOT);
  tables = await services.dynamo.freshTables();
  await seedShops(tables);
}, 120_000);
afterAll(async () => {
  await services.close();
});

const clock = { now: Date.parse('2026-11-16T00:00:00Z') };
const deps = () => cycleDeps(services.scenario, tables, clock);

async function storedAlerts(): Promise<AlertRecord[]> {
  const records: AlertRecord[] = [];
  for await (const item of scanItems(services.dynamo.doc, tables.alerts)) records.push(alertFromItem(item));
  return records.sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
}

describe('the learned risk in the daily cycle', () => {
  it('fits a model on the first morning when none is stored, and says so in the run record', async () => {
    // A preview: the first real morning below is then every rep's first digest (a preview stores nothing).
    const { doc } = services.dynamo;
    const { config, version } = await loadConfig(doc, tables.config);
    const run = await runEvaluation(
      { stores: dynamoCycleStores(doc, tables), config, configVersion: version, dryRun: true },
      FIT_DAY,
    );
    expect(run.summary.learnedRisk).toMatchObject({
      status: 'applied',
      source: 'learned',
      fittedNow: true,
      modelAsOf: '2026-11-15',
    });
    expect(run.summary.atRisk).toBeGreaterThan(0);
    expect(run.evaluations.filter((e) => e.learned !== undefined).length).toBeGreaterThan(80);
    expect((await latestRiskModelBefore(doc, tables.config, FIT_DAY + 1)).ok).toBe(false);
  });

  it('is fitted by the weekly run on the stored history, the same model as from the history in memory', async () => {
    // Act
    const weekly = await runWeekly(deps(), FIT_DAY);

    // Assess
    expect(weekly.riskModel).toMatchObject({ status: 'fitted', modelAsOf: '2026-11-16' });
    const stored = await latestRiskModelBefore(services.dynamo.doc, tables.config, FIT_DAY + 1);
    expect(stored.ok).toBe(true);
    if (!stored.ok) return;
    expect(stored.stored.configVersion).toBe(1);
    expect(stored.stored.model.trainedOn).toEqual(['2026-08-18', '2026-07-21']);
    const { config } = await loadConfig(services.dynamo.doc, tables.config);
    const { profiles } = await readAllProfiles(services.dynamo.doc, tables.profiles, 2);
    expect(fitRiskModel(profiles, config, FIT_DAY)).toEqual(stored.stored.model);
    // A fit is not used on its own day: a re-run of that morning must find what the first run found.
    expect((await latestRiskModelBefore(services.dynamo.doc, tables.config, FIT_DAY)).ok).toBe(false);
  });

  it("flags the next morning by the model's threshold and tells each rep why, in their language", async () => {
    // Prepare
    const mark = new Set((await services.ses.emails()).map((email) => email.messageId));

    // Act
    const run = await runDaily(deps(), FIT_DAY + 1);

    // Assess: the run record names the model
    const { summary, evaluations } = run.evaluation;
    expect(summary.learnedRisk).toMatchObject({
      status: 'applied',
      modelAsOf: '2026-11-16',
      source: 'learned',
      bgnbdBasis: 'fitted',
    });
    const threshold = (summary.learnedRisk as { threshold: number }).threshold;
    const scored = evaluations.filter((e) => e.learned);
    expect(scored.length).toBeGreaterThan(80);
    for (const e of scored)
      expect(e.atRisk).toBe(e.learned!.risk >= Math.round(threshold * 1000) / 1000 - 5e-4);
    expect(summary.atRisk).toBe(evaluations.filter((e) => e.status === 'at_risk').length);
    // …and the digests lead each customer with the model's probability and its strongest reason
    const emails = (await services.ses.emails()).filter((email) => !mark.has(email.messageId));
    const zh = emails.find((email) => email.destination.to.includes('l01@example.com'));
    const en = emails.find((email) => email.destination.to.includes('l03@example.com'));
    expect(zh?.body.text).toMatch(/\n {3}流失风险 (?:[1-9]\d?%|<1%) · /);
    expect(en?.body.text).toMatch(/\n {3}(?:[1-9]\d?%|<1%) likely to stop ordering · /);
    const robot = services.wecom.messages(ROBOT);
    expect(robot.at(-1)?.content ?? robot[0]?.content).toMatch(/\n> \*\*流失风险 (?:[1-9]\d?%|<1%)\*\* · /);
  });

  it('gives the same outcome when the morning runs again after the next weekly fit', async () => {
    await runWeekly(deps(), FIT_DAY + 1);
    const again = await runDaily(deps(), FIT_DAY + 1);
    expect(again.evaluation.summary.alertWrites).toBe(0);
    expect(again.evaluation.summary.learnedRisk).toMatchObject({ modelAsOf: '2026-11-16' });
  });

  it("scores each day of the weekly summary with the model that day's run used", async () => {
    // Prepare: models of the 16th and 17th are stored; nothing was fitted before the 16th
    const { doc } = services.dynamo;
    const { config } = await loadConfig(doc, tables.config);
    const { profiles } = await readAllProfiles(doc, tables.profiles, 2);
    const weekEnd = (FIT_DAY + 2) as Day;
    const weekAgo = (weekEnd - 7) as Day;
    const evaluate = (asOf: Day) => evaluateCustomers({ profiles, asOf, config }).customers;

    // Act
    const rescore = await weeklyRescorer(
      dynamoRiskModelStore(doc, tables.config),
      config,
      profiles,
      new Map(),
      [weekEnd, weekAgo],
    );

    // Assess: the week's end with the newest model before it, a week earlier with none (the rules then)
    const now = rescore!(evaluate(weekEnd), weekEnd);
    const before = rescore!(evaluate(weekAgo), weekAgo);
    expect(new Set(now.filter((e) => e.learned).map((e) => e.learned!.modelAsOf))).toEqual(
      new Set(['2026-11-17']),
    );
    expect(before.every((e) => e.learned === undefined)).toBe(true);
  });

  it('scores the same when fanned out over segments as in one process', async () => {
    const { doc } = services.dynamo;
    const { config, version } = await loadConfig(doc, tables.config);
    const asOf = (FIT_DAY + 3) as Day;
    const expected = await runEvaluation(
      {
        stores: dynamoCycleStores(doc, tables),
        config,
        configVersion: version,
        totalSegments: 2,
        dryRun: true,
      },
      asOf,
    );
    const summary = await runFannedOut(
      { stores: dynamoCycleStores(doc, tables) },
      {
        runId: 'learned',
        asOf,
        configVersion: version,
        sizing: { itemsPerSegment: 30, minSegments: 5, maxSegments: 10 },
      },
    );
    expect(expected.summary.learnedRisk).toMatchObject({ status: 'applied', modelAsOf: '2026-11-17' });
    expect(summary).toEqual({ ...expected.summary, alertWrites: summary.alertWrites });
    expect(await storedAlerts()).toEqual(
      [...expected.alerts.values()].sort((a, b) => (a.customerId < b.customerId ? -1 : 1)),
    );
  });
});

describe('churn-watch risk, run and evaluate with the learned risk', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: services.dynamo.endpoint,
      AWS_ENDPOINT_URL_SESV2: services.ses.url,
      CHURN_WATCH_TABLE_PREFIX: tables.orders.slice(0, -'orders'.length),
    });
  });
  afterAll(() => {
    process.env = saved;
  });

  it('shows the newest model and whether the next run uses it, fits one on demand, and reports it', async () => {
    // Act
    const shown = await runCli('risk', 'show', '--as-of', '2026-11-19');
    const fitted = await runCli('risk', 'fit', '--as-of', '2026-11-20', '--force', '--lang', 'en');
    const json = await runCli('risk', 'show', '--as-of', '2026-11-20', '--format', 'json');
    const daily = await runCli('run', 'daily', '--as-of', '2026-11-21');

    // Assess
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('学习模型 2026-11-17（预测：随后 90 天未下单）');
    expect(shown.stdout).toMatch(/预警线：风险 ≥ \d+%/);
    expect(shown.stdout).toContain('风险评分：按本店历史学习的模型，2026-11-17 训练');
    // A past day only when the admin means it: later days' re-runs would pick that model up.
    const past = await runCli('risk', 'fit', '--as-of', '2026-11-20');
    expect(past.code).toBe(1);
    expect(past.stderr).toContain('不能按过去的日期训练');
    expect(fitted.code).toBe(0);
    expect(fitted.stdout).toMatch(
      /^Learned model fitted \(2026-11-20\): \d+ rows, \d+ of which then went 90 days/,
    );
    expect(JSON.parse(json.stdout).model).toMatchObject({ asOf: '2026-11-20', kind: 'learned-risk' });
    expect(daily.code).toBe(0);
    expect(daily.stdout).toContain('风险评分：按本店历史学习的模型，2026-11-20 训练');
  });

  it("fits BG/NBD's own probability when there is no history to learn from, and keeps the history it needs", async () => {
    const { doc } = services.dynamo;
    const own = await services.dynamo.freshTables();
    process.env.CHURN_WATCH_TABLE_PREFIX = own.orders.slice(0, -'orders'.length);
    try {
      // Act: a fit on an empty store, and a retention below what training reads
      const fitted = await runCli('risk', 'fit', '--as-of', '2026-11-20', '--force');
      const shorter = await runCli('config', 'set', 'profile.retentionDays=450', '--reason', 'save space');

      // Assess: a stated, rough model rather than a failure
      expect(fitted.code).toBe(0);
      expect(fitted.stdout).toContain('风险模型（2026-11-20）');
      expect(fitted.stdout).toContain('回购客户太少，无法拟合');
      const stored = await latestRiskModelBefore(doc, own.config, FIT_DAY + 10);
      expect(stored.ok && stored.stored.model).toMatchObject({ source: 'bgnbd', bgnbdBasis: 'prior' });
      // A shorter retention is saved, but profiles still keep the 483 days training reads
      expect(shorter.code).toBe(0);
      expect(await configuredRetention(doc, own.config)()).toBe(483);
    } finally {
      process.env.CHURN_WATCH_TABLE_PREFIX = tables.orders.slice(0, -'orders'.length);
    }
  });

  it('scores with BG/NBD, saying why, from profiles pruned before the retention was raised, until they are rebuilt', async () => {
    // Prepare: a distributor whose history arrived with the model off and 400 days kept, then turned on
    const late = await services.dynamo.freshTables();
    await seedShops(late, { riskModel: { enabled: false }, profile: { retentionDays: 400 } });
    process.env.CHURN_WATCH_TABLE_PREFIX = late.orders.slice(0, -'orders'.length);
    try {
      const on = await runCli(
        'config',
        'set',
        'riskModel.enabled=true',
        'profile.retentionDays=540',
        '--reason',
        'turned on late',
      );

      // Act
      const short = await runCli('risk', 'fit', '--as-of', '2026-11-20', '--force');
      const rebuilt = await runCli('rebuild-profiles');
      const fitted = await runCli('risk', 'fit', '--as-of', '2026-11-21', '--force');

      // Assess
      expect(on.code).toBe(0);
      expect(short.code).toBe(0);
      expect(short.stdout).toMatch(/\d+ 位客户的档案保留的订单不足 483 天.*churn-watch rebuild-profiles/);
      expect(rebuilt.code).toBe(0);
      expect(fitted.code).toBe(0);
      expect(fitted.stdout).toContain('学习模型已训练（2026-11-21）');
    } finally {
      process.env.CHURN_WATCH_TABLE_PREFIX = tables.orders.slice(0, -'orders'.length);
    }
  });

  it('evaluates exported files with a model trained on them, unless the config turns it off', async () => {
    // Prepare: the same shops as a CSV export, and a config file with the risk model off
    const dir = mkdtempSync(join(tmpdir(), 'learned-'));
    const lines = shopLines(160, FIT_DAY - 600, FIT_DAY + 6);
    const csv = [
      'order_id,customer_id,order_date,amount',
      ...lines.map((l) => `${l.orderId},${l.customerId},${formatDay(l.day)},${(l.amount / 100).toFixed(2)}`),
    ];
    writeFileSync(join(dir, 'orders.csv'), `${csv.join('\n')}\n`);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ riskModel: { enabled: false } }));
    const args = ['evaluate', '--orders', join(dir, 'orders.csv'), '--as-of', '2026-11-17'];

    // Act
    const learned = await runCli(...args, '--format', 'csv');
    const rules = await runCli(...args, '--config', join(dir, 'config.json'), '--format', 'csv');

    // Assess
    expect(learned.code).toBe(0);
    expect(learned.stderr).toMatch(/学习模型已训练（2026-11-17）：\d+ 行/);
    expect(learned.stdout).toMatch(/流失风险 \d+%（预警线 \d+%）/);
    expect(learned.stdout).toMatch(/流失风险 \d+%（预警线 \d+%）/);
    expect(rules.stdout).not.toContain('预警线');
    expect(rules.stderr).not.toContain('学习模型');
  });
});

describe('which stored model a run may use (runModelOf)', () => {
  const model = (changes: Partial<LearnedRiskModel> = {}) => ({
    ok: true as const,
    stored: {
      configVersion: 1,
      fittedAt: '2026-11-16T00:00:00.000Z',
      model: {
        kind: 'learned-risk' as const,
        source: 'learned' as const,
        thresholdRule: 'f1' as const,
        bgnbdBasis: null,
        featureNames: [...RISK_FEATURES],
        means: RISK_FEATURES.map(() => 0),
        scales: RISK_FEATURES.map(() => 1),
        weights: RISK_FEATURES.map(() => 0.1),
        intercept: 0,
        horizonDays: 90,
        threshold: 0.4,
        asOf: '2026-11-16',
        trainedOn: [],
        l2: 0.001,
        converged: true,
        rows: 1000,
        lapsed: 200,
        training: { auc: 0.8, f1: 0.6, precision: 0.5, recall: 0.7 },
        bgnbd: null,
        ...changes,
      },
    },
  });
  const on = { riskModel: { enabled: true, horizonDays: 90 } } as Parameters<typeof runModelOf>[1];

  it('takes a fresh model for the configured horizon and features', () => {
    expect(runModelOf(model(), on, FIT_DAY + 1).status).toMatchObject({ status: 'applied', threshold: 0.4 });
  });

  it('falls back to the rules, saying why, for a model too old, for another horizon or other features', () => {
    expect(runModelOf(model(), on, FIT_DAY + MAX_MODEL_AGE_DAYS + 1)).toEqual({
      status: { status: 'stale', modelAsOf: '2026-11-16' },
      model: null,
    });
    expect(runModelOf(model({ horizonDays: 60 }), on, FIT_DAY + 1).status.status).toBe('other_horizon');
    expect(runModelOf(model({ featureNames: ['x'] }), on, FIT_DAY + 1).status.status).toBe('other_features');
    expect(runModelOf({ ok: false, reason: 'none' }, on, FIT_DAY + 1).status).toEqual({ status: 'no_model' });
  });

  it('refits a day for a changed horizon (risk fit after riskModel.horizonDays), and keeps it otherwise', async () => {
    // Prepare: the day's model stored for 90 days, then the admin asks for 60
    const { doc } = services.dynamo;
    const own = await services.dynamo.freshTables();
    const { profiles } = await readAllProfiles(doc, tables.profiles, 2);
    const { config } = await loadConfig(doc, tables.config);
    const withHorizon = (horizonDays: number) => ({
      models: dynamoRiskModelStore(doc, own.config),
      config: { ...config, riskModel: { ...config.riskModel, horizonDays } },
      configVersion: 1,
      now: () => clock.now,
    });

    // Act
    const first = await refitRiskModel(withHorizon(90), profiles, FIT_DAY);
    const again = await refitRiskModel(withHorizon(90), profiles, FIT_DAY);
    const changed = await refitRiskModel(withHorizon(60), profiles, FIT_DAY);

    // Assess
    expect(first.outcome).toMatchObject({ horizonDays: 90 });
    expect(first.outcome).not.toHaveProperty('kept');
    expect(again.outcome).toMatchObject({ horizonDays: 90, kept: true });
    expect(changed.outcome).toMatchObject({ horizonDays: 60 });
    expect(changed.outcome).not.toHaveProperty('kept');
    const stored = await latestRiskModelBefore(doc, own.config, FIT_DAY + 1);
    expect(stored.ok && stored.stored.model.horizonDays).toBe(60);
  });

  it('reads back what it wrote, never overwrites a day, and looks past what it cannot read', async () => {
    // Prepare: a good model of the 16th, a second fit of the same day, and two damaged newer items
    const { doc } = services.dynamo;
    const own = await services.dynamo.freshTables();
    const put = (sk: string, model: Record<string, unknown>) =>
      doc.send(
        new PutCommand({
          TableName: own.config,
          Item: { pk: 'model', sk, configVersion: 1, fittedAt: 'x', model },
        }),
      );

    // Act
    const first = await writeRiskModel(doc, own.config, model().stored);
    const second = await writeRiskModel(doc, own.config, model({ threshold: 0.9 }).stored);
    await put('risk#2026-11-18', { kind: 'learned-risk' });
    // Well-formed but one weight short: every customer would fail (or score NaN and read as safe).
    await put('risk#2026-11-19', {
      ...model().stored.model,
      asOf: '2026-11-19',
      weights: RISK_FEATURES.slice(1).map(() => 1),
    });

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(await latestRiskModelBefore(doc, own.config, FIT_DAY + 1)).toEqual(model());
    // The damaged newer ones are passed over for the good one…
    expect(await latestRiskModelBefore(doc, own.config, FIT_DAY + 5)).toEqual(model());
    // …and named when nothing older can be read.
    const own2 = await services.dynamo.freshTables();
    await doc.send(
      new PutCommand({
        TableName: own2.config,
        Item: {
          pk: 'model',
          sk: 'risk#2026-11-19',
          configVersion: 1,
          fittedAt: 'x',
          model: { ...model().stored.model, scales: RISK_FEATURES.map(() => 0) },
        },
      }),
    );
    expect(await latestRiskModelBefore(doc, own2.config, FIT_DAY + 5)).toMatchObject({
      ok: false,
      reason: 'unreadable',
      modelAsOf: '2026-11-19',
      detail: expect.stringContaining('scales above 0'),
    });
  });
});
