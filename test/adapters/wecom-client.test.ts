import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWecomSender,
  maskWebhookUrl,
  type WecomSenderOptions,
  type WecomSendResult,
} from '../../functions/adapters/wecom/wecom-client.ts';
import { deliveryProblemSentence } from '../../functions/entry-points/cli/delivery-problem-text.ts';
import { startWecomReceiver, type WecomReceiver } from '../../functions/entry-points/local/wecom-receiver.ts';

describe('WeCom sender against the local robot receiver', () => {
  let clock = Date.parse('2026-11-20T00:30:00Z');
  let receiver: WecomReceiver;
  let sleeps: number[] = [];
  /** Sleeping moves the shared clock, so the receiver's rate window moves with it and no test waits. */
  const fakeTime: WecomSenderOptions = {
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  };
  const sender = (options: WecomSenderOptions = {}) => createWecomSender({ ...fakeTime, ...options });
  /** A fresh robot per test, so rate windows and faults do not leak between tests. */
  let robotCount = 0;
  const newRobot = () => {
    const key = `693a91f6-secret-${++robotCount}-k${String(robotCount).padStart(2, '0')}`;
    receiver.registerKey(key);
    return key;
  };
  const expectNoKey = (result: WecomSendResult, key: string) => {
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).not.toContain(key);
      expect(result.message).not.toContain('secret');
    }
  };

  beforeAll(async () => {
    receiver = await startWecomReceiver({ now: () => clock });
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('posts a markdown message the robot shows as it was sent', async () => {
    // Prepare
    const key = newRobot();
    sleeps = [];

    // Act
    const result = await sender().sendMarkdown(
      receiver.webhookUrl(key),
      '## 晨报\n**张记便利店** <@zhangwei>',
    );

    // Assess
    expect(result).toEqual({ ok: true });
    expect(receiver.messages(key).map((m) => [m.msgtype, m.content])).toEqual([
      ['markdown', '## 晨报\n**张记便利店** <@zhangwei>'],
    ]);
    expect(sleeps).toEqual([]);
  });

  it('retries a busy robot (-1) after a backoff and delivers the message once', async () => {
    // Prepare
    const key = newRobot();
    receiver.failNext(key, -1);
    sleeps = [];

    // Act
    const result = await sender().sendMarkdown(receiver.webhookUrl(key), '第 1 部分');

    // Assess
    expect(result).toEqual({ ok: true });
    expect(receiver.messages(key).map((m) => m.content)).toEqual(['第 1 部分']);
    expect(sleeps).toEqual([1_000]);
  });

  it('gives up on a robot still busy after three retries, as retryable, backing off 1 s, 2 s, 4 s', async () => {
    // Prepare
    const key = newRobot();
    receiver.failNext(key, -1, 10);
    sleeps = [];

    // Act
    const result = await sender({ maxAttempts: 8 }).sendMarkdown(receiver.webhookUrl(key), 'hi');

    // Assess
    expect(result).toMatchObject({ ok: false, kind: 'retryable', errcode: -1 });
    expectStored(result, {
      code: 'robot-error',
      values: { errcode: -1, retried: { still: 'busy', attempts: 4 }, fellBack: false },
    });
    expect(receiver.rejected(key)).toHaveLength(4);
    expect(sleeps).toEqual([1_000, 2_000, 4_000]);
    expectNoKey(result, key);
  });

  it('waits and retries after a rate-limit answer (45009), then delivers', async () => {
    // Prepare
    const key = newRobot();
    receiver.failNext(key, 45009);

    // Act
    const result = await sender().sendMarkdown(receiver.webhookUrl(key), '限流后重试');

    // Assess
    expect(result).toEqual({ ok: true });
    expect(receiver.messages(key).map((m) => m.content)).toEqual(['限流后重试']);
    expect(receiver.rejected(key).map((r) => r.errcode)).toEqual([45009]);
  });

  it('reports an unknown robot (93000) as broken without retrying, and without the key', async () => {
    // Prepare
    const key = '0ec2sifa-unknown-secret-robot-9z9';
    sleeps = [];

    // Act
    const result = await sender().sendMarkdown(receiver.webhookUrl(key), 'hi');

    // Assess
    expect(result).toMatchObject({ ok: false, kind: 'broken', errcode: 93000 });
    expectStored(result, { code: 'robot-error', values: { robot: '…t-9z9', errcode: 93000, retried: null } });
    expect(receiver.rejected(key)).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expectNoKey(result, key);
    if (!result.ok) expect(result.message).toContain('…t-9z9');
  });

  it('reports a robot an admin turned off (93004) as broken', async () => {
    // Prepare
    const key = newRobot();
    receiver.disableKey(key);

    // Act
    const result = await sender().sendMarkdown(receiver.webhookUrl(key), 'hi');

    // Assess
    expect(result).toMatchObject({ ok: false, kind: 'broken', errcode: 93004 });
    expect(receiver.rejected(key)).toHaveLength(1);
    expectNoKey(result, key);
  });

  it('rejects content over 4096 bytes without sending it, and other 4xxxx answers without retrying', async () => {
    // Prepare
    const key = newRobot();
    const url = receiver.webhookUrl(key);
    const tooLong = '中'.repeat(1366);

    // Act
    const long = await sender().sendMarkdown(url, tooLong);
    receiver.failNext(key, 47001);
    const malformed = await sender().sendMarkdown(url, 'ok text');

    // Assess
    expect(long).toMatchObject({ ok: false, kind: 'rejected', errcode: 40058 });
    if (!long.ok) expect(long.message).toContain('4098 bytes');
    expect(malformed).toMatchObject({ ok: false, kind: 'rejected', errcode: 47001 });
    expect(receiver.rejected(key).map((r) => r.errcode)).toEqual([47001]);
    expect(receiver.messages(key)).toEqual([]);
    expectNoKey(long, key);
    expectNoKey(malformed, key);
  });

  it('keeps 25 messages to one robot within 20 a minute, so the robot never answers 45009', async () => {
    // Prepare
    const key = newRobot();
    const url = receiver.webhookUrl(key);
    const start = clock;
    const wecom = sender();

    // Act
    const results: WecomSendResult[] = [];
    for (let i = 1; i <= 25; i++) results.push(await wecom.sendMarkdown(url, `第 ${i}/25 部分`));

    // Assess
    expect(results).toEqual(Array(25).fill({ ok: true }));
    expect(receiver.messages(key).map((m) => m.content)).toEqual(
      Array.from({ length: 25 }, (_, i) => `第 ${i + 1}/25 部分`),
    );
    expect(receiver.rejected(key)).toEqual([]);
    expect(clock - start).toBeGreaterThanOrEqual(60_000);
  });

  it('without the limiter the same burst would have hit 45009 (the receiver enforces the limit)', async () => {
    // Prepare
    const key = newRobot();
    const url = receiver.webhookUrl(key);
    const unlimited = sender({ maxAttempts: 1, rateLimit: { messagesPerWindow: 1_000, windowMs: 60_000 } });

    // Act
    const results: WecomSendResult[] = [];
    for (let i = 1; i <= 21; i++) results.push(await unlimited.sendMarkdown(url, `第 ${i} 条`));

    // Assess
    expect(results.at(-1)).toMatchObject({ ok: false, kind: 'retryable', errcode: 45009 });
    expect(receiver.messages(key)).toHaveLength(20);
  });

  it('retries network failures and then reports them as retryable, with the key masked', async () => {
    // Prepare: a port nobody listens on any more
    const gone = await startWecomReceiver();
    const key = 'deadbeef-secret-closed-k77';
    const url = gone.webhookUrl(key);
    await gone.close();
    sleeps = [];

    // Act
    const result = await sender().sendMarkdown(url, 'hi');

    // Assess
    expect(result).toMatchObject({ ok: false, kind: 'retryable', errcode: null });
    if (!result.ok) expect(result.message).toMatch(/network error/);
    expect(sleeps).toEqual([1_000, 2_000, 4_000]);
    expectNoKey(result, key);
  });

  it('masks the key even when a network error quotes the whole URL', async () => {
    // Prepare
    const key = 'a1b2c3d4-secret-quoted-k88';
    const url = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`;
    const failing: typeof fetch = async (input) => {
      throw new TypeError(`request to ${String(input)} failed`, {
        cause: Object.assign(new Error(`connect ${key}`), { code: 'ECONNREFUSED' }),
      });
    };

    // Act
    const result = await sender({ fetch: failing, maxAttempts: 1 }).sendMarkdown(url, 'hi');

    // Assess
    expect(result).toMatchObject({ ok: false, kind: 'retryable' });
    expectNoKey(result, key);
    if (!result.ok) expect(result.message).toContain('key=…d-k88');
  });

  it('retries HTTP 5xx and a robot it cannot connect to, then reports them as retryable', async () => {
    // Prepare
    let calls = 0;
    const unavailable: typeof fetch = async () => {
      calls++;
      return new Response('bad gateway', { status: 502 });
    };
    let refusedCalls = 0;
    const refused: typeof fetch = async () => {
      refusedCalls++;
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
      });
    };
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=ffff0000-secret-k99';

    // Act
    const bad = await sender({ fetch: unavailable }).sendMarkdown(url, 'hi');
    const down = await sender({ fetch: refused }).sendMarkdown(url, 'hi');

    // Assess
    expect(bad).toMatchObject({ ok: false, kind: 'retryable', errcode: null });
    if (!bad.ok) expect(bad.message).toContain('HTTP 502');
    expect(calls).toBe(4);
    expect(down).toMatchObject({ ok: false, kind: 'retryable', errcode: null });
    expectStored(down, {
      code: 'robot-unreachable',
      values: { robot: '…t-k99', detail: 'fetch failed (ECONNREFUSED) (after 4 attempts)' },
    });
    expectStored(bad, { code: 'robot-refused' });
    expect(refusedCalls).toBe(4);
  });

  it('sends once and reports uncertain when the robot takes a message and answers too late, or resets', async () => {
    // Prepare: the robot got the message (the request was written) but no answer came in time.
    let hangingCalls = 0;
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        hangingCalls++;
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    let resetCalls = 0;
    const reset: typeof fetch = async () => {
      resetCalls++;
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
      });
    };
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=ffff0000-secret-k98';

    // Act
    const slow = await sender({ fetch: hanging, timeoutMs: 30 }).sendMarkdown(url, 'hi');
    const closed = await sender({ fetch: reset }).sendMarkdown(url, 'hi');

    // Assess
    expect(slow).toMatchObject({ ok: false, kind: 'uncertain', errcode: null });
    if (!slow.ok) expect(slow.message).toContain('no answer within 30 ms: the message may have arrived');
    expectStored(slow, {
      code: 'robot-no-answer',
      values: { robot: '…t-k98', detail: { kind: 'timeout', ms: 30 } },
    });
    expect(hangingCalls).toBe(1);
    expect(closed).toMatchObject({ ok: false, kind: 'uncertain' });
    expectStored(closed, {
      code: 'robot-no-answer',
      values: { detail: { kind: 'other', text: 'network error: fetch failed (UND_ERR_SOCKET)' } },
    });
    expect(resetCalls).toBe(1);
  });

  it('masks the key of a webhook URL for logs', () => {
    expect(maskWebhookUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-aaa')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…x-aaa',
    );
    expect(maskWebhookUrl('http://127.0.0.1:8790/cgi-bin/webhook/send?debug=1&key=short')).toBe(
      'http://127.0.0.1:8790/cgi-bin/webhook/send?debug=1&key=…',
    );
  });
});

/**
 * The failure as the delivery record stores it (a code and its values), worded in English exactly as the
 * adapter's message for the log.
 */
function expectStored(result: WecomSendResult, problem: Record<string, unknown>): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.problem).toMatchObject(problem);
  expect(deliveryProblemSentence({ problems: [result.problem] })).toBe(result.message);
}
