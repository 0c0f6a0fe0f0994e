import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli, sampleFlags } from './run-cli.ts';

/** Every file of the sample distributor, as of a day with a whole 90-day horizon after it. */
const SAMPLE_FLAGS = [...sampleFlags('2026-08-22'), '--horizon', '90'];

describe('churn-watch backtest without --answers', () => {
  // The outputs were written by backtest before it could read answers: an admin's scripts and saved reports
  // must read exactly the same without the new flag.
  it('prints the report byte for byte as before', async () => {
    const run = await runCli('backtest', ...SAMPLE_FLAGS);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(fixture('backtest/sample-small-2026-08-22.txt'), 'utf8'));
  });

  it('prints the JSON byte for byte as before', async () => {
    const run = await runCli('backtest', ...SAMPLE_FLAGS, '--format', 'json');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(fixture('backtest/sample-small-2026-08-22.json'), 'utf8'));
  });
});

/** A file in a fresh folder, as an admin would save it. */
function answersFile(name: string, rows: readonly string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cw-answers-')), name);
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

/**
 * Answers about customers the rules flag on 2026-08-22 (evaluate --as-of on the sample): two marked not a real
 * risk within the horizon, one on the as-of day itself and one after the horizon (neither counted), a shop
 * closed within the horizon that still ordered, and one closed before the as-of day.
 */
const ANSWERS = [
  'customer_id,episode,action,reason,rep_id,answered_at,day',
  'C00116,2026-08-20,not_real,seasonal,R01,2026-08-25T02:00:00.000Z,2026-08-25', // sales_drop
  'C00062,2026-08-22,not_real,other_supplier,R01,2026-09-01T02:00:00.000Z,2026-09-01', // sku_breadth_drop
  'C00090,2026-08-20,not_real,seasonal,R01,2026-08-22T02:00:00.000Z,2026-08-22', // inactive, on the as-of day
  'C00039,2026-08-20,closed,,R01,2026-09-10T02:00:00.000Z,2026-09-10', // inactive, ordered in the horizon
  'C00016,2026-07-25,closed,,R01,2026-08-01T02:00:00.000Z,2026-08-01', // visit_overdue, closed before
  'C00189,2026-11-25,not_real,seasonal,R01,2026-12-01T02:00:00.000Z,2026-12-01', // after the horizon
];

describe('churn-watch backtest --answers', () => {
  const file = answersFile('answers.csv', ANSWERS);

  it('counts per rule the flagged customers reps marked not a real risk, beside the label-based precision', async () => {
    // Act
    const run = await runCli('backtest', ...SAMPLE_FLAGS, '--answers', file);
    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n');
    const ruleRow = (rule: string) => rows.find((line) => line.includes(`(${rule})`)) ?? '';
    expect(rows.some((line) => line.includes('误报（业务员标为不是真的流失）'))).toBe(true);
    expect(ruleRow('sales_drop')).toMatch(/ 1 \/ 13$/);
    expect(ruleRow('sku_breadth_drop')).toMatch(/ 1 \/ 12$/);
    // C00090 was marked on the as-of day itself: known then, not a verdict on what came next
    expect(ruleRow('inactive')).toMatch(/ 0 \/ 10$/);
    expect(rows.find((line) => line.startsWith('规则：有风险'))).toMatch(/ 2 \/ 32$/);
    // The shop closed before the as-of day is not scored; the one closed within the horizon churned
    expect(run.stdout).toContain('参与评估 170 位客户，其中 10 位（5.9%）在观察期内没有再下单（流失）');
    expect(run.stdout).toContain(
      '评估日已沉默 90 天以上 17 位，评估日及以前已标为关店 1 位（共 200 位客户）',
    );
    expect(run.stdout).toContain('观察期内标为关店 1 位，算作流失（其中 1 位之后仍有订单）');
    expect(ruleRow('visit_overdue')).toMatch(/^超期未拜访 \(visit_overdue\) +7 /);
  });

  it('gives the same figures in JSON, and in English', async () => {
    // Act
    const json = await runCli('backtest', ...SAMPLE_FLAGS, '--answers', file, '--format', 'json');
    const en = await runCli('backtest', ...SAMPLE_FLAGS, '--answers', file, '--lang', 'en');
    // Assess
    const report = JSON.parse(json.stdout);
    expect(report.excluded).toEqual({ lost: 4, noOrders: 8, alreadySilent: 17, closed: 1 });
    expect(report.answers).toMatchObject({
      closedBefore: 1,
      closedWithin: 1,
      closedDespiteOrders: 1,
      notReal: 2,
    });
    expect(report.answers.rules.find((row: { rule: string }) => row.rule === 'sales_drop')).toEqual({
      rule: 'sales_drop',
      flagged: 13,
      notReal: 1,
    });
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('False alarms (reps: not a real risk)');
    expect(en.stdout).toContain(
      '17 already silent for 90+ days, 1 answered closed by then (of 200 customers)',
    );
  });

  it('reads the Chinese headers, with actions in words', async () => {
    // Prepare
    const zh = answersFile('反馈.csv', [
      '客户编号,预警开始,反馈,原因,业务员,反馈时间,日期',
      'C00116,2026-08-20,不是真的流失,季节性,R01,,2026-08-25',
    ]);
    // Act
    const run = await runCli('backtest', ...SAMPLE_FLAGS, '--answers', zh, '--format', 'json');
    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).answers.notReal).toBe(1);
  });

  it('names the file, line and column of a bad answer, and evaluates nothing', async () => {
    // Prepare
    const bad = answersFile('answers.csv', [
      ANSWERS[0] as string,
      'C00116,2026-08-20,phoned,,R01,,2026-08-25',
    ]);
    // Act
    const run = await runCli('backtest', ...SAMPLE_FLAGS, '--answers', bad, '--lang', 'en');
    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${bad} line 2, column "action": must be one of called (Called)`);
  });
});
