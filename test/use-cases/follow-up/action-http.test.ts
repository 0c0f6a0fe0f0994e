import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alertToItem } from '../../../functions/adapters/dynamodb/alert-item.ts';
import { answersSince } from '../../../functions/adapters/dynamodb/answer-store.ts';
import { saveConfig } from '../../../functions/adapters/dynamodb/config-store.ts';
import { queryItems } from '../../../functions/adapters/dynamodb/scan.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { type AlertRecord, QUIET_DAY } from '../../../functions/core/alerts.ts';
import type { ConfigDocument } from '../../../functions/core/config-keys.ts';
import type { FollowUpAction } from '../../../functions/core/follow-up.ts';
import { dynamoFollowUpStores } from '../../../functions/entry-points/follow-up-stores.ts';
import {
  type ActionDeps,
  type ActionHttpResponse,
  handleActionRequest,
} from '../../../functions/use-cases/follow-up/action-http.ts';
import { type LinkAction, signAction } from '../../../functions/use-cases/follow-up/action-link.ts';
import { type LocalDynamo, startLocalDynamo } from '../ingest/dynalite.ts';
import { recordingPermissions } from '../../support/recorded-permissions.ts';

/**
 * The action route against dynalite, as API Gateway would call it: GET shows a page and records nothing,
 * POST records once, and a tampered, expired, replayed, oversized or switched-off request records nothing
 * and says so in the rep's language. No response and no log line holds the link or the key.
 */

const KEY = 'test-signing-key-0123456789abcdef';
/** 2026-12-01 09:00 in Asia/Shanghai. */
const NOW = Date.parse('2026-12-01T01:00:00Z');
const EPISODE = '2026-11-28';
const EXPIRES = NOW / 1000 + 14 * 86_400;

let dynamo: LocalDynamo;
let tables: TableNames;
let logged: string[];

beforeAll(async () => {
  dynamo = await startLocalDynamo();
}, 60_000);
afterAll(async () => {
  await dynamo?.close();
});
beforeEach(async () => {
  tables = await dynamo.freshTables();
  logged = [];
  const put = (TableName: string, Item: Record<string, unknown>) =>
    dynamo.doc.send(new PutCommand({ TableName, Item }));
  await Promise.all([
    put(tables.reps, { repId: 'R01', name: '李娜', role: 'rep' }),
    put(tables.reps, { repId: 'R02', name: 'Tom', role: 'rep', locale: 'en' }),
    put(tables.customers, { customerId: 'C001', name: '张记便利店', repId: 'R01' }),
    put(tables.alerts, alertToItem(alertRecord())),
  ]);
}, 60_000);

function alertRecord(firstSeenDate = EPISODE): AlertRecord {
  return {
    customerId: 'C001',
    day: '2026-11-30',
    before: null,
    outcome: QUIET_DAY,
    state: {
      customerId: 'C001',
      repId: 'R01',
      open: true,
      firstSeenDate,
      lastOrderAtStart: '2026-10-20',
      lastNotifiedDate: firstSeenDate,
      notifiedRules: ['inactive'],
      notifiedTier: 'important',
      snoozeUntil: null,
      managerEscalatedDate: null,
      endedDate: null,
      endedReason: null,
      facts: {
        name: '张记便利店',
        tier: 'important',
        risk: 0.6,
        moneyAtRisk: 100_000,
        lastPeriodSales: 0,
        periodDays: 30,
        lastOrderDate: '2026-10-20',
        daysSinceLastOrder: 41,
        lastVisitDate: null,
        daysSinceLastVisit: null,
        lastCouponDate: null,
        findings: [],
      },
    },
  };
}

const link = (action: LinkAction, overrides: { repId?: string; expires?: number } = {}): string =>
  signAction(KEY, {
    repId: overrides.repId ?? 'R01',
    customerId: 'C001',
    episode: EPISODE,
    action,
    expires: overrides.expires ?? EXPIRES,
  });

const deps = (doc: DynamoDBDocumentClient = dynamo.doc): ActionDeps => ({
  ...dynamoFollowUpStores(doc, tables),
  key: KEY,
  now: () => NOW,
  log: (line) => logged.push(line),
});

