import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { formatDay } from '../../../functions/core/days.ts';
import type { FollowUpAction } from '../../../functions/core/follow-up.ts';
import { actionText } from '../../../functions/text/follow-up-answers.ts';
import type { CycleDeps } from '../../../functions/use-cases/cycle/cycle-deps.ts';
import { runDaily } from '../../../functions/use-cases/cycle/run-daily.ts';
import { runWeekly } from '../../../functions/use-cases/cycle/run-weekly.ts';
import {
  ACTION_PATH,
  type ActionClaims,
  verifyAction,
} from '../../../functions/use-cases/follow-up/action-link.ts';
import { dynamoFollowUpStores } from '../../../functions/entry-points/follow-up-stores.ts';
import { handleActionRequest } from '../../../functions/use-cases/follow-up/action-http.ts';
import { linkExpiry } from '../../../functions/use-cases/follow-up/digest-links.ts';
import {
  type IngestApiServer,
  startIngestApiServer,
} from '../../../functions/entry-points/local/ingest-api-server.ts';
import { day } from '../../core/helpers.ts';
import { seedEffectHistory } from '../../support/effect-history.ts';
import { type CycleServices, startCycleServices } from './services.ts';
import { AS_OF, cycleDeps, seedScenario, setConfig } from './scenario.ts';

/**
 * The loop on the embedded services: a day's digests carry signed answer links (taken here from the local
 * inbox and the local WeCom receiver), a rep taps them over HTTP on the local API server's action route (as
 * `npm start` serves it), and the manager's weekly summary counts the answers.
 */

const KEY = 'follow-up-loop-test-key-0123456789abcdef';

let running: CycleServices;
let robots = 0;
let api: IngestApiServer;
/** The action route's base URL: the local API server's. */
let BASE_URL = '';
/** The tables and clock of the test being run: what the action route answers against. */
const current: { tables?: TableNames; clock: { now: number } } = { clock: { now: 0 } };

beforeAll(async () => {
  running = await startCycleServices();
  api = await startIngestApiServer({
    port: 0,
    apiKey: 'unused-ingest-key',
    handler: async () => ({ statusCode: 404, headers: {}, body: '{}' }),
    actions: {
      handler: (event) =>
        handleActionRequest(event, {
          ...dynamoFollowUpStores(running.dynamo.doc, current.tables as TableNames),
          key: KEY,
          now: () => current.clock.now,
          log: () => {},
        }),
    },
  });
  BASE_URL = api.url;
}, 60_000);
afterAll(async () => {
  await api?.close();
  await running?.close();
});

/** A fresh distributor whose digests carry answer links (the risk model off: not what this is about). */
async function fresh(overrides: Record<string, unknown> = {}) {
  const tables = await running.dynamo.freshTables();
  const key = `follow-up-robot-${++robots}`;
  running.wecom.registerKey(key);
  await seedScenario(running.scenario, tables, key);
  await setConfig(running.dynamo.doc, tables, { riskModel: { enabled: false }, ...overrides });
  const clock = { now: Date.parse(`${AS_OF}T00:00:00Z`) };
  current.tables = tables;
  current.clock = clock;
  const deps: CycleDeps = {
    ...cycleDeps(running.scenario, tables, clock),
    actionLinks: { baseUrl: BASE_URL, key: KEY },
  };
  return { tables, key, clock, deps };
}

const inboxMark = async () => new Set((await running.ses.emails()).map((email) => email.messageId));
const emailsTo = async (address: string, before: Set<string>) =>
  (await running.ses.emails()).filter(
    (email) => email.destination.to.includes(address) && !before.has(email.messageId),
  );

const linkPattern = () => new RegExp(`${BASE_URL}${ACTION_PATH}/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`, 'g');

/** Every answer link in a text, as a rep's phone would open it. */
const urlsIn = (text: string): string[] => [...text.matchAll(linkPattern())].map(([url]) => url);

/** The claims of every answer link in a text, as the action route will read them. */
function linksIn(text: string, nowSeconds: number): ActionClaims[] {
  return [...text.matchAll(linkPattern())].map(([, token]) => {
    const verified = verifyAction(KEY, token ?? '', nowSeconds);
    if (!verified.ok) throw new Error(`a digest link did not verify: ${verified.reason}`);
    return verified.claims;
  });
}

const form = (body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body,
});

/**
 * A tap on an email's answer button: the page opens (GET records nothing), then posts itself; a link answered
 * before opens on what was recorded, with nothing to post.
 */
async function tapLink(url: string): Promise<string> {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const shown = await page.text();
  if (!shown.includes('<form method="post"')) return shown;
  const posted = await fetch(url, form(''));
  expect(posted.status).toBe(200);
  return posted.text();
}

/**
 * A tap on WeCom's [反馈] page: it offers one button per action, each posting its own signed token; "not a
 * real risk" then asks for the reason, one button each.
 */
