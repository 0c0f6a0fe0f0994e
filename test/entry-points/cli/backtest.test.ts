import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { notLearnedText } from '../../../functions/entry-points/cli/learned-risk-text.ts';
import { RULE_IDS } from '../../../functions/core/config.ts';
import { CDNOW_MASTER, writeCdnowOrders } from '../../support/cdnow.ts';
import { runCli, sample } from './run-cli.ts';

const ratio = z.number().min(0).max(1).nullable();
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Why no model was learned (learned-risk.ts NotLearnedReason). */
const notLearned = z.discriminatedUnion('reason', [
  z.strictObject({
    reason: z.literal('short_history_days'),
    historyDays: z.number().int(),
    neededDays: z.number().int(),
  }),
  z.strictObject({
    reason: z.enum(['too_few_rows', 'one_outcome']),
    rows: z.number().int(),
    lapsed: z.number().int(),
  }),
  z.strictObject({
    reason: z.literal('short_history'),
    customers: z.number().int(),
    neededDays: z.number().int(),
  }),
]);
const signal = z.strictObject({
  flagged: z.number().int().min(0),
  truePositives: z.number().int().min(0),
  falsePositives: z.number().int().min(0),
  falseNegatives: z.number().int().min(0),
  precision: ratio,
  recall: ratio,
  f1: ratio,
  leadDays: z
    .strictObject({ count: z.number().int().min(1), median: z.number(), p25: z.number(), p75: z.number() })
    .nullable(),
});

/** The JSON a script reads: every key, nothing else. */
const reportSchema = z.strictObject({
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  horizonDays: z.number().int(),
  horizonEnd: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  evaluated: z.number().int(),
  population: z.number().int(),
  positives: z.number().int(),
  baseRate: ratio,
  excluded: z.strictObject({
    lost: z.number().int(),
    noOrders: z.number().int(),
    alreadySilent: z.number().int(),
  }),
  rules: z.array(signal.extend({ rule: z.string() })),
  atRisk: signal,
  baseline: signal.extend({ days: z.literal(30) }),
  risk: z.strictObject({ auc: ratio }),
  riskModel: z.strictObject({
    enabled: z.boolean(),
    source: z.enum(['learned', 'bgnbd']),
    horizonDays: z.number().int(),
    threshold: z.number().min(0).max(1),
    thresholdRule: z.enum(['f1', 'expected_f1', 'even_odds']),
    trainedOn: z.array(isoDay),
    rows: z.number().int().min(0),
    lapsed: z.number().int().min(0),
    training: z
      .strictObject({ auc: ratio, f1: z.number(), precision: z.number(), recall: z.number() })
      .nullable(),
    bgnbdBasis: z.enum(['fitted', 'fixed_dropout', 'prior']).nullable(),
    notLearned: notLearned.nullable(),
  }),
  comparison: z.array(
    signal.extend({
      signal: z.enum(['default_risk', 'learned_risk', 'bgnbd', 'days_silent', 'orders_12m', 'seed_rule']),
      flagRule: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.enum(['at_least', 'at_most']), value: z.number() }),
        z.strictObject({ kind: z.enum(['rules', 'nobody']) }),
      ]),
      matchedToDefault: z.boolean(),
      auc: ratio,
      shareFlagged: ratio,
      brier: ratio,
      ece: ratio,
    }),
  ),
  reliability: z.array(
    z.strictObject({
      decile: z.number().int().min(1).max(10),
      from: z.number().min(0).max(1),
      to: z.number().min(0).max(1),
      customers: z.number().int().min(1),
      meanRisk: ratio,
      observed: ratio,
    }),
  ),
  learnedRisk: z.union([
    z.strictObject({
      trained: z.literal(true),
      trainedOn: z.array(isoDay),
      rows: z.number().int(),
      lapsed: z.number().int(),
      threshold: z.number(),
      auc: ratio,
      atRisk: signal,
    }),
    z.strictObject({
      trained: z.literal(false),
      reason: z.enum(['too_few_rows', 'one_outcome', 'short_history_days', 'short_history']),
      rows: z.number().int(),
      lapsed: z.number().int(),
      notLearned,
    }),
  ]),
});