/**
 * One request as API Gateway passes it (`/a/<token>` under a stage), checked for what must never be in an
 * answer: the key, and the link it was made with.
 */
async function call(
  method: string,
  token: string,
  form?: Record<string, string> | string,
  options: { doc?: DynamoDBDocumentClient; contentType?: string } = {},
): Promise<ActionHttpResponse> {
  const body =
    form === undefined ? null : typeof form === 'string' ? form : new URLSearchParams(form).toString();
  const response = await handleActionRequest(
    {
      httpMethod: method,
      path: `/a/${token}`,
      headers: { 'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded' },
      body,
    },
    deps(options.doc),
  );
  for (const text of [response.body, JSON.stringify(response.headers), ...logged]) {
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(token);
  }
  return response;
}

const answers = () => answersSince(dynamo.doc, tables.followups, null);

async function visits(): Promise<number> {
  const items: unknown[] = [];
  for await (const item of queryItems(dynamo.doc, {
    TableName: tables.events,
    KeyConditionExpression: 'customerId = :c',
    ExpressionAttributeValues: { ':c': 'C001' },
  })) {
    items.push(item);
  }
  return items.length;
}

async function configure(overrides: ConfigDocument): Promise<void> {
  await saveConfig(dynamo.doc, tables.config, {
    overrides,
    changedBy: 'admin',
    reason: 'test',
    expectedVersion: 0,
  });
}

describe('GET of an answer link', () => {
  it('shows a page that posts itself, records nothing, and keeps itself out of caches and referrers', async () => {
    // Act
    const response = await call('GET', link('visited'));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>已上门拜访</h1><p class="customer">张记便利店</p>');
    expect(response.body).toContain(
      '<form method="post" id="answer"><button type="submit">确认记录</button>',
    );
    expect(response.body).toContain('name="viewport"');
    expect(response.headers).toMatchObject({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex, nofollow',
    });
    const csp = response.headers['content-security-policy'] ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(response.body).toContain(`<script nonce="${nonce}">`);
    expect(response.body).toContain(`<style nonce="${nonce}">`);
    // Nothing from elsewhere: no src or href at all
    expect(response.body).not.toMatch(/\s(src|href)=/);
    expect(await answers()).toEqual([]);
  });

  it('offers the configured reasons for "not a real risk", and records nothing', async () => {
    // Act
    const response = await call('GET', link('not_real'));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<button type="submit" name="reason" value="seasonal">季节性</button>');
    expect(response.body).not.toContain('<script');
    expect(await answers()).toEqual([]);
  });

  it('says what was recorded when a link answered before is opened again, without asking again or writing', async () => {
    // Prepare: "not a real risk: seasonal" answered from the link
    await call('POST', link('not_real'), { reason: 'seasonal' });
    const before = await answers();

    // Act
    const reopened = await call('GET', link('not_real'));

    // Assess
    expect(reopened.statusCode).toBe(200);
    expect(reopened.body).toContain('之前已记录：不是真的流失（季节性） — 张记便利店');
    expect(reopened.body).not.toContain('请选择原因');
    expect(await answers()).toEqual(before);
  });

  it('speaks English to a rep whose locale is en', async () => {
    // Act
    const response = await call('GET', link('visited', { repId: 'R02' }));

    // Assess
    expect(response.body).toContain('<html lang="en">');
    expect(response.body).toContain('<h1>Visited</h1>');
    expect(response.body).toContain('Record it');
  });

  it('words a recorded reason in English with English punctuation', async () => {
    // Act
    const response = await call('POST', link('not_real', { repId: 'R02' }), { reason: 'seasonal' });

    // Assess
    expect(response.body).toContain('Recorded: Not a real risk (Seasonal)');
    expect(response.body).not.toContain('（');
  });
});

