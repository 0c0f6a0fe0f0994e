import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryProblemSentence } from '../../../functions/entry-points/cli/delivery-problem-text.ts';
import { scanItems } from '../../../functions/adapters/dynamodb/scan.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { loadConfig, saveConfig } from '../../../functions/adapters/dynamodb/config-store.ts';
import { formatDay } from '../../../functions/core/days.ts';
import { readReps } from '../../../functions/use-cases/cycle/cycle-deps.ts';
import { runDaily } from '../../../functions/use-cases/cycle/run-daily.ts';
import { runEvaluation } from '../../../functions/use-cases/cycle/run-evaluation.ts';
import { runWeekly } from '../../../functions/use-cases/cycle/run-weekly.ts';
import { ingest } from '../../../functions/use-cases/ingest/ingest.ts';
import { deliver, type EmailSenderPort } from '../../../functions/use-cases/notify/deliver.ts';
import type { DeliveryRecord } from '../../../functions/use-cases/notify/outbox.ts';
import type { SesServer } from '../../../functions/entry-points/local/ses-server.ts';
import type { WecomReceiver } from '../../../functions/entry-points/local/wecom-receiver.ts';
import { day } from '../../core/helpers.ts';
import type { LocalDynamo } from '../ingest/dynalite.ts';
import { type CycleServices, startCycleServices } from './services.ts';
import { AS_OF, cycleDeps, ingestDeps, type ScenarioServices, seedScenario, setConfig } from './scenario.ts';
import { dynamoCycleStores } from '../../../functions/adapters/dynamodb/cycle-stores.ts';

let dynamo: LocalDynamo;
let ses: SesServer;
let wecom: WecomReceiver;
let services: ScenarioServices;
let keyCounter = 0;

let running: CycleServices;

beforeAll(async () => {
  running = await startCycleServices();
  ({ dynamo, ses, wecom, scenario: services } = running);
});
afterAll(async () => {
  await running.close();
});

/** A fresh distributor: its own tables and R02's own robot. */
async function fresh(options: { r02Email?: boolean } = {}) {
  const tables = await dynamo.freshTables();
  const key = `robot-${++keyCounter}`;
  wecom.registerKey(key);
  await seedScenario(services, tables, key, options);
  const clock = { now: Date.parse('2026-11-20T00:00:00Z') };
  return { tables, key, clock };
}

/** What the inbox held before a test: the SES store is shared by every test in this file. */
async function inboxMark(): Promise<Set<string>> {
  return new Set((await ses.emails()).map((email) => email.messageId));
}

/** Emails sent to an address since the mark. */
async function emailsTo(address: string, before: Set<string>) {
  return (await ses.emails()).filter(
    (email) => email.destination.to.includes(address) && !before.has(email.messageId),
  );
}

async function countItems(tables: TableNames, kind: keyof TableNames): Promise<number> {
  let n = 0;
  for await (const item of scanItems(dynamo.doc, tables[kind])) if (item) n++;
  return n;
}

