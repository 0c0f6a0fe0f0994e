import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startWecomReceiver,
  type WecomReceiver,
} from '../../../functions/entry-points/local/wecom-receiver.ts';
import { chromiumFound, launchChromium, SCREENSHOTS, warnIfNoChromium } from '../../support/chromium.ts';

/**
 * The receiver's page reads like the WeCom client: one group chat per robot, messages in the order they
 * were sent, markdown rendered, times in the configured zone, and it fits a phone.
 */

warnIfNoChromium('WeCom receiver page browser test');

const markdown = (content: string) => ({ msgtype: 'markdown', markdown: { content } });

async function send(receiver: WecomReceiver, key: string, body: unknown): Promise<number> {
  const response = await fetch(receiver.webhookUrl(key), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return ((await response.json()) as { errcode: number }).errcode;
}

const pageOf = async (receiver: WecomReceiver, query = ''): Promise<string> =>
  (await fetch(`${receiver.url}/${query}`)).text();

/** The HTML of the `<section>` that holds `marker`. */
function sectionWith(html: string, marker: string): string {
  const at = html.indexOf(marker);
  expect(at).toBeGreaterThanOrEqual(0);
  return html.slice(html.lastIndexOf('<section', at), html.indexOf('</section>', at));
}

/** The bit of the DOM the colour check needs (the tests compile without the DOM library). */
interface StyledElement {
  closest(selector: string): StyledElement | null;
  ownerDocument: { defaultView: { getComputedStyle(element: StyledElement): { color: string } } | null };
}

/** A rep's digest in three parts, shaped like render-digest-wecom.ts output. */
const DIGEST_PARTS = [
  '## 晨报 2026-11-20：5 位客户有流失风险（1/3）\n' +
    '<@zhangsan> 今日：新增 <font color="warning">2</font> 位 · 仍有风险 3 位 · 已恢复 <font color="info">1</font> 位\n' +
    '### 需要跟进（5）\n' +
    '1. **好又多超市（人民路店）** <font color="comment">C-0001</font>（重要） <font color="warning">新增</font>\n' +
    '> 风险 **62%**：**40 天未下单**：上次下单 2026-10-11，平时约每 9 天一次\n' +
    '> <font color="comment">上期销售额 ¥3,000.00 · 距上次下单 40 天 · 上次拜访 2026-10-02（49 天前）</font>\n' +
    '> 今天打个电话，问问是否换了供货商。',
  '## 晨报 2026-11-20（续 2/3）\n### 需要跟进（续）\n' +
    '2. **SKU-LONG-NAME-WITHOUT-ANY-SPACE-0123456789-0123456789-0123456789-0123456789** ' +
    '<font color="comment">C-0002</font>（一般） <font color="comment">仍有风险</font>\n' +
    '> 风险 **35%**：**动销品项数下滑**：见 [详情](https://example.com/a/very/long/path/that/does/not/break/anywhere/0123456789/0123456789)',
  '## 晨报 2026-11-20（续 3/3）\n### 已恢复（1）\n' +
    '<font color="info">✔</font> **老街便利店** <font color="comment">C-0009</font>（一般） <font color="info">11-18 恢复下单</font>\n' +
    '<font color="comment">配置版本 v3 · churn-watch</font>',
];

describe('the WeCom receiver page', () => {
  let clock = Date.parse('2026-11-20T00:30:00Z');
  let receiver: WecomReceiver | undefined;
  const start = async (options: Parameters<typeof startWecomReceiver>[0] = {}) => {
    receiver = await startWecomReceiver({ now: () => clock, ...options });
    return receiver;
  };
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('shows one chat per robot, messages oldest first, the busiest-lately robot first, idle robots last', async () => {
    // Prepare
    const wecom = await start({ keys: ['robot-zhang-r01', 'robot-li-r02', 'robot-idle-r03'] });
    wecom.registerKey('robot-zhang-r01', '张三');
    wecom.registerKey('robot-li-r02', '李四');

    // Act: two digests sent interleaved, as the notifier's workers may.
    for (const [key, content] of [
      ['robot-zhang-r01', '张三 第 1 条'],
      ['robot-li-r02', '李四 第 1 条'],
      ['robot-zhang-r01', '张三 第 2 条'],
      ['robot-li-r02', '李四 第 2 条'],
    ] as const) {
      clock += 1_000;
      expect(await send(wecom, key, markdown(content))).toBe(0);
    }
    const html = await pageOf(wecom);

    // Assess
    const zhang = sectionWith(html, '张三 第 1 条');
    expect(zhang).toContain('张三 …g-r01');
    expect(zhang).not.toContain('李四');
    expect(zhang.indexOf('张三 第 1 条')).toBeLessThan(zhang.indexOf('张三 第 2 条'));
    const li = sectionWith(html, '李四 第 1 条');
    expect(li.indexOf('李四 第 1 条')).toBeLessThan(li.indexOf('李四 第 2 条'));
    expect(html.indexOf('李四 第 1 条')).toBeLessThan(html.indexOf('张三 第 1 条'));
    expect(sectionWith(html, '还没有收到消息的机器人')).toContain('群机器人 …e-r03');
    for (const key of ['robot-zhang-r01', 'robot-li-r02', 'robot-idle-r03']) expect(html).not.toContain(key);
  });

  it('shows each message with its time in the configured zone and its type, mentions of text messages included', async () => {
    // Prepare: 00:30 UTC is 08:30 in Shanghai and 01:30 in Berlin.
    clock = Date.parse('2026-11-20T00:30:00Z');
    const shanghai = await start({ keys: ['robot-time-t01'] });
    await send(shanghai, 'robot-time-t01', {
      msgtype: 'text',
      text: {
        content: '请跟进',
        mentioned_list: ['zhangsan', '@all'],
        mentioned_mobile_list: ['13800001111'],
      },
    });

    // Act
    const html = await pageOf(shanghai);
    await shanghai.close();
    const berlin = await start({ keys: ['robot-time-t01'], timeZone: 'Europe/Berlin' });
    await send(berlin, 'robot-time-t01', markdown('**hi**'));
    const berlinHtml = await pageOf(berlin);

    // Assess
    expect(html).toContain('<time datetime="2026-11-20T00:30:00.000Z">2026-11-20 08:30:00</time>');
    expect(html).toContain('Asia/Shanghai');
    expect(html).toContain('data-msgtype="text"');
    expect(html).toMatch(/<p class="meta">text · 9 字节/);
    expect(html).toContain(
      '<span class="mention">@zhangsan</span> <span class="mention">@所有人</span> <span class="mention">@13800001111</span>',
    );
    expect(berlinHtml).toContain('2026-11-20 01:30:00');
    expect(berlinHtml).toContain('<strong>hi</strong>');
    await expect(startWecomReceiver({ timeZone: 'Mars/Olympus' })).rejects.toThrow(RangeError);
  });

  it('shows refused sends where they happened in the robot chat, and sends to unknown robots apart', async () => {
    // Prepare
    const wecom = await start({ keys: ['robot-busy-b01'] });
    wecom.failNext('robot-busy-b01', -1);

    // Act
    await send(wecom, 'robot-busy-b01', markdown('第一次 没送到'));
    await send(wecom, 'robot-busy-b01', markdown('重试 送到了'));
    await send(wecom, 'robot-gone-secret-g01', markdown('没人收'));
    const html = await pageOf(wecom);

    // Assess
    const busy = sectionWith(html, '重试 送到了');
    expect(busy).toContain('1 条消息，1 次被拒绝');
    expect(busy.indexOf('errcode -1')).toBeLessThan(busy.indexOf('重试 送到了'));
    const unknown = sectionWith(html, '发往未登记机器人的请求');
    expect(unknown).toContain('…t-g01');
    expect(unknown).toContain('errcode 93000');
    expect(html).not.toContain('没人收');
    expect(html).not.toContain('robot-gone-secret');
  });

  it('speaks English with ?lang=en or when started in English', async () => {
    const wecom = await start({ keys: ['robot-lang-l01'] });
    await send(wecom, 'robot-lang-l01', markdown('# 标题'));

    const en = await pageOf(wecom, '?lang=en');
    const zh = await pageOf(wecom);
    await wecom.close();
    const english = await start({ locale: 'en' });

    expect(en).toContain('<html lang="en">');
    expect(en).toContain('1 message');
    expect(en).toContain('<a href="/" lang="zh-CN">中文</a>');
    expect(zh).toContain('1 条消息');
    expect(zh).toContain('<a href="/?lang=en" lang="en">English</a>');
    expect(await pageOf(english)).toContain('No robots yet.');
  });
});

describe.skipIf(!chromiumFound)('the WeCom receiver page in headless Chromium', () => {
  let browser: Browser;
  let receiver: WecomReceiver;

  beforeAll(async () => {
    [browser, receiver] = await Promise.all([launchChromium(), startWecomReceiver({ keys: ['demo-r01'] })]);
    receiver.registerKey('demo-r01', '张三');
  }, 60_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), receiver?.close()]);
  });

  it('reads a 3-part digest top to bottom on a 390 px phone, coloured and with the mention, no markup showing', async () => {
    // Prepare
    for (const part of DIGEST_PARTS) expect(await send(receiver, 'demo-r01', markdown(part))).toBe(0);
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    // Nothing on a local page takes long to appear: a missing element fails in seconds, not at the test timeout.
    context.setDefaultTimeout(10_000);
    const tab = await context.newPage();

    // Act
    await tab.goto(`${receiver.url}/`);
    const top = async (text: string) => (await tab.getByText(text).boundingBox())?.y ?? Number.NaN;
    const first = await top('晨报 2026-11-20：5 位客户有流失风险（1/3）');
    const second = await top('晨报 2026-11-20（续 2/3）');
    const third = await top('晨报 2026-11-20（续 3/3）');
    const shown = await tab.locator('main').innerText();
    const warning = tab.locator('.font-warning').first();
    const colours = await warning.evaluate((element: StyledElement) => {
      const color = (node: StyledElement) => node.ownerDocument.defaultView?.getComputedStyle(node).color;
      return { span: color(element), line: color(element.closest('p') ?? element) };
    });
    const scrollWidth = await tab
      .locator('html')
      .evaluate((element: { scrollWidth: number }) => element.scrollWidth);
    await tab.screenshot({ path: join(SCREENSHOTS, 'wecom-receiver.png'), fullPage: true });

    // Assess
    expect(first).toBeLessThan(second);
    expect(second).toBeLessThan(third);
    expect(await warning.innerText()).toBe('2');
    expect(colours.span).toBeDefined();
    expect(colours.span).not.toBe(colours.line);
    expect(await tab.locator('.mention').first().innerText()).toBe('@zhangsan');
    expect(await tab.locator('strong', { hasText: '好又多超市（人民路店）' }).count()).toBe(1);
    expect(shown).not.toContain('<font');
    expect(shown).not.toContain('**');
    expect(shown).not.toContain('<@');
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await context.close();
  });
});