describe('POST of an answer link', () => {
  it('records the answer once, however often it is posted, and says so', async () => {
    // Act
    const first = await call('POST', link('visited'), '');
    const burst = await Promise.all(Array.from({ length: 5 }, () => call('POST', link('visited'), '')));

    // Assess
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('已记录：已上门拜访 — 张记便利店');
    expect(first.body).toContain('已计为 2026-12-01 的一次拜访。');
    for (const again of burst) {
      expect(again.statusCode).toBe(200);
      expect(again.body).toContain('之前已记录：已上门拜访 — 张记便利店');
    }
    expect(await answers()).toHaveLength(1);
    expect(await visits()).toBe(1);
  });

  it('records a reason from the list, and refuses one that is not, recording nothing', async () => {
    // Act
    const refused = await call('POST', link('not_real'), { reason: 'I just feel like it' });
    const none = await answers();
    const recorded = await call('POST', link('not_real'), { reason: 'new_contact' });

    // Assess
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('这个原因不在可选范围内');
    expect(none).toEqual([]);
    expect(recorded.statusCode).toBe(200);
    expect(recorded.body).toContain('已记录：不是真的流失（换了负责人） — 张记便利店');
    expect(recorded.body).toContain('2026-12-31 之前不再重复提醒这位客户');
    expect(await answers()).toMatchObject([{ action: 'not_real', reason: 'new_contact' }]);
  });

  it('records the answer of an episode that has ended against that episode, without an error', async () => {
    // Prepare: a new episode is open since the link was sent
    await dynamo.doc.send(
      new PutCommand({ TableName: tables.alerts, Item: alertToItem(alertRecord('2026-11-30')) }),
    );

    // Act
    const response = await call('POST', link('not_real'), { reason: 'seasonal' });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('这条预警已经结束');
    expect(await answers()).toMatchObject([{ episode: EPISODE, reason: 'seasonal' }]);
  });

  it('refuses a body over a few KB, or one that is not a form, recording nothing', async () => {
    // Act
    const large = await call('POST', link('visited'), { reason: 'x'.repeat(5000) });
    const json = await call('POST', link('visited'), '{"a":1}', { contentType: 'application/json' });

    // Assess
    expect(large.statusCode).toBe(413);
    expect(json.statusCode).toBe(415);
    expect(await answers()).toEqual([]);
  });
});

describe('links that record nothing', () => {
  it('refuses a tampered link in both languages', async () => {
    // Prepare: the visit link's MAC on a closed-shop payload
    const [, mac] = link('visited').split('.');
    const forged = `${link('closed').split('.')[0]}.${mac}`;

    // Act
    const get = await call('GET', forged);
    const post = await call('POST', forged, '');

    // Assess
    expect(get.statusCode).toBe(403);
    expect(post.statusCode).toBe(403);
    expect(post.body).toContain('链接无效');
    expect(post.body).toContain('This link is not valid');
    expect(await answers()).toEqual([]);
  });

  it('says an expired link has expired, in the rep’s language', async () => {
    // Act
    const zh = await call('POST', link('visited', { expires: NOW / 1000 - 1 }), '');
    const en = await call('POST', link('visited', { repId: 'R02', expires: NOW / 1000 - 1 }), '');

    // Assess
    expect(zh.statusCode).toBe(410);
    expect(zh.body).toContain('链接已过期');
    expect(en.statusCode).toBe(410);
    expect(en.body).toContain('This link has expired');
    expect(en.body).not.toContain('链接');
    expect(await answers()).toEqual([]);
  });

  it('says the feature is off when the admin turned it off, or the action is no longer offered', async () => {
    // Prepare
    await configure({ followUp: { actions: ['called', 'visited'] } });

    // Act
    const notOffered = await call('POST', link('closed'), '');
    await saveConfig(dynamo.doc, tables.config, {
      overrides: { followUp: { enabled: false } },
      changedBy: 'admin',
      reason: 'off',
      expectedVersion: 1,
    });
    const off = await call('POST', link('visited'), '');

    // Assess
    expect(notOffered.statusCode).toBe(403);
    expect(notOffered.body).toContain('这项反馈已不再提供');
    expect(off.statusCode).toBe(403);
    expect(off.body).toContain('一键反馈已关闭');
    expect(await answers()).toEqual([]);
  });

  it('answers a store failure with a page that names nothing of it, and logs no link', async () => {
    // Prepare
    const failing = new Proxy(dynamo.doc, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: { input?: { TableName?: string } }) => {
          if (command.input?.TableName === tables.followups) {
            throw Object.assign(new Error('Rate exceeded for table churn-watch-followups'), {
              name: 'ThrottlingException',
            });
          }
          return target.send(command as never);
        };
      },
    });

    // Act
    const response = await call('POST', link('visited'), '', { doc: failing });

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('暂时无法记录');
    expect(response.body).not.toContain('Rate exceeded');
    expect(logged).toEqual([
      'churn-watch action link: ThrottlingException: Rate exceeded for table churn-watch-followups',
    ]);
  });

  it('refuses other methods', async () => {
    const response = await call('DELETE', link('visited'));
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, POST');
  });
});

