import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../functions/core/money.ts';
import { renderDigestWecom } from '../../functions/notify/render-digest-wecom.ts';
import { utf8Bytes } from '../../functions/notify/wecom-markdown.ts';
import { digestCustomers, sampleDigest, sampleDigestCustomer, sampleRecoveredCustomer } from './fixtures.ts';

const englishRecipient = { repId: 'R01', name: 'Zhang Wei', locale: 'en' as const, wecomUserid: 'zhangwei' };

describe('renderDigestWecom', () => {
  it('writes a short Chinese digest as one message: heading, mention, sections, facts, signals, action', () => {
    // Act
    const parts = renderDigestWecom(sampleDigest());

    // Assess
    expect(parts).toHaveLength(1);
    const [message = ''] = parts;
    const lines = message.split('\n');
    expect(lines[0]).toBe('## 晨报 2026-11-20：3 位客户有流失风险');
    expect(lines[1]).toMatch(/^<@zhangwei> 今日：新增 <font color="warning">2<\/font> 位/);
    expect(message).toContain('### 新增风险（2）');
    expect(message).toContain('### 仍有风险（1）');
    expect(message).toContain('### 已恢复（1）');
    expect(message).toContain('1. **张记便利店** <font color="comment">C001</font>（非常重要）');
    expect(message).toContain('近 28 天销售额 ¥1,100.00 · 23 天未下单（上次 2026-10-28）');
    // The coupon with its age like the visit, and the money at risk the list is ordered by.
    expect(message).toContain(
      '上次拜访 2026-10-01（50 天前） · 上次发券 2026-09-15（66 天前） · 风险已持续 1 天（自 2026-11-20） · 风险金额 ¥24,500',
    );
    expect(message).toContain(
      '无拜访记录 · 无发券记录 · 风险已持续 1 天（自 2026-11-20） · 风险金额 ¥18,000',
    );
    expect(message).toContain('> **销售额暴跌**：近 28 天销售额 ¥1,100.00，前 28 天 ¥3,200.00（-65.6%）');
    expect(message).toContain('不再购买：康师傅红烧牛肉面 24袋、农夫山泉 550ml×24、旺仔牛奶 245ml');
    expect(message).toContain('> 建议：电话或上门确认补货需求');
    expect(message).toContain('<font color="warning">⬆ 升级：新增 投诉增多</font>');
    expect(message).toContain(
      '**好又多超市（滨江店）** <font color="comment">C017</font>（重要） <font color="info">2026-11-19 再次下单，风险持续 12 天</font>',
    );
    expect(lines.at(-1)).toBe('<font color="comment">配置版本 v7 · churn-watch</font>');
    // The markdown type has no tables.
    expect(message).not.toMatch(/^\|/m);
  });

  it('writes the same digest in English for an English-speaking rep', () => {
    // Act
    const [message = ''] = renderDigestWecom(sampleDigest({ recipient: englishRecipient }));

    // Assess
    expect(message.split('\n')[0]).toBe('## Morning digest 2026-11-20: 3 customers at risk');
    expect(message).toContain('### New (2)');
    expect(message).toContain('### Still at risk (1)');
    expect(message).toContain('### Recovered (1)');
    expect(message).toContain('1. **张记便利店** <font color="comment">C001</font> (VIP)');
    expect(message).toContain(
      'Sales ¥1,100.00 in the last 28 days · 23 days since the last order (2026-10-28)',
    );
    expect(message).toContain(
      'no visit logged · no coupon sent · at risk for 1 day (since 2026-11-20) · money at risk ¥18,000',
    );
    expect(message).toContain(
      'last coupon 2026-09-15 (66 days ago) · at risk for 14 days (since 2026-11-06)',
    );
    expect(message).toContain('> **Churned**: Silent 51 days, 5.1 of its usual 10-day cycles');
    expect(message).toContain('> Next step: Call today and resolve the complaints');
    expect(message).toContain('<font color="warning">⬆ Escalated: new Complaints rising</font>');
    expect(message).toContain('ordered again on 2026-11-19 after 12 days at risk');
    expect(message).toContain('Config version v7');
    expect(message).not.toMatch(/[新增仍有风险已恢复建议晨报]/);
  });

  it('shows a hostile shop name as plain text: no mention, bold, link or colour survives', () => {
    // Prepare
    const hostile = '**<@all>**[x](http://evil)';
    const digest = sampleDigest({
      newCustomers: [
        sampleDigestCustomer({
          name: hostile,
          customerId: '<font color="warning">C9</font>',
          findings: [
            {
              rule: 'sku_breadth_drop',
              severity: 0.5,
              windowDays: 28,
              previousSkus: 9,
              currentSkus: 3,
              changePct: -66.7,
              thresholdPct: 30,
              droppedSkus: ['[点我](http://evil)', '\n# 假标题'],
            },
          ],
        }),
      ],
      stillAtRisk: [],
      recovered: [sampleRecoveredCustomer({ name: '<@all>' })],
    });

    // Act
    const [message = ''] = renderDigestWecom(digest);

    // Assess
    expect(message).toContain('**＊＊＜@all＞＊＊［x］(http：//evil)**');
    expect(message).not.toContain('<@all>');
    expect(message).not.toMatch(/\]\(/);
    expect(message).not.toContain('http://');
    expect(message).not.toMatch(/^#\s*假标题/m);
    expect(message).toContain('＜font color="warning"＞C9＜/font＞');
    // The only mention is the rep's own.
    expect(message.match(/<@/g)).toEqual(['<@']);
  });

  it('falls back to the customer id when the name is missing, and omits the mention without a WeCom id', () => {
    // Prepare
    const digest = sampleDigest({
      recipient: { repId: 'R02', name: '李娜', locale: 'zh-CN' },
      newCustomers: [sampleDigestCustomer({ name: null, customerId: 'C404' })],
      stillAtRisk: [],
      recovered: [],
      totalAtRisk: 1,
    });

    // Act
    const [message = ''] = renderDigestWecom(digest);

    // Assess
    expect(message).toContain('1. **C404**（非常重要）');
    expect(message).not.toContain('<@');
    expect(message.split('\n')[0]).toBe('## 晨报 2026-11-20：1 位客户有流失风险');
  });

  it('splits a 60-customer digest into parts of at most 4096 bytes, repeating headings, mentioning once', () => {
    // Prepare
    const digest = sampleDigest({
      newCustomers: digestCustomers(20),
      stillAtRisk: digestCustomers(40, 20),
      recovered: [sampleRecoveredCustomer()],
      totalAtRisk: 75,
      omitted: 15,
    });

    // Act
    const parts = renderDigestWecom(digest);

    // Assess
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(utf8Bytes(part)).toBeLessThanOrEqual(4096);
    const count = parts.length;
    expect(parts[0]?.split('\n')[0]).toBe(`## 晨报 2026-11-20：75 位客户有流失风险（1/${count}）`);
    parts.slice(1).forEach((part, i) => {
      expect(part.split('\n')[0]).toBe(`## 晨报 2026-11-20（续 ${i + 2}/${count}）`);
      // Every continued part says which list it continues (or starts a new one) right under the heading.
      expect(part.split('\n')[1]).toMatch(/^### (新增风险|仍有风险|已恢复)/);
    });
    expect(parts.filter((part) => part.includes('<@zhangwei>'))).toEqual([parts[0]]);
    expect(parts.some((part) => part.includes('### 仍有风险（续）'))).toBe(true);
    // Every customer exactly once and whole: its block runs from the name to the suggested action.
    const all = parts.join('\n');
    for (const customer of [...digest.newCustomers, ...digest.stillAtRisk]) {
      expect(all.split(`<font color="comment">${customer.customerId}</font>`)).toHaveLength(2);
      // The sales fact and the sales-drop signal name the same amount.
      const sales = formatMoney(customer.lastPeriodSales);
      expect(all).toContain(`近 28 天销售额 ${sales} · `);
      expect(all).toContain(`> **销售额暴跌**：近 28 天销售额 ${sales}，前 28 天 ¥3,200.00`);
    }
    for (const part of parts.slice(1)) {
      expect(part.split('\n')[2]).toMatch(/^\d+\. \*\*|^<font color="info">✔/);
    }
    expect(parts.at(-1)).toContain('另有 15 位有风险的客户未在此列出');
    expect(parts.at(-1)?.endsWith('<font color="comment">配置版本 v7 · churn-watch</font>')).toBe(true);
    expect(parts.slice(0, -1).some((part) => part.includes('配置版本'))).toBe(false);
  });

  it('keeps to a smaller byte budget too, never cutting inside a customer', () => {
    // Act
    const parts = renderDigestWecom(
      sampleDigest({ newCustomers: digestCustomers(8), stillAtRisk: [], recovered: [] }),
      { maxBytes: 1500 },
    );

    // Assess
    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const part of parts) {
      expect(utf8Bytes(part)).toBeLessThanOrEqual(1500);
      // Every customer block in the part is complete: as many names as suggested actions.
      expect(part.match(/^\d+\. \*\*/gm)?.length).toBe(part.match(/^> 建议：/gm)?.length);
    }
  });

  it('says so when there is nothing to report, and how many more are at risk beyond the list', () => {
    // Act
    const [clear = ''] = renderDigestWecom(
      sampleDigest({
        newCustomers: [],
        stillAtRisk: [],
        recovered: [],
        totalAtRisk: 0,
        configVersion: undefined,
      }),
    );
    const [english = ''] = renderDigestWecom(
      sampleDigest({
        recipient: englishRecipient,
        stillAtRisk: [],
        recovered: [],
        totalAtRisk: 3,
        omitted: 1,
      }),
    );

    // Assess
    expect(clear).toBe('## 晨报 2026-11-20：暂无流失风险客户\n<@zhangwei> 今天没有需要跟进的客户。');
    expect(english).toContain('<font color="warning">1 more at-risk customer is not listed here</font>');
  });
});