type Report = z.infer<typeof reportSchema>;

function consistent(report: Report): void {
  const { lost, noOrders, alreadySilent } = report.excluded;
  expect(report.population + lost + noOrders + alreadySilent).toBe(report.evaluated);
  for (const row of [...report.rules, report.atRisk, report.baseline, ...report.comparison]) {
    expect(row.truePositives + row.falsePositives).toBe(row.flagged);
    expect(row.truePositives + row.falseNegatives).toBe(report.positives);
    if (row.leadDays) {
      expect(row.leadDays.count).toBe(row.truePositives);
      expect(row.leadDays.p25).toBeLessThanOrEqual(row.leadDays.median);
      expect(row.leadDays.median).toBeLessThanOrEqual(row.leadDays.p75);
      // Without --include-silent every churn mark lies within the horizon.
      expect(row.leadDays.p25).toBeGreaterThanOrEqual(1);
      expect(row.leadDays.p75).toBeLessThanOrEqual(report.horizonDays);
    }
  }
  // Every signal of the comparison on the same customers; the probabilities with their calibration.
  const signals = report.comparison.map((row) => row.signal);
  expect(signals).toEqual([
    'default_risk',
    ...(report.learnedRisk.trained ? ['learned_risk'] : []),
    'bgnbd',
    'days_silent',
    'orders_12m',
    'seed_rule',
  ]);
  const bothOutcomes = report.positives > 0 && report.positives < report.population;
  for (const row of report.comparison) {
    expect(row.shareFlagged).toBeCloseTo(row.flagged / report.population, 3);
    // Calibration for the probabilities: the learned risk, BG/NBD's, and the default when it is the model's.
    const probability =
      row.signal === 'learned_risk' ||
      row.signal === 'bgnbd' ||
      (row.signal === 'default_risk' && report.riskModel.enabled);
    expect(row.brier !== null).toBe(probability);
    expect(row.ece !== null).toBe(probability);
    // An AUC for every score, none for the seed rule's bare flag (and none without both outcomes).
    expect(row.auc !== null).toBe(bothOutcomes && row.signal !== 'seed_rule');
  }
  const { days, ...baseline } = report.baseline;
  expect(days).toBe(30);
  expect(report.comparison.find((row) => row.signal === 'seed_rule')).toMatchObject(baseline);
  // Reliability: ten deciles covering the population, lowest risk first.
  expect(report.reliability).toHaveLength(10);
  expect(report.reliability.reduce((sum, bin) => sum + bin.customers, 0)).toBe(report.population);
  report.reliability.forEach((bin, k) => {
    expect(bin.decile).toBe(k + 1);
    expect(bin.from).toBeLessThanOrEqual(bin.to);
    if (k > 0) expect(bin.from).toBeGreaterThanOrEqual(report.reliability[k - 1]?.to ?? 0);
  });
}

/** `churn-watch backtest` on the sample orders, as of a day, with any other flags. */
const backtestSample = (asOf: string, ...flags: string[]) =>
  runCli('backtest', '--orders', sample('orders.csv'), '--as-of', asOf, ...flags);