describe('the choose page (WeCom)', () => {
  it('offers each enabled action as its own signed form, which records that action', async () => {
    // Prepare
    const choose = link('choose');

    // Act
    const page = await call('GET', choose);
    const tokens = Object.fromEntries(
      [...page.body.matchAll(/name="token" value="([^"]+)"><button[^>]*>([^<]+)</g)].map((m) => [m[2], m[1]]),
    ) as Record<string, string>;
    const called = await call('POST', choose, { token: tokens['已电话联系'] as string });
    const notReal = await call('POST', choose, { token: tokens['不是真的流失'] as string });
    const withReason = await call('POST', choose, {
      token: tokens['不是真的流失'] as string,
      reason: 'paused',
    });

    // Assess
    expect(Object.keys(tokens)).toEqual([
      '已电话联系',
      '已上门拜访',
      '已发优惠券',
      '不是真的流失',
      '客户已关店',
    ]);
    expect(page.body).toContain('您对这条预警做了什么？');
    expect(called.body).toContain('已记录：已电话联系 — 张记便利店');
    // "Not a real risk" asks for the reason, carrying its own link
    expect(notReal.statusCode).toBe(200);
    expect(notReal.body).toContain(`<input type="hidden" name="token" value="${tokens['不是真的流失']}">`);
    expect(withReason.body).toContain('已记录：不是真的流失（装修或临时停业）');
    expect((await answers()).map((a) => a.action as FollowUpAction).sort()).toEqual(['called', 'not_real']);
  });

  it('records nothing when its own link is posted', async () => {
    const response = await call('POST', link('choose'), '');
    expect(response.statusCode).toBe(200);
    expect(await answers()).toEqual([]);
  });
});

describe('the DynamoDB calls the action route makes', () => {
  it('are all granted to its function on AWS, whatever the rep taps', async () => {
    // Prepare: a store that notes each call by table kind and API action
    const { ACTION_TABLE_ACTIONS } = await import('../../../lib/constructs/action-route.ts');
    const { doc: recording, used } = recordingPermissions(dynamo.doc, tables);
    // Act: every action, opened and posted, twice; the answer page; a reason
    for (const action of ['called', 'visited', 'coupon', 'closed'] as const) {
      await call('GET', link(action), undefined, { doc: recording });
      await call('POST', link(action), {}, { doc: recording });
      await call('POST', link(action), {}, { doc: recording });
    }
    await call('GET', link('choose'), undefined, { doc: recording });
    await call('GET', link('not_real'), undefined, { doc: recording });
    await call('POST', link('not_real'), { reason: 'seasonal' }, { doc: recording });
    // Assess: each call is in the function's grants (config: its current item, granted with a key condition)
    const granted = new Set([
      ...Object.entries(ACTION_TABLE_ACTIONS).flatMap(([kind, actions]) =>
        (actions as readonly string[]).map((action) => `${kind}:${action}`),
      ),
      'config:GetItem',
    ]);
    expect([...used].filter((call) => !granted.has(call))).toEqual([]);
    expect(used).toContain('alerts:UpdateItem');
    expect(used).toContain('events:BatchWriteItem');
  });
});
