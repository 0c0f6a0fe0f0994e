import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../functions/notify/html.ts';
import { renderDigestEmail } from '../../functions/notify/render-digest-email.ts';
import {
  digestCustomer,
  HOSTILE_NAME,
  recoveredCustomer,
  sampleRepDigest,
  visibleText,
} from './email-fixtures.ts';

const ESCAPED_HOSTILE = '&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;';

/** What makes an HTML email safe to send: no scripts, no styles to lose, nothing fetched, nothing too wide. */
function expectEmailSafe(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<style|<link/i);
  expect(html).not.toMatch(/\b(?:src|href)\s*=\s*"(?:https?:)?\/\//i);
  const widths = [...html.matchAll(/(?:\bwidth="|max-width:)(\d+)/g)].map((m) => Number(m[1]));
  expect(widths.length).toBeGreaterThan(0);
  expect(Math.max(...widths)).toBeLessThanOrEqual(600);
}

describe('renderDigestEmail', () => {
  it('writes Chinese for a zh-CN rep: subject with the count, lang, charset and the three sections in order', () => {
    // Act
    const email = renderDigestEmail(sampleRepDigest());

    // Assess
    expect(email.subject).toBe('晨报：5 位客户有流失风险，新增 2 位（2026-11-20）');
    expect(email.html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(email.html).toContain('<meta charset="utf-8">');
    for (const part of [email.html, email.text]) {
      const order = ['新增风险（2）', '仍有风险（1）', '已恢复（1）'].map((heading) => part.indexOf(heading));
      expect(order.every((at) => at >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(part).toContain('张三，早上好。');
    }
    expectEmailSafe(email.html);
  });

  it('says for each customer what the rep needs: sales, last order, visit, coupon, signals and what to do', () => {
    // Act
    const { html, text } = renderDigestEmail(sampleRepDigest());

    // Assess
    for (const part of [visibleText(html), text]) {
      expect(part).toContain('近 30 天销售额：¥1,234.50');
      expect(part).toContain('上次下单：2026-10-01（50 天前）');
      expect(part).toContain('上次拜访：2026-11-01（19 天前）');
      expect(part).toContain('上次发券：2026-09-15');
      expect(part).toContain('没有拜访记录');
      expect(part).toContain('没有发券记录');
      expect(part).toContain('近 30 天销售额 ¥1,234.50，前 30 天 ¥5,600.00（-78%）');
      expect(part).toContain('建议：电话或上门确认补货需求');
      expect(part).toContain('风险已持续：14 天（自 2026-11-06）');
      expect(part).toContain('新出现的信号：已流失');
      expect(part).toContain('2026-11-19 重新下单（风险持续了 23 天）');
      expect(part).toContain('还有 2 位客户有流失风险，未在此列出');
      expect(part).toContain('业务员编号 R01');
      expect(part).toContain('判定规则配置版本：7');
    }
    expect(html).toContain('<strong>销售额暴跌</strong>：');
    expect(text).toContain('- 销售额暴跌：');
    expect(html).toContain('升级</span>');
    expect(text).toContain('1. 永辉超市 · 编号 C003 · 重要 · 升级');
  });

  it('keeps the input order (most money at risk first) and falls back to the id without a name', () => {
    // Act
    const { html, text } = renderDigestEmail(sampleRepDigest());

    // Assess
    for (const part of [html, text]) {
      expect(part.indexOf('华联超市（人民路店）')).toBeLessThan(part.indexOf('C002'));
      expect(part.indexOf('C002')).toBeLessThan(part.indexOf('永辉超市'));
    }
    expect(text).toContain('2. C002 · 一般');
  });

  it('writes English for an en rep', () => {
    // Act
    const email = renderDigestEmail(sampleRepDigest('en'));

    // Assess
    expect(email.subject).toBe('Morning digest: 5 customers at risk, 2 new (2026-11-20)');
    expect(email.html).toContain('<html lang="en">');
    for (const part of [visibleText(email.html), email.text]) {
      expect(part).toContain('Good morning, 张三.');
      expect(part).toContain('New (2)');
      expect(part).toContain('Still at risk (1)');
      expect(part).toContain('Recovered (1)');
      expect(part).toContain('Sales drop');
      expect(part).toContain('Suggested: Call or visit to take the next order');
      expect(part).toContain('Last visit: no visit logged');
      expect(part).toContain('2 more customers at risk are not listed here');
      expect(part).toContain('Rule configuration version: 7');
    }
    for (const zh of ['早上好', '上次下单', '建议', '新增风险', '已恢复', '业务员编号', '还有']) {
      expect(email.text).not.toContain(zh);
      expect(email.html).not.toContain(zh);
    }
  });

  it('escapes every string from master data in HTML and keeps it as it is in the text', () => {
    // Prepare
    const digest = sampleRepDigest('zh-CN', {
      recipient: { repId: HOSTILE_NAME, name: HOSTILE_NAME, locale: 'zh-CN' },
      newCustomers: [digestCustomer({ name: HOSTILE_NAME, customerId: `ID${HOSTILE_NAME}` })],
      recovered: [recoveredCustomer({ name: null, customerId: HOSTILE_NAME })],
    });

    // Act
    const { html, text, subject } = renderDigestEmail(digest);

    // Assess
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>康师傅</b>');
    expect(html).toContain(`${ESCAPED_HOSTILE}，早上好。`);
    expect(html).toContain(`ID${ESCAPED_HOSTILE}`);
    expect(html).toContain(`业务员编号 ${ESCAPED_HOSTILE}`);
    expect(html.split(ESCAPED_HOSTILE).length - 1).toBeGreaterThanOrEqual(5);
    expect(text).toContain(`${HOSTILE_NAME}，早上好。`);
    expect(text).toContain(`1. ${HOSTILE_NAME} · 编号 ID${HOSTILE_NAME}`);
    expect(subject).not.toContain('<');
    expectEmailSafe(html);
  });

  it('escapes SKU names inside the signal wording', () => {
    // Act
    const { html, text } = renderDigestEmail(sampleRepDigest());

    // Assess
    expect(html).toContain(escapeHtml('可口可乐 500ml、<b>康师傅</b> & 统一'));
    expect(text).toContain('可口可乐 500ml、<b>康师傅</b> & 统一');
  });

  it('puts names with line breaks on one line', () => {
    // Act
    const { text } = renderDigestEmail(
      sampleRepDigest('zh-CN', {
        newCustomers: [digestCustomer({ name: '华联\r\n超市\t二店' })],
        stillAtRisk: [],
      }),
    );

    // Assess
    expect(text).toContain('1. 华联 超市 二店 · 编号 C001');
  });

  it('leaves out the omitted line when nothing was left out, and the config version when unknown', () => {
    // Act
    const { html, text } = renderDigestEmail(
      sampleRepDigest('zh-CN', { omitted: 0, configVersion: undefined }),
    );

    // Assess
    for (const part of [html, text]) {
      expect(part).not.toContain('还有');
      expect(part).not.toContain('配置版本');
    }
  });

  it('counts one customer in the singular in English', () => {
    // Act
    const { subject } = renderDigestEmail(
      sampleRepDigest('en', {
        newCustomers: [digestCustomer()],
        stillAtRisk: [],
        recovered: [],
        totalAtRisk: 1,
        omitted: 0,
      }),
    );

    // Assess
    expect(subject).toBe('Morning digest: 1 customer at risk (2026-11-20)');
  });

  it('says so in the subject when the only news is customers ordering again', () => {
    // Prepare
    const onlyRecovered = { newCustomers: [], stillAtRisk: [], omitted: 0 };

    // Act
    const zh = renderDigestEmail(sampleRepDigest('zh-CN', { ...onlyRecovered, totalAtRisk: 0 }));
    const en = renderDigestEmail(sampleRepDigest('en', { ...onlyRecovered, totalAtRisk: 0 }));

    // Assess
    expect(zh.subject).toBe('晨报：1 位客户已恢复下单，没有新的风险（2026-11-20）');
    expect(en.subject).toBe('Morning digest: 1 customer ordered again, no new risks (2026-11-20)');
    expect(zh.text).toContain('1 位客户已恢复下单。');
    expect(zh.text).not.toContain('新增风险');
  });

  it('sends an all-clear when every section is empty', () => {
    // Prepare
    const empty = { newCustomers: [], stillAtRisk: [], recovered: [], omitted: 0 };

    // Act
    const clear = renderDigestEmail(sampleRepDigest('zh-CN', { ...empty, totalAtRisk: 0 }));
    const clearEn = renderDigestEmail(sampleRepDigest('en', { ...empty, totalAtRisk: 0 }));
    const quiet = renderDigestEmail(sampleRepDigest('zh-CN', { ...empty, totalAtRisk: 4 }));

    // Assess
    expect(clear.subject).toBe('晨报：今天没有客户有流失风险（2026-11-20）');
    expect(clear.text).toContain('今天您名下没有客户有流失风险。');
    expect(clearEn.subject).toBe('Morning digest: all clear (2026-11-20)');
    expect(quiet.subject).toBe('晨报：今天没有新情况，4 位客户仍在跟进（2026-11-20）');
    expectEmailSafe(clear.html);
  });

  it('has a plain-text part without markup', () => {
    // Act
    const { text } = renderDigestEmail(sampleRepDigest());

    // Assess
    expect(text).not.toMatch(/<(?:div|table|td|span|strong|p)\b/);
    expect(text).not.toContain('&amp;');
  });
});
