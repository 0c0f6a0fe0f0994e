import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskWebhookKey } from '../../../functions/entry-points/local/wecom-receiver-page.ts';
import {
  startWecomReceiver,
  type WecomReceiver,
} from '../../../functions/entry-points/local/wecom-receiver.ts';

const KEY = 'demo-secret-key-r01';

interface WecomAnswer {
  errcode: number;
  errmsg: string;
}

async function post(url: string, body: unknown): Promise<{ status: number; answer: WecomAnswer }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, answer: (await response.json()) as WecomAnswer };
}

const markdown = (content: string) => ({ msgtype: 'markdown', markdown: { content } });
const text = (content: string, mentioned_list?: string[]) => ({
  msgtype: 'text',
  text: { content, mentioned_list },
});

describe('WeCom receiver', () => {
  let clock = Date.parse('2026-11-20T00:30:00Z');
  let receiver: WecomReceiver;
  const send = (key: string, body: unknown) => post(receiver.webhookUrl(key), body);

  beforeAll(async () => {
    receiver = await startWecomReceiver({ port: 0, keys: [KEY], now: () => clock });
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('accepts markdown, text and markdown_v2 with errcode 0 and keeps them in order', async () => {
    // Prepare
    const key = 'robot-kinds-k01';
    receiver.registerKey(key);

    // Act
    const answers = [
      await send(key, markdown('**张三** 的客户')),
      await send(key, text('请跟进', ['zhangsan', '@all'])),
      await send(key, { msgtype: 'markdown_v2', markdown_v2: { content: '| a | b |\n|---|---|' } }),
    ];

    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.answer)).toEqual(Array(3).fill({ errcode: 0, errmsg: 'ok' }));
    const messages = receiver.messages(key);
    expect(messages.map((m) => m.msgtype)).toEqual(['markdown', 'text', 'markdown_v2']);
    expect(messages[0]).toMatchObject({ robot: '…s-k01', content: '**张三** 的客户', bytes: 20 });
    expect(messages[1]?.mentionedList).toEqual(['zhangsan', '@all']);
    expect(messages[0]?.receivedAt).toBe('2026-11-20T00:30:00.000Z');
  });

  it('takes markdown of exactly 4096 UTF-8 bytes and refuses 4097 with 40058 (HTTP 200)', async () => {
    // Prepare: 中 is 3 bytes in UTF-8
    const key = 'robot-size-md1';
    receiver.registerKey(key);
    const atLimit = '中'.repeat(1365) + 'a';
    expect(Buffer.byteLength(atLimit)).toBe(4096);

    // Act
    const ok = await send(key, markdown(atLimit));
    const over = await send(key, markdown(`${atLimit}b`));
    const overV2 = await send(key, { msgtype: 'markdown_v2', markdown_v2: { content: `${atLimit}b` } });

    // Assess
    expect(ok.answer.errcode).toBe(0);
    expect(over.status).toBe(200);
    expect(over.answer.errcode).toBe(40058);
    expect(over.answer.errmsg).toContain('markdown.content exceed max length 4096');
    expect(overV2.answer.errcode).toBe(40058);
    expect(receiver.messages(key).map((m) => m.bytes)).toEqual([4096]);
  });

  it('takes text of exactly 2048 UTF-8 bytes and refuses 2049 with 40058', async () => {
    const key = 'robot-size-tx1';
    receiver.registerKey(key);
    const atLimit = '中'.repeat(682) + 'ab';
    expect(Buffer.byteLength(atLimit)).toBe(2048);

    expect((await send(key, text(atLimit))).answer.errcode).toBe(0);
    const over = await send(key, text(`${atLimit}c`));
    expect(over.answer).toMatchObject({ errcode: 40058, errmsg: expect.stringContaining('text.content') });
    // A markdown message may be twice as long as a text one.
    expect((await send(key, markdown(`${atLimit}c`))).answer.errcode).toBe(0);
  });

  it('refuses the 21st message within 60 s with 45009, does not store it, and accepts again once the window moved', async () => {
    // Prepare
    const key = 'robot-rate-rl1';
    receiver.registerKey(key);
    const start = clock;

    // Act
    const first20: number[] = [];
    for (let i = 0; i < 20; i++) {
      clock = start + i * 1_000;
      first20.push((await send(key, markdown(`第 ${i + 1} 条`))).answer.errcode);
    }
    clock = start + 59_999;
    const twentyFirst = await send(key, markdown('第 21 条'));
    clock = start + 60_000;
    const afterWindow = await send(key, markdown('一分钟后'));
    const stillLimited = await send(key, markdown('第二条也太快'));

    // Assess
    expect(first20).toEqual(Array(20).fill(0));
    expect(twentyFirst.status).toBe(200);
    expect(twentyFirst.answer.errcode).toBe(45009);
    expect(afterWindow.answer.errcode).toBe(0);
    // Only the first message left the window at +60 s; the one at +1 s is still in it.
    expect(stillLimited.answer.errcode).toBe(45009);
    expect(receiver.messages(key)).toHaveLength(21);
    expect(receiver.messages(key).some((m) => m.content === '第 21 条')).toBe(false);
    // The limit is per robot.
    expect((await send(KEY, markdown('另一个机器人'))).answer.errcode).toBe(0);
  });

  it('answers 93000 for an unknown or missing key and 93004 for a disabled robot', async () => {
    const unknown = await send('no-such-robot-key', markdown('hi'));
    const missing = await post(`${receiver.url}/cgi-bin/webhook/send`, markdown('hi'));
    receiver.registerKey('robot-off-d01');
    receiver.disableKey('robot-off-d01');
    const disabled = await send('robot-off-d01', markdown('hi'));

    expect(unknown.status).toBe(200);
    expect(unknown.answer.errcode).toBe(93000);
    expect(unknown.answer.errmsg).toContain('invalid webhook url');
    expect(missing.answer.errcode).toBe(93000);
    expect(disabled.answer.errcode).toBe(93004);
    expect(receiver.messages('robot-off-d01')).toEqual([]);
    expect(receiver.rejected('no-such-robot-key').map((r) => r.errcode)).toEqual([93000]);
  });

  it('answers malformed JSON, unknown msgtype, empty content and GET with an errcode and a message', async () => {
    const key = 'robot-bad-b01';
    receiver.registerKey(key);

    const notJson = await send(key, '{"msgtype": "markdown",');
    const image = await send(key, { msgtype: 'image', image: { base64: '', md5: '' } });
    const empty = await send(key, { msgtype: 'markdown', markdown: {} });
    const get = await fetch(receiver.webhookUrl(key));

    expect(notJson.status).toBe(200);
    expect(notJson.answer).toMatchObject({
      errcode: 47001,
      errmsg: expect.stringContaining('not valid JSON'),
    });
    expect(image.answer).toMatchObject({ errcode: 40008, errmsg: expect.stringContaining('"image"') });
    expect(empty.answer.errcode).toBe(44004);
    expect(get.status).toBe(200);
    expect(((await get.json()) as WecomAnswer).errcode).toBe(43002);
    expect(receiver.messages(key)).toEqual([]);
  });

  it('fails the next N sends with an injected errcode, then behaves normally', async () => {
    const key = 'robot-fault-f01';
    receiver.registerKey(key);
    receiver.failNext(key, -1, 2);

    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await send(key, markdown(`try ${i}`))).answer);

    expect(codes.map((a) => a.errcode)).toEqual([-1, -1, 0]);
    expect(codes[0]?.errmsg).toContain('system busy');
    expect(receiver.messages(key).map((m) => m.content)).toEqual(['try 2']);
    expect(() => receiver.failNext(key, 0)).toThrow(RangeError);
  });

  it('shows messages on an escaped zh-CN page oldest first and in JSON newest first, never with a whole key', async () => {
    // Prepare
    const key = 'page-secret-key-p77';
    receiver.registerKey(key);
    clock += 120_000;
    await send(key, markdown('<script>alert("x")</script> & <b>粗体</b>'));
    clock += 1_000;
    await send(key, text('第二条 newest'));
    await send('unknown-secret-key-u99', markdown('nobody'));

    // Act
    const page = await fetch(`${receiver.url}/`);
    const html = await page.text();
    const json = await (await fetch(`${receiver.url}/messages.json`)).text();

    // Assess
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;粗体&lt;/b&gt;');
    expect(html).not.toContain('<script');
    // A group chat reads top to bottom in the order things were sent.
    expect(html.indexOf('alert')).toBeLessThan(html.indexOf('第二条 newest'));
    expect(html).toContain('…y-p77');
    for (const secret of [key, KEY, 'unknown-secret-key-u99', 'page-secret', 'unknown-secret']) {
      expect(html).not.toContain(secret);
      expect(json).not.toContain(secret);
    }
    // Scripts reading messages.json keep the order they always had.
    const parsed = JSON.parse(json) as { robots: { robot: string; messages: { content: string }[] }[] };
    const robot = parsed.robots.find((r) => r.robot === '…y-p77');
    expect(robot?.messages.map((m) => m.content)).toEqual([
      '第二条 newest',
      '<script>alert("x")</script> & <b>粗体</b>',
    ]);
  });

  it('masks keys down to their last 5 characters (3 of an 8-character key), and short keys entirely', () => {
    expect(maskWebhookKey('693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa')).toBe('…a5aaa');
    expect(maskWebhookKey('demo-r01')).toBe('…r01');
    // The sample's robot of the same number (npm run sample -- --out 演示) is told apart from the demo's
    expect(maskWebhookKey('demo-s-r01')).toBe('…s-r01');
    expect(maskWebhookKey('abc1234')).toBe('…');
  });
});