describe('the daily cycle on the embedded services', () => {
  it('sends each rep one digest of their own customers, in their language and channel', async () => {
    // Prepare
    const { tables, key, clock } = await fresh();
    const since = await inboxMark();
    // Act
    const run = await runDaily(cycleDeps(services, tables, clock), day(AS_OF));
    // Assess
    expect(run.evaluation.summary).toMatchObject({ customers: 20, atRisk: 4, newAlerts: 4 });
    const r01 = await emailsTo('r01@example.com', since);
    expect(r01).toHaveLength(1);
    expect(r01[0]?.subject).toContain('1 位客户有流失风险');
    expect(r01[0]?.body.html).toContain('大润发超市');
    expect(r01[0]?.body.html).not.toContain('好又多便利店'); // R02's customer
    expect(r01[0]?.body.text).toContain('大润发超市');
    const r03 = await emailsTo('r03@example.com', since);
    expect(r03[0]?.subject).toMatch(/1 customer/);
    expect(r03[0]?.body.html).toContain('Corner Shop');
    const robot = wecom.messages(key);
    expect(robot).toHaveLength(1);
    expect(robot[0]?.content).toContain('<@zhenghao>');
    expect(robot[0]?.content).toContain('好又多便利店');
    // The hostile name arrives as text, not as markup
    expect(robot[0]?.content).not.toContain('<b>');
    expect(await emailsTo('r02@example.com', since)).toHaveLength(0);
    expect(run.notify).toMatchObject({ sentNow: 3, alreadySent: 0 });
  });

  it('sends nothing twice and writes nothing when the same day runs again', async () => {
    // Prepare
    const { tables, key, clock } = await fresh();
    const since = await inboxMark();
    const deps = cycleDeps(services, tables, clock);
    await runDaily(deps, day(AS_OF));
    // Act
    const again = await runDaily(deps, day(AS_OF));
    // Assess
    expect(again.evaluation.summary.alertWrites).toBe(0);
    expect(again.notify).toMatchObject({ sentNow: 0, alreadySent: 3 });
    expect(again.notify.deliveries).toHaveLength(0);
    expect(await emailsTo('r01@example.com', since)).toHaveLength(1);
    expect(wecom.messages(key)).toHaveLength(1);
  });

  it('stays quiet the next day when nothing changed, and reminds after the repeat interval', async () => {
    // Prepare
    const { tables, clock } = await fresh();
    const since = await inboxMark();
    const deps = cycleDeps(services, tables, clock);
    await runDaily(deps, day(AS_OF));
    // Act
    const nextDay = await runDaily(deps, day(AS_OF) + 1);
    const weekLater = await runDaily(deps, day(AS_OF) + 7);
    // Assess
    expect(nextDay.notify.sentNow).toBe(0);
    expect(nextDay.notify.quietReps).toBe(3);
    expect(weekLater.evaluation.summary.reminders).toBe(4);
    const r01 = await emailsTo('r01@example.com', since);
    expect(r01).toHaveLength(2);
    expect(r01[1]?.body.html).toContain('仍有风险');
  });

  it('reminds the new rep when a customer at risk was handed to another rep', async () => {
    // Prepare
    const { tables, clock } = await fresh();
    const deps = cycleDeps(services, tables, clock);
    await runDaily(deps, day(AS_OF));
    await ingest(
      'customers',
      [{ customerId: 'C01', name: '大润发超市', repId: 'R03' }],
      ingestDeps(dynamo.doc, tables),
    );
    const since = await inboxMark();
    // Act: a week later the reminder is due
    await runDaily(deps, day(AS_OF) + 7);
    // Assess
    const r03 = await emailsTo('r03@example.com', since);
    expect(r03.map((email) => email.body.text).join()).toContain('大润发超市');
    // R01 hears about the shops whose orders stop with the seed data, not about the one handed over
    const r01 = await emailsTo('r01@example.com', since);
    expect(r01.map((email) => email.body.text).join()).not.toContain('大润发超市');
  });

  it('sends by email only when the distributor turned WeCom off, and prefers email when told to', async () => {
    // Prepare
    const wecomOff = await fresh();
    await setConfig(dynamo.doc, wecomOff.tables, { channels: { enabled: ['email'], preferred: 'email' } });
    const since = await inboxMark();
    // Act
    await runDaily(cycleDeps(services, wecomOff.tables, wecomOff.clock), day(AS_OF));
    // Assess: R02 chose WeCom, but the distributor uses email only
    expect(wecom.messages(wecomOff.key)).toHaveLength(0);
    expect(await emailsTo('r02@example.com', since)).toHaveLength(1);
  });

  it('tells the manager about an important customer at risk for a week with no visit', async () => {
    // Prepare: every tier escalates here, so the test does not hang on where the cut-offs fall
    const { tables, clock } = await fresh();
    await setConfig(dynamo.doc, tables, {
      escalation: { days: 7, tiers: ['vip', 'important', 'general', 'dormant'] },
    });
    const since = await inboxMark();
    const deps = cycleDeps(services, tables, clock);
    await runDaily(deps, day(AS_OF) - 7);
    // Act
    const run = await runDaily(deps, day(AS_OF));
    // Assess
    expect(run.evaluation.summary.managerEscalations).toBe(4);
    const manager = await emailsTo('m01@example.com', since);
    expect(manager).toHaveLength(1);
    expect(manager[0]?.subject).toContain('升级提醒');
    expect(manager[0]?.body.text).toContain('大润发超市');
    expect(run.evaluation.summary.configVersion).toBe(1);
  });

  it('retries SES throttling (429) within the run and sends once', async () => {
    // Prepare
    const { tables, clock } = await fresh();
    const since = await inboxMark();
    ses.failNext(429, 2);
    // Act
    const run = await runDaily(cycleDeps(services, tables, clock), day(AS_OF));
    // Assess
    expect(run.notify.byStatus).toMatchObject({ sent: 3, failed: 0, retrying: 0 });
    expect(await emailsTo('r01@example.com', since)).toHaveLength(1);
  });

  it('retries a WeCom rate limit (45009) and sends once', async () => {
    // Prepare
    const { tables, key, clock } = await fresh();
    wecom.failNext(key, 45009, 1);
    // Act
    const run = await runDaily(cycleDeps(services, tables, clock), day(AS_OF));
    // Assess
    expect(run.notify.byStatus.sent).toBe(3);
    expect(wecom.messages(key)).toHaveLength(1);
  });

  it('keeps a digest that failed for now and sends it on a later run, once', async () => {
    // Prepare: SES is down for longer than the sender's own retries
    const { tables, clock } = await fresh();
    const since = await inboxMark();
    const deps = cycleDeps(services, tables, clock);
    ses.failNext(503, 10);
    const first = await runDaily(deps, day(AS_OF));
    const pendingFailures = ses.pendingFailures();
    // Act: the next run, after the backoff
    clock.now += 10 * 60_000;
    const later = await runDaily(deps, day(AS_OF));
    // Assess
    expect(first.notify.byStatus.retrying).toBeGreaterThan(0);
    expect(pendingFailures).toBe(0);
    expect(later.notify.sentNow).toBe(first.notify.byStatus.retrying);
    expect(await emailsTo('r01@example.com', since)).toHaveLength(1);
  });

  it("does not send yesterday's digest late; its customers go in today's", async () => {
    // Prepare: SES is down all of the 20th
    const { tables, clock } = await fresh();
    const deps = cycleDeps(services, tables, clock);
    ses.failNext(503, 10); // five attempts for each of the two email digests
    const down = await runDaily(deps, day(AS_OF));
    const since = await inboxMark();
    // Act
    clock.now += 24 * 3600_000;
    const nextDay = await runDaily(deps, day(AS_OF) + 1);
    // Assess
    expect(ses.pendingFailures()).toBe(0);
    expect(down.notify.byStatus).toMatchObject({ retrying: 2, sent: 1 });
    const stale = (await deps.store.list({ day: AS_OF })).find((r) => r.pk === `digest#R01#${AS_OF}`);
    expect(stale?.status).toBe('failed');
    expect(deliveryProblemSentence(stale ?? {})).toContain('stale');
    const r01 = await emailsTo('r01@example.com', since);
    expect(r01).toHaveLength(1);
    expect(r01[0]?.subject).toContain('2026-11-21');
    expect(r01[0]?.body.text).toContain('大润发超市');
    // R02's digest went by WeCom on the 20th: nothing to repeat on the 21st
    expect(nextDay.notify.sentNow).toBe(2);
  });

  it('marks a removed robot broken, falls back to email and tells the manager', async () => {
    // Prepare
    const { tables, key, clock } = await fresh();
    wecom.failNext(key, 93000, 1);
    const since = await inboxMark();
    // Act
    const run = await runDaily(cycleDeps(services, tables, clock), day(AS_OF));
    // Assess
    const digest = run.notify.deliveries.find((record) => record.pk === `digest#R02#${AS_OF}`);
    expect(digest).toMatchObject({ status: 'sent', channel: 'email', fellBackFrom: 'wecom' });
    expect(await emailsTo('r02@example.com', since)).toHaveLength(1);
    const manager = await emailsTo('m01@example.com', since);
    expect(manager.map((email) => email.subject).join()).toContain('企业微信机器人无法发送');
    // The next day the broken robot is not tried again
    await runDaily(cycleDeps(services, tables, clock), day(AS_OF) + 7);
    expect(wecom.rejected(key)).toHaveLength(1);
    expect(wecom.messages(key)).toHaveLength(0);
  });

  it('never sends twice after a crash between the send and the outbox write', async () => {
    // Prepare: the email goes out, then the process dies before recording it
    const { tables, clock } = await fresh();
    const since = await inboxMark();
    const real = cycleDeps(services, tables, clock).email as EmailSenderPort;
    const crashing: EmailSenderPort = {
      send: async (message) => {
        await real.send(message);
        throw new Error('process killed');
      },
    };
    const crashed = await runDaily(cycleDeps(services, tables, clock, { email: crashing }), day(AS_OF));
    // Act: the scheduler retries after the lease ran out
    clock.now += 20 * 60_000;
    const retry = await runDaily(cycleDeps(services, tables, clock), day(AS_OF));
    // Assess
    expect(crashed.notify.errors.map((e) => e.pk)).toContain(`digest#R01#${AS_OF}`);
    expect(await emailsTo('r01@example.com', since)).toHaveLength(1);
    const record = retry.notify.deliveries.find((r) => r.pk === `digest#R01#${AS_OF}`);
    expect(record?.status).toBe('uncertain');
    expect(await countItems(tables, 'alerts')).toBe(4);
  });

  it('tells in a second message the customers that late data put at risk after the digest went out', async () => {
    // Prepare
    const { tables, clock } = await fresh();
    const since = await inboxMark();
    const deps = cycleDeps(services, tables, clock);
    await runDaily(deps, day(AS_OF));
    await ingest(
      'customers',
      [{ customerId: 'C99', name: '迟到的门店', repId: 'R01' }],
      ingestDeps(dynamo.doc, tables),
    );
    await ingest(
      'orders',
      Array.from({ length: 30 }, (_, i) => ({
        orderId: `late-${i}`,
        customerId: 'C99',
        orderDate: formatDay(day(AS_OF) - 300 + i * 7),
        amount: 900,
      })),
      ingestDeps(dynamo.doc, tables),
    );
    // Act
    const rerun = await runDaily(deps, day(AS_OF));
    const third = await runDaily(deps, day(AS_OF));
    // Assess
    const r01 = await emailsTo('r01@example.com', since);
    expect(r01).toHaveLength(2);
    expect(r01[1]?.body.text).toContain('迟到的门店');
    expect(r01[1]?.body.text).not.toContain('大润发超市');
    expect(rerun.notify.deliveries.map((r) => r.pk)).toContain(`digest#R01#${AS_OF}#2`);
    expect(third.notify.sentNow).toBe(0);
  });

  it('keeps a long list short: the customers left out come the next day, not on a re-run', async () => {
    // Prepare: R02 has two customers at risk, the digest lists one
    const { tables, key, clock } = await fresh();
    await setConfig(dynamo.doc, tables, { digest: { maxCustomers: 1 } });
    const deps = cycleDeps(services, tables, clock);
    // Act
    await runDaily(deps, day(AS_OF));
    const rerun = await runDaily(deps, day(AS_OF));
    const nextDay = await runDaily(deps, day(AS_OF) + 1);
    // Assess
    const messages = wecom.messages(key).map((m) => m.content);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('另有 1 位有风险的客户未在此列出');
    expect(rerun.notify.sentNow).toBe(0);
    expect(nextDay.notify.deliveries.map((r) => r.pk)).toEqual([`digest#R02#2026-11-21`]);
    const names = ['张记「特价」', '好又多便利店'];
    expect(names.filter((name) => messages[0]?.includes(name))).toHaveLength(1);
    expect(names.filter((name) => messages[1]?.includes(name))).toHaveLength(1);
  });

  it("describes a customer held over to the next digest with that day's facts and settings", async () => {
    // Prepare: R02's list shows one of its two silent shops; the admin lowers the inactive threshold overnight
    const { tables, key, clock } = await fresh();
    const rules = { churned: { enabled: false }, cycle_overdue: { enabled: false } };
    const settings = { digest: { maxCustomers: 1 }, riskModel: { enabled: false } };
    await setConfig(dynamo.doc, tables, { ...settings, rules: { ...rules, inactive: { days: 30 } } }, 1);
    const deps = cycleDeps(services, tables, clock);
    await runDaily(deps, day(AS_OF));
    await setConfig(dynamo.doc, tables, { ...settings, rules: { ...rules, inactive: { days: 25 } } }, 2);
    // Act
    await runDaily(deps, day(AS_OF) + 1);
    // Assess: the shop held over reads as of the 21st, under the threshold of the 21st
    const [first, second] = wecom.messages(key).map((m) => m.content);
    const silentDays = (text: string | undefined) => Number(/已 (\d+) 天未下单/.exec(text ?? '')?.[1]);
    expect(first).toContain('阈值 30 天');
    expect(second).toContain('2026-11-21');
    expect(silentDays(second)).toBe(silentDays(first) + 1);
    expect(second).toContain('阈值 25 天');
    expect(second).not.toContain('阈值 30 天');
  });

  it('names a held-over shop known only from its orders by the name its orders carry', async () => {
    // Prepare: R02 has a third silent shop, C99, with no master record; its list shows two shops a day
    const { tables, key, clock } = await fresh();
    await setConfig(dynamo.doc, tables, { digest: { maxCustomers: 2 }, riskModel: { enabled: false } });
    const orderOf = (i: number, extra: Record<string, unknown> = {}) => ({
      orderId: `c99-${i}`,
      customerId: 'C99',
      orderDate: formatDay(day(AS_OF) - 300 + i * 7),
      amount: 10,
      repId: 'R02',
      ...extra,
    });
    await ingest(
      'orders',
      Array.from({ length: 35 }, (_, i) => orderOf(i)),
      ingestDeps(dynamo.doc, tables),
    );
    const deps = cycleDeps(services, tables, clock);
    await runDaily(deps, day(AS_OF));
    // The ERP's next export names the shop on one of its old orders
    await ingest('orders', [orderOf(0, { customerName: '无档案小店' })], ingestDeps(dynamo.doc, tables));
    // Act
    await runDaily(deps, day(AS_OF) + 1);
    // Assess: the shop held over to the 21st's digest is named, not shown by its id
    const messages = wecom.messages(key).map((m) => m.content);
    expect(messages).toHaveLength(2);
    expect(messages[0]).not.toContain('C99');
    expect(messages[1]).toContain('无档案小店');
  });

  it('catches up the next day on a day whose notifier never ran', async () => {
    // Prepare: the evaluator ran on the 20th, the notifier did not (its invocation was lost)
    const { tables, clock } = await fresh();
    const since = await inboxMark();
    const deps = cycleDeps(services, tables, clock);
    const { config } = await loadConfig(dynamo.doc, tables.config);
    await runEvaluation(
      { stores: dynamoCycleStores(dynamo.doc, tables), config, configVersion: 0, totalSegments: 2 },
      day(AS_OF),
    );
    // Act
    const nextDay = await runDaily(deps, day(AS_OF) + 1);
    // Assess
    expect(nextDay.notify.sentNow).toBe(3);
    const r01 = await emailsTo('r01@example.com', since);
    expect(r01).toHaveLength(1);
    expect(r01[0]?.body.text).toContain('大润发超市');
  });

  it("reports the day's failed messages on a re-run that sends nothing, not only this run's", async () => {
    // Prepare: R02 has neither a working robot nor an email, so its digest fails on the first run
    const { tables, key, clock } = await fresh({ r02Email: false });
    wecom.disableKey(key);
    const deps = cycleDeps(services, tables, clock);
    const first = await runDaily(deps, day(AS_OF));
    // Act: the same day again
    const again = await runDaily(deps, day(AS_OF));
    // Assess: nothing new to send, yet the day still has its failure, counted and named
    expect(first.notify.byStatus.failed).toBeGreaterThan(0);
    expect(again.notify.sentNow).toBe(0);
    expect(again.notify.byStatus.failed).toBe(first.notify.byStatus.failed);
    expect(again.notify.dayProblems.map((r) => r.pk)).toContain(`digest#R02#${AS_OF}`);
  });

  it('sends a failed digest once the rep has an address, by resending the same record', async () => {
    // Prepare: R02 has neither a working robot nor an email
    const { tables, key, clock } = await fresh({ r02Email: false });
    wecom.disableKey(key);
    const deps = cycleDeps(services, tables, clock);
    const first = await runDaily(deps, day(AS_OF));
    const failed = first.notify.deliveries.find((r) => r.pk === `digest#R02#${AS_OF}`);
    await ingest(
      'reps',
      [
        {
          repId: 'R02',
          name: '郑浩',
          role: 'rep',
          managerId: 'M01',
          channel: 'email',
          email: 'r02-new@example.com',
        },
      ],
      ingestDeps(dynamo.doc, tables),
    );
    const since = await inboxMark();
    // Act
    const requeued = {
      ...(failed as DeliveryRecord),
      status: 'pending' as const,
      version: (failed?.version ?? 0) + 1,
    };
    await deps.store.update(requeued, failed?.version ?? 0);
    const { reps } = await readReps(dynamoCycleStores(dynamo.doc, tables).reps);
    const resent = await deliver(requeued, { ...deps, reps });
    // Assess
    expect(failed?.status).toBe('failed');
    expect(deliveryProblemSentence(failed ?? {})).toContain('no email address to fall back to');
    expect(resent).toMatchObject({ status: 'sent', channel: 'email', to: 'r02-new@example.com' });
    expect(await emailsTo('r02-new@example.com', since)).toHaveLength(1);
  });

  it('sends each manager a weekly summary with its charts inline, once', async () => {
    // Prepare
    const { tables, clock } = await fresh();
    const since = await inboxMark();
    const deps = cycleDeps(services, tables, clock);
    await runDaily(deps, day(AS_OF));
    // Act
    const first = await runWeekly(deps, day(AS_OF));
    const again = await runWeekly(deps, day(AS_OF));
    // Assess
    expect(first.sentNow).toBe(1);
    expect(again).toMatchObject({ sentNow: 0, alreadySent: 1 });
    const summaries = (await emailsTo('m01@example.com', since)).filter((e) => e.subject.includes('周报'));
    expect(summaries).toHaveLength(1);
    const email = summaries[0];
    const images = email?.attachments.filter((a) => a.contentType === 'image/png') ?? [];
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(email?.body.html).toContain(`cid:${image.contentId}`);
    expect(email?.body.html).toContain('郑浩');
  });

  it("reconciles the weekly summary with the week's digests: at risk, last week, new and recovered", async () => {
    // Prepare: ten mornings, every rep hearing every day (all clear on). C01–C04 are at risk from the first;
    // C02 orders again mid-week; C21 (R01), a weekly buyer, stops twelve days before the week's last day.
    const { tables, clock } = await fresh();
    await setConfig(dynamo.doc, tables, { digest: { allClear: true }, riskModel: { enabled: false } });
    const deps = cycleDeps(services, tables, clock);
    const seed = ingestDeps(dynamo.doc, tables);
    await ingest('customers', [{ customerId: 'C21', name: '新沉默门店', repId: 'R01' }], seed);
    await ingest(
      'orders',
      Array.from({ length: 40 }, (_, i) => ({
        orderId: `C21-${i}`,
        customerId: 'C21',
        orderDate: formatDay(day(AS_OF) - 12 - i * 7),
        amount: 1500,
      })),
      seed,
    );
    const end = day(AS_OF);
    for (let d = end - 9; d <= end; d++) {
      if (d === end - 3) {
        const back = [end - 5, end - 4].map((o) => ({
          orderId: `back-${o}`,
          customerId: 'C02',
          orderDate: formatDay(o),
          amount: 5000,
        }));
        await ingest('orders', back, seed);
      }
      clock.now = Date.parse(`${formatDay(d)}T00:00:00Z`);
      await runDaily(deps, d);
    }
    const since = await inboxMark();
    // Act
    await runWeekly(deps, end);
    // Assess: what each rep's digest said, day by day
    const reps = { R01: '李娜', R02: '郑浩', R03: 'Chen Jing' } as const;
    const digestText = async (repId: string, d: number) => {
      const record = (await deps.store.list({ day: formatDay(d) })).find(
        (r) => r.pk === `digest#${repId}#${formatDay(d)}`,
      );
      return record?.content.email?.text ?? '';
    };
    const count = (text: string, patterns: RegExp[]) =>
      Number(patterns.map((p) => p.exec(text)?.[1]).find((n) => n !== undefined) ?? 0);
    const total = (text: string) => count(text, [/共有 (\d+) 位客户/, /(\d+) customers? of yours/]);
    const flagged = (text: string) => count(text, [/新增风险 (\d+) 位/, /\((\d+) new,/]);
    const back = (text: string) => count(text, [/(\d+) 位客户已恢复下单/, /(\d+) customers? ordered again/]);
    const said = { now: 0, lastWeek: 0, new: 0, recovered: 0 };
    const perRep = new Map<string, { atRisk: number; new: number; recovered: number }>();
    for (const repId of Object.keys(reps)) {
      const row = { atRisk: total(await digestText(repId, end)), new: 0, recovered: 0 };
      for (let d = end - 6; d <= end; d++) {
        const text = await digestText(repId, d);
        row.new += flagged(text);
        row.recovered += back(text);
      }
      perRep.set(repId, row);
      said.now += row.atRisk;
      said.lastWeek += total(await digestText(repId, end - 7));
      said.new += row.new;
      said.recovered += row.recovered;
    }
    // C01–C04 at the end of last week; C21 new and C02 back this week
    expect(said).toEqual({ now: 4, lastWeek: 4, new: 1, recovered: 1 });
    // …and what the manager's summary says of the same week
    const [weekly] = (await emailsTo('m01@example.com', since)).filter((e) => e.subject.includes('周报'));
    const text = weekly?.body.text ?? '';
    expect(text).toContain(
      `目前 ${said.now} 位客户有流失风险（上周末 ${said.lastWeek} 位，${said.now - said.lastWeek > 0 ? '+' : ''}${said.now - said.lastWeek}）。本周新增 ${said.new} 位，恢复 ${said.recovered} 位`,
    );
    for (const [repId, name] of Object.entries(reps)) {
      const row = perRep.get(repId);
      expect(text).toContain(
        `- ${name}：有风险 ${row?.atRisk}，本周新增 ${row?.new}，本周恢复 ${row?.recovered}，`,
      );
    }
    expect(text).toContain('口径：“有风险”指预警尚未结束的客户');
  });

  it('tells the manager how often warnings were followed by an order, before and since a config change', async () => {
    // Prepare: a config change the day the first customers are warned; C02 orders again within five days.
    // The scenario's warnings are the rules' (who is warned when is planted by rule), so the risk model is off.
    const { tables, clock } = await fresh();
    await saveConfig(dynamo.doc, tables.config, {
      overrides: { weekly: { recoveryDays: 28 }, riskModel: { enabled: false } },
      changedBy: 'admin',
      reason: 'recovery within four weeks',
      expectedVersion: 0,
      now: Date.parse('2026-11-20T02:00:00Z'),
    });
    const deps = cycleDeps(services, tables, clock);
    await runDaily(deps, day(AS_OF));
    await ingest(
      'orders',
      [1, 3, 5].map((d) => ({
        orderId: `back-${d}`,
        customerId: 'C02',
        orderDate: formatDay(day(AS_OF) + d),
        amount: 2000,
      })),
      ingestDeps(dynamo.doc, tables),
    );
    await runDaily(deps, day(AS_OF) + 5);
    const since = await inboxMark();
    // Act: five weeks on, every warning of the 20th has had its 28 days
    await runWeekly(deps, day(AS_OF) + 35);
    // Assess: C01–C04 warned on the 20th, the other 16 on the 25th (their orders stop at the 20th): 20 warnings,
    // all since the change, C02 the one that ordered again
    const [email] = (await emailsTo('m01@example.com', since)).filter((e) => e.subject.includes('周报'));
    expect(email?.body.text).toContain(
      '预警后恢复率（2026-10-29 至 2026-11-27 的预警，28 天内重新下单且不再有风险）',
    );
    expect(email?.body.text).toContain('- 团队：5.0%（20 次预警中 1 位已恢复）');
    expect(email?.body.text).toContain(
      '配置 v1（2026-11-20 起）之前：—（没有预警）；之后：5.0%（20 次预警中 1 位已恢复）。',
    );
  });
});