async function tapPage(url: string, action: FollowUpAction, reason?: string): Promise<string> {
  const page = await (await fetch(url)).text();
  const choice = new RegExp(
    `name="token" value="([^"]+)"><button type="submit"[^>]*>${actionText(action, 'zh-CN')}</button>`,
  ).exec(page);
  expect(choice, `the answer page offers ${action}`).not.toBeNull();
  const token = choice?.[1] ?? '';
  const first = await fetch(url, form(`token=${encodeURIComponent(token)}`));
  if (reason === undefined) return first.text();
  expect(await first.text()).toContain(`value="${reason}"`);
  const second = await fetch(
    url,
    form(`token=${encodeURIComponent(token)}&reason=${encodeURIComponent(reason)}`),
  );
  return second.text();
}

describe('the follow-up loop on the embedded services', () => {
  it('takes links from a real digest, records answers, and the weekly summary counts them', async () => {
    // Prepare: C01 is R01's (email), C02 and C03 R02's (WeCom), C04 R03's (email, English); all four are
    // warned on AS_OF.
    const { key, clock, deps } = await fresh();
    const since = await inboxMark();
    const nowSeconds = Math.floor(clock.now / 1000);

    // Act 1: the morning digests
    await runDaily(deps, day(AS_OF));

    // Assess 1: each customer carries links signed for its rep, customer and episode
    const [r01] = await emailsTo('r01@example.com', since);
    const r01Links = linksIn(r01?.body.html ?? '', nowSeconds);
    const expires = linkExpiry(AS_OF, 14, 'Asia/Shanghai');
    expect(r01Links).toEqual(
      ['called', 'visited', 'coupon', 'not_real', 'closed'].map((action) => ({
        repId: 'R01',
        customerId: 'C01',
        episode: AS_OF,
        action,
        expires,
      })),
    );
    expect(r01?.body.html).toMatch(/>已电话联系<\/a>/);
    // The text part carries the one answer page link.
    expect(linksIn(r01?.body.text ?? '', nowSeconds)).toEqual([
      expect.objectContaining({ action: 'choose' }),
    ]);
    const [r03] = await emailsTo('r03@example.com', since);
    expect(r03?.body.html).toMatch(/>Called<\/a>/);
    expect(linksIn(r03?.body.html ?? '', nowSeconds)[0]).toMatchObject({ repId: 'R03', customerId: 'C04' });
    const robot = running.wecom.messages(key);
    expect(robot).toHaveLength(1);
    const r02Pages = linksIn(robot[0]?.content ?? '', nowSeconds);
    // In the digest's order (money at risk), one page link per customer.
    expect(r02Pages.map(({ repId, customerId, action }) => [repId, customerId, action]).sort()).toEqual([
      ['R02', 'C02', 'choose'],
      ['R02', 'C03', 'choose'],
    ]);
    expect(robot[0]?.content).toContain(`[反馈](${BASE_URL}${ACTION_PATH}/`);

    // Act 2: the weekly summary the next day, before anyone answered
    clock.now = Date.parse(`${formatDay(day(AS_OF) + 1)}T00:00:00Z`);
    const beforeMark = await inboxMark();
    await runWeekly(deps, day(AS_OF) + 1);
    const [before] = await emailsTo('m01@example.com', beforeMark);

    // Assess 2: four warnings, all still within their two days
    expect(before?.body.text).toContain('团队：4 条预警：及时跟进 0，未跟进 0，不是真的流失 0，待跟进 4');
    expect(before?.body.text).toContain('没有超过 2 天无人反馈的预警。');

    // Act 3: R01 taps "called" in the email, twice; R02 opens the WeCom answer page for C02 and answers "not
    // a real risk: seasonal". All over HTTP, on the local API server's action route.
    clock.now = Date.parse(`${formatDay(day(AS_OF) + 1)}T02:30:00Z`);
    const calledUrl = urlsIn(r01?.body.html ?? '')[0] as string;
    const firstTap = await tapLink(calledUrl);
    const secondTap = await tapLink(calledUrl);
    const c02Url = urlsIn(robot[0]?.content ?? '').find(
      (_, i) => r02Pages[i]?.customerId === 'C02',
    ) as string;
    const notReal = await tapPage(c02Url, 'not_real', 'seasonal');

    // Assess 3: each tap says what it recorded, the second that it was already recorded
    expect(firstTap).toContain('已记录：已电话联系 — 大润发超市');
    expect(secondTap).toContain('之前已记录：已电话联系');
    expect(notReal).toContain('已记录：不是真的流失（季节性）');

    // Act 4: the weekly summary two days later
    clock.now = Date.parse(`${formatDay(day(AS_OF) + 3)}T00:00:00Z`);
    const afterMark = await inboxMark();
    await runWeekly(deps, day(AS_OF) + 3);
    const [after] = await emailsTo('m01@example.com', afterMark);

    // Assess 4: the answers counted; C03 and C04, unanswered past two days, named; C01 and C02 not
    const text = after?.body.text ?? '';
    expect(text).toContain('团队：4 条预警：及时跟进 1，未跟进 2，不是真的流失 1');
    expect(text).toContain('- 李娜：1 条预警：及时跟进 1，未跟进 0，不是真的流失 0');
    expect(text).toContain('- 郑浩：2 条预警：及时跟进 0，未跟进 1，不是真的流失 1');
    expect(text).toContain('“不是真的流失”的原因：季节性 1');
    const unanswered = text.slice(text.indexOf('== 无人反馈的预警 =='));
    expect(unanswered).toContain('2 条预警超过 2 天无人反馈');
    expect(unanswered).toContain('好又多便利店 · 业务员 郑浩 · 预警已 3 天');
    expect(unanswered).toContain('Corner Shop · 业务员 Chen Jing · 预警已 3 天');
    expect(unanswered).not.toContain('大润发超市');
  });

  it("gives reminders links for the episode they remind of, and the manager's escalation none", async () => {
    // Prepare: every tier escalates after a week without a visit
    const { deps, clock } = await fresh({
      escalation: { days: 7, tiers: ['vip', 'important', 'general', 'dormant'] },
    });
    await runDaily(deps, day(AS_OF) - 7);
    const since = await inboxMark();
    // Act
    await runDaily(deps, day(AS_OF));
    // Assess
    const nowSeconds = Math.floor(clock.now / 1000);
    const [reminder] = await emailsTo('r01@example.com', since);
    expect(reminder?.body.html).toContain('仍有风险');
    expect(linksIn(reminder?.body.html ?? '', nowSeconds)[0]).toMatchObject({
      customerId: 'C01',
      episode: formatDay(day(AS_OF) - 7),
      expires: linkExpiry(AS_OF, 14, 'Asia/Shanghai'),
    });
    const manager = await emailsTo('m01@example.com', since);
    expect(manager).toHaveLength(1);
    expect(manager[0]?.subject).toContain('升级提醒');
    expect(manager[0]?.body.html).not.toContain(`${ACTION_PATH}/`);
    expect(manager[0]?.body.text).not.toContain(BASE_URL);
  });

  it("tells the manager whether following up works, once the team's warnings are enough to compare", async () => {
    // Prepare: R01 (M01's team) was warned about sixty shops on 2026-09-01, half of them followed up; a
    // second distributor has only this week's warnings
    const { deps, tables } = await fresh();
    await seedEffectHistory(running.dynamo.doc, tables, '2026-09-01');
    const { deps: young } = await fresh();
    await runDaily(young, day(AS_OF));
    // Act
    const since = await inboxMark();
    await runWeekly(deps, day(AS_OF));
    const [summary] = await emailsTo('m01@example.com', since);
    const youngMark = await inboxMark();
    await runWeekly(young, day(AS_OF));
    const [youngSummary] = await emailsTo('m01@example.com', youngMark);
    // Assess: the same figures as `churn-watch effect`, in both parts; nothing while too few to say
    for (const part of [summary?.body.text, summary?.body.html]) {
      expect(part).toContain(
        '跟进效果：跟进过的预警客户 30 天内恢复下单 47%（30 位），未跟进的 33%（30 位）',
      );
      expect(part).toContain('近 120 天的预警；完整报告：churn-watch effect');
    }
    expect(youngSummary?.body.text).toContain('条预警');
    expect(youngSummary?.body.text).not.toContain('跟进效果');
  });

  it('shows what reps answered in a weekly sent from a shell without the link settings, and nothing when nobody could', async () => {
    // Prepare: R01 called C01 from the morning's digest; a second distributor never had links
    const { deps, clock } = await fresh();
    const since = await inboxMark();
    await runDaily(deps, day(AS_OF));
    const [r01] = await emailsTo('r01@example.com', since);
    clock.now = Date.parse(`${AS_OF}T04:00:00Z`);
    await tapLink(urlsIn(r01?.body.html ?? '')[0] as string);
    const { deps: unlinked } = await fresh();
    await runDaily({ ...unlinked, actionLinks: undefined }, day(AS_OF));
    // Act: both weeklies from processes that do not sign links
    const mark = await inboxMark();
    await runWeekly({ ...deps, actionLinks: undefined }, day(AS_OF) + 3);
    const [answered] = await emailsTo('m01@example.com', mark);
    const unlinkedMark = await inboxMark();
    await runWeekly({ ...unlinked, actionLinks: undefined }, day(AS_OF) + 3);
    const [never] = await emailsTo('m01@example.com', unlinkedMark);
    // Assess
    expect(answered?.body.text).toContain('- 李娜：1 条预警：及时跟进 1');
    expect(never?.body.text).toContain('本周');
    expect(never?.body.text).not.toContain('本周预警的跟进');
  });

  it('sends digests without links when the admin turned follow-up off', async () => {
    const { deps, key } = await fresh({ followUp: { enabled: false } });
    const since = await inboxMark();
    await runDaily(deps, day(AS_OF));
    const [r01] = await emailsTo('r01@example.com', since);
    expect(r01?.body.html).toContain('大润发超市');
    expect(r01?.body.html).not.toContain(BASE_URL);
    expect(running.wecom.messages(key)[0]?.content).not.toContain('[反馈]');
  });
});