describe('churn-watch backtest on the sample distributor', async () => {
  const base = ['backtest', '--orders', sample('orders.csv'), '--as-of', '2026-08-22', '--horizon', '90'];
  const json = await runCli(...base, '--customers', sample('customers.csv'), '--format', 'json');
  const report = reportSchema.parse(JSON.parse(json.stdout));

  it('prints the JSON report with stable keys', () => {
    expect(json.code).toBe(0);
    expect(report).toMatchObject({ asOf: '2026-08-22', horizonDays: 90, horizonEnd: '2026-11-20' });
    expect(report.rules.map((row) => row.rule)).toEqual(RULE_IDS);
    expect(report.evaluated).toBe(200);
    expect(report.excluded.noOrders).toBeGreaterThan(0); // shops in the master data that had not ordered yet
    expect(report.positives).toBeGreaterThan(0);
    expect(report.risk.auc).toBeGreaterThan(0.5);
    consistent(report);
  });

  it('says in JSON which model the default risk is, and why', () => {
    const { riskModel, learnedRisk } = report;
    expect(riskModel).toMatchObject({ enabled: true, horizonDays: 90 });
    if (riskModel.source === 'learned') {
      expect(riskModel).toMatchObject({ thresholdRule: 'f1', notLearned: null });
      expect(learnedRisk).toMatchObject({ trained: true, threshold: riskModel.threshold });
    } else {
      expect(riskModel).toMatchObject({ thresholdRule: 'expected_f1', trainedOn: [] });
      expect(riskModel.notLearned).not.toBeNull();
      expect(learnedRisk).toMatchObject({ trained: false, notLearned: riskModel.notLearned });
    }
    const defaultRow = report.comparison[0];
    expect(defaultRow).toMatchObject({
      signal: 'default_risk',
      flagRule: { kind: 'at_least', value: riskModel.threshold },
    });
    // Days silent and orders flag as close to the default's number as their values allow.
    for (const row of report.comparison.filter((r) => r.matchedToDefault))
      expect(['days_silent', 'orders_12m']).toContain(row.signal);
  });

  it('prints the comparison, the reliability table and the rules in Chinese', async () => {
    const run = await runCli(...base);
    expect(run.code).toBe(0);
    const text = run.stdout;
    const lines = text.split('\n');
    expect(lines[0]).toBe('效果评估：评估日 2026-08-22，观察期 90 天（2026-08-23 至 2026-11-20）');
    const scored = Number(/参与评估 (\d+) 位客户/.exec(text)?.[1]);
    expect(scored).toBe(report.population);

    // Which model, and why.
    const modelLine = lines.find((line) => line.startsWith('默认风险：')) ?? '';
    if (report.riskModel.source === 'learned') {
      expect(modelLine).toContain('按本店历史学习的模型');
      expect(modelLine).toContain('在训练日上按 F1 最高选定');
    } else {
      const why = notLearnedText(
        report.riskModel.notLearned ?? { reason: 'too_few_rows', rows: 0, lapsed: 0 },
        90,
        'zh-CN',
      );
      expect(modelLine).toContain(`未学习：${why}`);
      expect(modelLine).toMatch(
        /预警线：风险 ≥ [\d.]+%（没有可学习的历史：按模型自身概率预期 F1 最高的位置）/,
      );
      expect(text).toMatch(/学习模型风险（不可用 ²）(\s+—){8}/);
      expect(text).toContain(`² 学习模型风险不可用：${why}`);
    }

    // One comparison table: every signal, with AUC, precision, recall, F1, share flagged, lead days, Brier, ECE.
    const header = lines.find((line) => line.startsWith('信号') && line.includes('Brier')) ?? '';
    for (const column of [
      'AUC',
      '精确率',
      '召回率',
      'F1',
      '标记比例（人数）',
      '提前天数（中位）',
      'Brier',
      'ECE',
    ])
      expect(header).toContain(column);
    const figure = String.raw`(?:0\.\d{3}|1\.000|—)`;
    const share = String.raw`\d+\.\d% \(\d+\)`;
    expect(text).toMatch(
      new RegExp(
        String.raw`默认风险（(?:BG/NBD|学习模型)）≥ [\d.]+%\s+${figure}\s+.*${share}.*\s${figure}\s+${figure}$`,
        'm',
      ),
    );
    expect(text).toMatch(
      new RegExp(
        String.raw`BG/NBD 90 天不下单概率 ≥ 50%\s+${figure}\s+.*${share}.*\s0\.\d{3}\s+0\.\d{3}$`,
        'm',
      ),
    );
    expect(text).toMatch(
      new RegExp(String.raw`只看未下单天数：(?:≥ \d+ 天|不标记) ¹\s+${figure}\s.*—\s+—$`, 'm'),
    );
    expect(text).toMatch(
      new RegExp(String.raw`只看近 12 个月下单次数：(?:≤ \d+ 次|不标记) ¹\s+${figure}\s.*—\s+—$`, 'm'),
    );
    expect(text).toMatch(
      new RegExp(String.raw`种子规则：30 天未下单（基线）\s+—\s+[\d.]+%\s+[\d.]+%\s+0\.\d{3}\s+${share}`),
    );
    expect(text).toContain('¹ 未下单天数和下单次数没有自己的预警线');

    // The reliability table: ten deciles of the default risk that add up to the customers scored.
    const start = lines.findIndex((line) => line.startsWith('二、默认风险的可靠性'));
    expect(lines[start + 1]).toMatch(/^组\s+客户数\s+风险范围\s+平均预测风险\s+实际流失比例$/);
    const deciles = lines
      .slice(start + 3, start + 13)
      .map((line) => /^(\d+)\s+(\d+)\s+[\d.]+%–[\d.]+%\s+([\d.]+)%\s+([\d.]+)%$/.exec(line));
    expect(deciles.map((match) => Number(match?.[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(deciles.reduce((sum, match) => sum + Number(match?.[2]), 0)).toBe(scored);
    for (const match of deciles) {
      expect(Number(match?.[3])).toBeLessThanOrEqual(100);
      expect(Number(match?.[4])).toBeLessThanOrEqual(100);
    }
    expect(lines[start + 13]).toMatch(new RegExp(String.raw`^合计\s+${scored}\s`));

    // The rules, below, as before.
    const rulesHeader = lines.find((line) => line.startsWith('信号') && line.includes('已标记')) ?? '';
    for (const column of [
      '已标记',
      '命中',
      '精确率',
      '召回率',
      'F1',
      '提前天数（中位）',
      '提前天数（四分位）',
    ])
      expect(rulesHeader).toContain(column);
    for (const rule of RULE_IDS) expect(text).toContain(`(${rule})`);
    expect(text).toMatch(/规则：有风险（任一信号）\s+\d+/);
    expect(text).toMatch(/规则风险分 AUC：0\.\d{3}/);
    expect(text).toContain('流失 = 评估日之后 90 天内没有下单');
    expect(text).toContain('Brier = ');
    expect(text).toContain('ECE = ');
  });

  it('speaks English with --lang en', async () => {
    const run = await runCli(...base, '--lang', 'en');
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text).toContain('Backtest as of 2026-08-22, horizon 90 days (2026-08-23 to 2026-11-20)');
    expect(text).toMatch(/^Default risk: /m);
    expect(text).toMatch(
      /Signal\s+AUC\s+Precision\s+Recall\s+F1\s+Flagged \(customers\)\s+Lead days \(median\)\s+Brier\s+ECE/,
    );
    expect(text).toMatch(/Default risk \((?:BG\/NBD|learned)\) ≥ [\d.]+%\s+/);
    expect(text).toMatch(/BG\/NBD P\(no order in 90 days\) ≥ 50%\s+/);
    expect(text).toMatch(/Days silent alone: (?:≥ \d+ days|flags nobody) ¹/);
    expect(text).toMatch(/Orders in the last 12 months alone: (?:≤ \d+|flags nobody) ¹/);
    expect(text).toMatch(/Seed rule: no order for 30 days \(baseline\)\s+—\s+/);
    expect(text).toMatch(/Decile\s+Customers\s+Risk range\s+Mean predicted risk\s+Observed lost share/);
    expect(text).toMatch(/Signal\s+Flagged\s+Hits\s+Precision\s+Recall\s+F1\s+Lead days/);
    expect(text).toMatch(/Rules' risk score AUC: 0\.\d{3}/);
    if (report.riskModel.source === 'bgnbd') expect(text).toContain('² Learned risk not available: ');
  });

  it('explains a BG/NBD default when the history is too short to learn from', async () => {
    const early = ['backtest', '--orders', sample('orders.csv'), '--as-of', '2025-09-01', '--horizon', '90'];
    const parsed = reportSchema.parse(JSON.parse((await runCli(...early, '--format', 'json')).stdout));
    expect(parsed.riskModel).toMatchObject({
      source: 'bgnbd',
      thresholdRule: 'expected_f1',
      notLearned: { reason: 'short_history_days' },
    });
    expect(parsed.learnedRisk).toMatchObject({ trained: false, reason: 'short_history_days' });
    consistent(parsed);
    const notLearned = parsed.riskModel.notLearned ?? { reason: 'too_few_rows', rows: 0, lapsed: 0 };
    const zh = (await runCli(...early)).stdout;
    expect(zh).toContain(`未学习：${notLearnedText(notLearned, 90, 'zh-CN')}`);
    expect(zh).toContain(`² 学习模型风险不可用：${notLearnedText(notLearned, 90, 'zh-CN')}`);
    const en = (await runCli(...early, '--lang', 'en')).stdout;
    expect(en).toContain(`not learned: ${notLearnedText(notLearned, 90, 'en')}`);
  });

  it('warns when the backtest horizon is not the one the risk model predicts', async () => {
    const run = await runCli(
      'backtest',
      '--orders',
      sample('orders.csv'),
      '--as-of',
      '2026-08-22',
      '--horizon',
      '60',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '注意：风险模型预测的是 90 天内不下单（riskModel.horizonDays），本次观察期是 60 天',
    );
    expect(run.stdout).toContain('BG/NBD 60 天不下单概率 ≥ 50%');
    expect(run.stdout).toContain('或在 --config 中把 riskModel.horizonDays 设为 60');
  });

  it("uses the rules' score and flag as the default with riskModel off", async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'churn-watch-backtest-')), 'config.json');
    writeFileSync(config, JSON.stringify({ riskModel: { enabled: false, horizonDays: 90 } }));
    const run = await runCli(...base, '--config', config, '--format', 'json');
    expect(run.code).toBe(0);
    const off = reportSchema.parse(JSON.parse(run.stdout));
    expect(off.riskModel.enabled).toBe(false);
    expect(off.comparison[0]).toMatchObject({
      signal: 'default_risk',
      flagRule: { kind: 'rules' },
      flagged: off.atRisk.flagged,
      auc: off.risk.auc,
      brier: null,
    });
    consistent(off);
    const text = (await runCli(...base, '--config', config)).stdout;
    expect(text).toContain('默认风险：规则风险分和规则的“有风险”标记（riskModel 已关闭');
    expect(text).toMatch(/默认风险（规则，riskModel 关闭）\s+0\.\d{3}/);
  });

  it('refuses a horizon that runs past the end of the data, and says what would fit', async () => {
    const run = await backtestSample('2026-09-01', '--horizon', '90');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('只到 2026-11-20');
    expect(run.stderr).toContain('最晚 2026-08-22');
    expect(run.stderr).toContain('最长 80 天');
    const en = await backtestSample('2026-09-01', '--horizon', '90', '--lang', 'en');
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('end on 2026-11-20, before the end of the horizon');
  });

  it('says why its table is empty when nobody lapsed in the horizon', async () => {
    // Prepare: five shops ordering every week through the whole horizon
    const rows = ['order_id,customer_id,order_date,amount'];
    for (let shop = 1; shop <= 5; shop++) {
      for (let week = 0; week < 30; week++) {
        const date = new Date(Date.UTC(2026, 0, 1 + 7 * week + shop)).toISOString().slice(0, 10);
        rows.push(`S${shop}-${week},C${shop},${date},100`);
      }
    }
    const orders = join(mkdtempSync(join(tmpdir(), 'churn-watch-backtest-')), 'orders.csv');
    writeFileSync(orders, `${rows.join('\n')}\n`);
    // Act
    const run = await runCli('backtest', '--orders', orders, '--as-of', '2026-03-01', '--horizon', '90');
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('其中 0 位');
    expect(run.stdout).toContain('注意：观察期内没有客户流失，精确率、召回率和 AUC 都无从计算');
  });

  it('refuses an as-of day before the first order', async () => {
    const run = await backtestSample('2025-01-01', '--horizon', '30');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('早于');
    expect(run.stderr).toContain('2025-05-21');
  });

  it('refuses a horizon that is not a whole number of days ≥ 1, or none at all', async () => {
    for (const horizon of ['0', '-5', '1.5', 'abc']) {
      const run = await backtestSample('2026-08-22', '--horizon', horizon);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--horizon');
    }
    const missing = await backtestSample('2026-08-22');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('缺少 --horizon');
  });

  it('has help for an admin and is listed in the command overview', async () => {
    const help = await runCli('backtest', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('用法：churn-watch backtest');
    for (const term of ['默认风险', '学习模型风险', 'BG/NBD', '种子规则', 'AUC', 'Brier', 'ECE', '可靠性'])
      expect(help.stdout).toContain(term);
    const en = await runCli('backtest', '--help', '--lang', 'en');
    for (const term of [
      'Default risk',
      'Learned risk',
      'BG/NBD',
      'Seed rule',
      'AUC',
      'Brier',
      'ECE',
      'Reliability',
    ])
      expect(en.stdout).toContain(term);
    expect((await runCli('--help')).stdout).toContain('backtest');
    expect((await runCli('--help', '--lang', 'en')).stdout).toContain('backtest');
  });
});

/** Customers with a purchase in (from, to], straight from the raw CDNOW text (every row is a purchase). */
function buyersBetween(text: string, from: string, to: string): Set<string> {
  const compact = (iso: string) => iso.replace(/-/g, '');
  const buyers = new Set<string>();
  for (const row of text.split('\n').slice(1)) {
    const [customer, date] = row.trim().split(/\s+/);
    if (customer && date && date > compact(from) && date <= compact(to)) buyers.add(customer);
  }
  return buyers;
}

const shift = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('churn-watch backtest on CDNOW (real purchases, 1997-01..1998-06)', () => {
  const orders = writeCdnowOrders(join(mkdtempSync(join(tmpdir(), 'churn-watch-cdnow-')), 'orders.csv'));
  const raw = readFileSync(CDNOW_MASTER, 'utf8');

  it.each(['1998-01-01', '1998-03-31'])('gives sane figures as of %s with a 90-day horizon', async (asOf) => {
    const run = await runCli(
      'backtest',
      '--orders',
      orders,
      '--as-of',
      asOf,
      '--horizon',
      '90',
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    // The population and the labels, recomputed from the raw file: bought in the 90 days up to as-of, and
    // churned when not again in the 90 days after.
    const recent = buyersBetween(raw, shift(asOf, -90), asOf);
    const after = buyersBetween(raw, asOf, shift(asOf, 90));
    const churned = [...recent].filter((customer) => !after.has(customer)).length;
    expect(report.evaluated).toBeLessThanOrEqual(23_570);
    expect(report.population).toBe(recent.size);
    expect(report.positives).toBe(churned);
    expect(report.baseRate).toBeGreaterThan(0.3);
    expect(report.baseRate).toBeLessThan(0.8);
    expect(report.risk.auc).toBeGreaterThan(0.5);
    expect(report.risk.auc).toBeLessThan(1);
    // CDNOW has no SKUs, visits or complaints: those rules cannot fire, and still have their row.
    for (const rule of ['sku_breadth_drop', 'visit_overdue', 'complaints_rising'])
      expect(report.rules.find((row) => row.rule === rule)?.flagged).toBe(0);
    expect(report.baseline.flagged).toBeGreaterThan(0);
    consistent(report);
    // The default risk, learned as the product learns it on that day (on earlier days only), ranks and flags
    // clearly better than the rules' score and the fixed 30-day rule (issue 7: F1 clearly above the 30-day
    // rule's), and reads as a probability.
    expect(report.riskModel.source).toBe('learned');
    const learned = report.learnedRisk;
    expect(learned.trained).toBe(true);
    if (!learned.trained) return;
    expect(learned.trainedOn.length).toBeGreaterThan(0);
    for (const day of learned.trainedOn) expect(shift(day, 90) <= asOf).toBe(true);
    const row = (signal: string) => report.comparison.find((r) => r.signal === signal);
    expect(row('default_risk')).toEqual({ ...row('learned_risk'), signal: 'default_risk' });
    expect(learned.auc).toBe(row('learned_risk')?.auc);
    expect(learned.auc).toBeGreaterThan(0.7);
    expect(learned.auc).toBeGreaterThan((report.risk.auc ?? 1) + 0.1);
    expect(learned.auc).toBeGreaterThan(row('days_silent')?.auc ?? 1);
    expect(learned.atRisk.f1).toBeGreaterThan((report.baseline.f1 ?? 1) + 0.1);
    expect(row('default_risk')?.ece).toBeLessThan(0.1);
  });
});
