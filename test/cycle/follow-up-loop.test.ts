import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putAnswer } from '../../functions/adapters/dynamodb/answer-store.ts';
import type { TableNames } from '../../functions/adapters/dynamodb/tables.ts';
import { formatDay } from '../../functions/core/days.ts';
import type { FollowUpAction } from '../../functions/core/follow-up.ts';
import type { CycleDeps } from '../../functions/cycle/cycle-deps.ts';
import { runDaily } from '../../functions/cycle/run-daily.ts';
import { runWeekly } from '../../functions/cycle/run-weekly.ts';
import { ACTION_PATH, type ActionClaims, verifyAction } from '../../functions/follow-up/action-link.ts';
import { linkExpiry } from '../../functions/follow-up/digest-links.ts';
import { day } from '../core/helpers.ts';
import { type CycleServices, startCycleServices } from './services.ts';
import { AS_OF, cycleDeps, seedScenario, setConfig } from './scenario.ts';

/**
 * The loop on the embedded services: a day's digests carry signed answer links (taken here from the local
 * inbox and the local WeCom receiver), a rep's answer is stored as the action route stores it, and the
 * manager's weekly summary counts it.
 */

const BASE_URL = 'http://127.0.0.1:3100';
const KEY = 'follow-up-loop-test-key-0123456789abcdef';

let running: CycleServices;
let robots = 0;

beforeAll(async () => {
  running = await startCycleServices();
});
afterAll(async () => {
  await running.close();
});

/** A fresh distributor whose digests carry answer links (the risk model off: not what this is about). */
async function fresh(overrides: Record<string, unknown> = {}) {
  const tables = await running.dynamo.freshTables();
  const key = `follow-up-robot-${++robots}`;
  running.wecom.registerKey(key);
  await seedScenario(running.scenario, tables, key);
  await setConfig(running.dynamo.doc, tables, { riskModel: { enabled: false }, ...overrides });
  const clock = { now: Date.parse(`${AS_OF}T00:00:00Z`) };
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

const LINK_RE = new RegExp(`${BASE_URL}${ACTION_PATH}/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`, 'g');

/** The claims of every answer link in a text, as the action route will read them. */
function linksIn(text: string, nowSeconds: number): ActionClaims[] {
  return [...text.matchAll(LINK_RE)].map(([, token]) => {
    const verified = verifyAction(KEY, token ?? '', nowSeconds);
    if (!verified.ok) throw new Error(`a digest link did not verify: ${verified.reason}`);
    return verified.claims;
  });
}

/** What the action route stores when a rep taps an answer (engineer A's handler does this over HTTP). */
async function answerAs(
  tables: TableNames,
  claims: ActionClaims,
  action: FollowUpAction,
  onDay: string,
  reason: string | null = null,
) {
  return putAnswer(running.dynamo.doc, tables.followups, {
    customerId: claims.customerId,
    episode: claims.episode,
    action,
    reason,
    repId: claims.repId,
    answeredAt: `${onDay}T02:30:00.000Z`,
    day: onDay,
  });
}

describe('the follow-up loop on the embedded services', () => {
  it('takes links from a real digest, records answers, and the weekly summary counts them', async () => {
    // Prepare: C01 is R01's (email), C02 and C03 R02's (WeCom), C04 R03's (email, English); all four are
    // warned on AS_OF.
    const { tables, key, clock, deps } = await fresh();
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

    // Act 3: R01 taps "called" in the email; R02 opens the WeCom answer page for C02 and answers "not a
    // real risk: seasonal" (the page signs nothing new: it records against the page link's claims). A
    // second tap records nothing more.
    const answerDay = formatDay(day(AS_OF) + 1);
    const called = r01Links.find((claims) => claims.action === 'called') as ActionClaims;
    expect(await answerAs(tables, called, 'called', answerDay)).toBe('recorded');
    expect(await answerAs(tables, called, 'called', answerDay)).toBe('already');
    const c02Page = r02Pages.find((claims) => claims.customerId === 'C02') as ActionClaims;
    expect(await answerAs(tables, c02Page, 'not_real', answerDay, 'seasonal')).toBe('recorded');

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
