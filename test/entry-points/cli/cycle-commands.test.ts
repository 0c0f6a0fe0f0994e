import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SesServer } from '../../../functions/entry-points/local/ses-server.ts';
import type { WecomReceiver } from '../../../functions/entry-points/local/wecom-receiver.ts';
import { AS_OF } from '../../use-cases/cycle/scenario.ts';
import { type CycleServices, seededEnvironment, startCycleServices } from '../../use-cases/cycle/services.ts';
import { runCli } from './run-cli.ts';

let services: CycleServices;
let ses: SesServer;
let wecom: WecomReceiver;
const saved = { ...process.env };

beforeAll(async () => {
  services = await startCycleServices();
  ({ ses, wecom } = services);
  Object.assign(process.env, {
    ...(await seededEnvironment(services, 'cli-robot')),
  });
});
afterAll(async () => {
  process.env = saved;
  await services.close();
});

describe('churn-watch run / deliveries / digest', () => {
  it('previews a digest as HTML without sending or storing anything', async () => {
    // Prepare
    const out = join(mkdtempSync(join(tmpdir(), 'digest-')), 'r01.html');
    const before = (await ses.emails()).length;
    // Act
    const run = await runCli('digest', '--rep', 'R01', '--as-of', AS_OF, '--preview', '--out', out);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 位客户有流失风险');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('大润发超市');
    expect(html).toContain('<html lang="zh-CN"');
    expect((await ses.emails()).length).toBe(before);
    expect((await runCli('deliveries')).stdout).toContain('没有发送记录');
  });

  it('writes a preview to a temporary folder by default and prints where; a manager is pointed at the weekly summary', async () => {
    const run = await runCli('digest', '--rep', 'R01', '--as-of', AS_OF, '--preview');
    const path = /已写入 (\S+\.html)/.exec(run.stdout)?.[1] ?? '';
    expect(path.startsWith(tmpdir())).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('<html lang="zh-CN"');
    const manager = await runCli('digest', '--rep', 'M01', '--as-of', AS_OF, '--preview');
    expect(manager.code).toBe(1);
    expect(manager.stderr).toContain('M01 是经理：经理不收晨报，收每周的团队周报');
  });

  it('prints the WeCom version of a digest, mention included', async () => {
    // Act
    const run = await runCli('digest', '--rep', 'R02', '--as-of', AS_OF, '--preview', '--channel', 'wecom');
    // The rep by name, as the 业务员 column of an import may give it
    const byName = await runCli(
      'digest',
      '--rep',
      '郑浩',
      '--as-of',
      AS_OF,
      '--preview',
      '--channel',
      'wecom',
    );
    const nobody = await runCli('digest', '--rep', '王五', '--as-of', AS_OF, '--preview');
    // Assess
    expect(byName.stdout).toBe(run.stdout);
    expect(nobody.stderr).toContain('业务员表中没有编号或姓名为「王五」的业务员');
    expect(run.stdout).toContain('<@zhenghao>');
    expect(run.stdout).toContain('好又多便利店');
  });

  it('runs the day, reports what went out, and sends nothing on a second run', async () => {
    // Act
    const first = await runCli('run', 'daily', '--as-of', AS_OF);
    const second = await runCli('run', 'daily', '--as-of', AS_OF, '--lang', 'en');
    // Assess
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('20 位客户，4 位有流失风险');
    expect(first.stdout).toContain('本次发送 3（此前已发送 0）');
    expect(second.stdout).toContain('0 sent now (3 sent earlier)');
    expect(wecom.messages('cli-robot')).toHaveLength(1);
    // This shell was not given the answer links' settings: the run says so instead of dropping them silently
    expect(first.stderr).toContain('注意：晨报不会附一键反馈链接，因为没有设置 CHURN_WATCH_ACTION_URL');
    expect(second.stderr).toContain('the digests go out without one-tap answer links');
  });

  it('lists the outbox by day and status without message bodies or webhook keys', async () => {
    // Act
    const table = await runCli('deliveries', '--day', AS_OF, '--lang', 'en');
    const json = await runCli('deliveries', '--status', 'sent', '--format', 'json');
    // Assess
    expect(table.stdout).toContain(`digest#R01#${AS_OF}`);
    expect(table.stdout).toContain('sent');
    // Times in the configured zone, as config history shows them
    expect(table.stdout).toContain('Updated (Asia/Shanghai)');
    const zh = await runCli('deliveries', '--day', AS_OF);
    expect(zh.stdout).toContain('更新时间（Asia/Shanghai）');
    const records = JSON.parse(json.stdout) as { pk: string; content?: unknown; parts: number }[];
    expect(records.map((r) => r.pk)).toContain(`digest#R02#${AS_OF}`);
    expect(records.every((r) => r.content === undefined)).toBe(true);
    expect(json.stdout).not.toContain('cli-robot');
  });

  it('refuses to resend a delivery that was sent, and names a missing one', async () => {
    // Act
    const sent = await runCli('deliveries', 'resend', `digest#R01#${AS_OF}`, '--lang', 'en');
    const missing = await runCli('deliveries', 'resend', 'digest#R99#2026-01-01', '--lang', 'en');
    // Assess
    expect(sent.code).toBe(1);
    expect(sent.stderr).toContain('only failed or uncertain records can be resent');
    expect(missing.stderr).toContain('no such delivery: digest#R99#2026-01-01');
  });

  it('snoozes a customer the rep is already on, and refuses one that was never at risk', async () => {
    // Act
    const snoozed = await runCli('snooze', 'C01', '--until', '2026-12-20', '--lang', 'en');
    const never = await runCli('snooze', 'C10', '--until', '2026-12-20', '--lang', 'en');
    const weekLater = await runCli('run', 'daily', '--as-of', '2026-11-27', '--lang', 'en');
    // Assess
    expect(snoozed.stdout).toContain('paused until 2026-12-20');
    expect(never.code).toBe(1);
    expect(never.stderr).toContain('C10 has no alert');
    // C01 (R01's only customer at risk) is not repeated a week later; the other three are
    expect(weekLater.stdout).toContain('3 reminders');
  });

  it('refuses to go back to an earlier day unless forced', async () => {
    // Act (the 27th was evaluated above)
    const back = await runCli('run', 'daily', '--as-of', '2026-11-25', '--lang', 'en');
    // Assess
    expect(back.code).toBe(1);
    expect(back.stderr).toContain('already evaluated up to 2026-11-27');
    expect(back.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a day after today for every command that writes, so the real today is never locked out', async () => {
    // Prepare: two days after today in the configured zone (Asia/Shanghai)
    const ahead = new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
    // Act
    const daily = await runCli('run', 'daily', '--as-of', ahead);
    const weekly = await runCli('run', 'weekly', '--as-of', ahead, '--lang', 'en');
    const fit = await runCli('risk', 'fit', '--as-of', ahead, '--force');
    const local = await runCli('local', '--once', '--as-of', ahead);
    // Assess: refused before anything is written, naming today and what to use instead
    expect(daily.code).toBe(2);
    expect(daily.stderr).toContain(`--as-of ${ahead} 晚于今天`);
    expect(daily.stderr).toContain('churn-watch evaluate --as-of');
    expect(weekly.code).toBe(2);
    expect(weekly.stderr).toContain('is after today');
    expect(fit.code).toBe(2);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('晚于今天');
    expect((await runCli('deliveries', '--day', ahead)).stdout).toContain('没有发送记录');
    // …and the last evaluated day is still an earlier one: a run for a past day is refused as before, not as future.
    const back = await runCli('run', 'daily', '--as-of', '2026-11-25', '--lang', 'en');
    expect(back.stderr).toContain('already evaluated up to 2026-11-27');
  });

  it('sends the weekly summaries', async () => {
    // Act
    const run = await runCli('run', 'weekly', '--as-of', AS_OF, '--lang', 'en');
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 manager, 1 sent now');
  });

  it('explains how it is used when the run kind is missing', async () => {
    // Act
    const run = await runCli('run', '--lang', 'en');
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: churn-watch run daily|weekly');
  });
});
