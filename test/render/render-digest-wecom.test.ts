import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../functions/core/money.ts';
import { renderDigestWecom } from '../../functions/render/render-digest-wecom.ts';
import { utf8Bytes } from '../../functions/render/wecom-markdown.ts';
import {
  digestCustomers,
  oneSilenceFindings,
  sampleDigest,
  sampleDigestCustomer,
  sampleRecoveredCustomer,
  sampleVerdict,
} from './fixtures.ts';

const englishRecipient = { repId: 'R01', name: 'Zhang Wei', locale: 'en' as const, wecomUserid: 'zhangwei' };

describe('renderDigestWecom', () => {
  it('writes a short Chinese digest as one message: heading, mention, sections, risk, facts, signals, action', () => {
    // Act
    const parts = renderDigestWecom(sampleDigest());

    // Assess
    expect(parts).toHaveLength(1);
    const [message = ''] = parts;
    const lines = message.split('\n');
    expect(lines[0]).toBe('## 晨报 2026-11-20：3 位客户有流失风险');
    expect(lines[1]).toMatch(/^<@zhangwei> 今日：新增 <font color="warning">2<\/font> 位/);
    expect(message).toContain('### 需要跟进（3）');
    expect(message).toContain('### 已恢复（1）');
    // The escalated customer leads, then the VIP, then the rest by money at risk.
    expect(message).toContain(
      '1. **旺旺小卖部** <font color="comment">C003</font>（一般） <font color="warning">⬆ 升级</font>\n' +
        '> **流失风险 55%** · **投诉增多**：近 30 天投诉 3 次（前 30 天 0 次）\n' +
        '> <font color="warning">新出现的信号：投诉增多</font>\n',
    );
    expect(message).toContain(
      '2. **张记便利店** <font color="comment">C001</font>（非常重要） <font color="warning">新增</font>\n' +
        '> **流失风险 72%** · 已 23 天未下单（平时约 7 天一单）\n' +
        '> <font color="comment">风险金额 ¥24,500 · 近 28 天销售额 ¥1,100.00</font>\n' +
        // The coupon with its age like the visit.
        '> <font color="comment">上次下单 2026-10-28（23 天前） · 上次拜访 2026-10-01（50 天前） · 上次发券 2026-09-15（66 天前）</font>\n',
    );
    expect(message).toContain('风险金额 ¥9,000 · 近 28 天销售额 ¥456.00 · 风险已持续 14 天');
    expect(message).toContain('上次下单 2026-09-30（51 天前） · 没有拜访记录 · 没有发券记录');
    expect(message).toContain('> **销售额暴跌**：近 28 天销售额 ¥1,100.00，前 28 天 ¥3,200.00（-65.6%）');
    expect(message).toContain('不再购买：康师傅红烧牛肉面 24袋、农夫山泉 550ml×24、旺仔牛奶 245ml');
    // The model's other reason (lower sales) is what the sales-drop signal already says: not said twice.
    expect(message).not.toContain('模型评估');
    expect(message).toContain('> 建议：电话或上门确认补货需求');
    expect(message).toContain(
      '**好又多超市（滨江店）** <font color="comment">C017</font>（重要） <font color="info">2026-11-19 重新下单（风险持续了 12 天）</font>',
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
    expect(message).toContain('### To follow up (3)');
    expect(message).toContain('### Recovered (1)');
    expect(message).toContain(
      '1. **旺旺小卖部** <font color="comment">C003</font> (General) <font color="warning">⬆ Escalated</font>',
    );
    expect(message).toContain(
      '2. **张记便利店** <font color="comment">C001</font> (VIP) <font color="warning">New</font>',
    );
    expect(message).toContain(
      '> **72% likely to stop ordering** · No order for 23 days (usually every 7 days)',
    );
    expect(message).toContain(
      '> **83% likely to stop ordering** · No order for 51 days (usually every 10 days)',
    );
    expect(message).toContain('Money at risk ¥24,500 · 28-day sales ¥1,100.00');
    expect(message).toContain('Last order 2026-09-30 (51 days ago) · No visit logged · No coupon sent');
    expect(message).toContain('Money at risk ¥9,000 · 28-day sales ¥456.00 · At risk for 14 days');
    expect(message).toContain('Last coupon 2026-09-15 (66 days ago)');
    // The headline already says the silence: it is not said again as a signal below it.
    expect(message).not.toContain('> **Far past its cycle**');
    expect(message).toContain('> Next step: Call today and resolve the complaints');
    expect(message).toContain('> <font color="warning">New since you last heard: Complaints rising</font>');
    expect(message).toContain('Ordered again on 2026-11-19 after 12 days at risk');
    expect(message).toContain('Config version v7');
    expect(message).not.toMatch(/[新增仍有风险已恢复建议晨报]/);
  });

  it('shows a hostile shop name as plain text: no mention, bold, link or colour survives', () => {
    // Prepare
    const hostile = '**<@all>**[x](http://evil)';
    const digest = sampleDigest({
      atRisk: [
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
      atRisk: [sampleDigestCustomer({ name: null, customerId: 'C404' })],
      recovered: [],
      totalAtRisk: 1,
    });

    // Act
    const [message = ''] = renderDigestWecom(digest);

    // Assess
    expect(message).toContain('1. **C404**（非常重要） <font color="warning">新增</font>');
    expect(message).not.toContain('<@');
    expect(message.split('\n')[0]).toBe('## 晨报 2026-11-20：1 位客户有流失风险');
  });

  it('splits a 60-customer digest into parts of at most 4096 bytes, repeating headings, mentioning once', () => {
    // Prepare
    const digest = sampleDigest({
      atRisk: [...digestCustomers(20), ...digestCustomers(40, 20).map((c) => ({ ...c, isNew: false }))],
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
      expect(part.split('\n')[1]).toMatch(/^### (需要跟进|已恢复)/);
    });
    expect(parts.filter((part) => part.includes('<@zhangwei>'))).toEqual([parts[0]]);
    expect(parts.some((part) => part.includes('### 需要跟进（续）'))).toBe(true);
    // Every customer exactly once and whole: its block runs from the name to the suggested action.
    const all = parts.join('\n');
    for (const customer of digest.atRisk) {
      expect(all.split(`<font color="comment">${customer.customerId}</font>`)).toHaveLength(2);
      // The sales fact and the sales-drop signal name the same amount.
      const sales = formatMoney(customer.lastPeriodSales);
      expect(all).toContain(`近 28 天销售额 ${sales}`);
      expect(all).toContain(`> **销售额暴跌**：近 28 天销售额 ${sales}，前 28 天 ¥3,200.00`);
    }
    for (const part of parts.slice(1)) {
      expect(part.split('\n')[2]).toMatch(/^\d+\. \*\*|^<font color="info">✔|^<font color="warning">另有/);
    }
    // The note on the customers left out closes the list it shortens, before the recovered ones.
    expect(all.indexOf('另有 15 位有风险的客户未在此列出')).toBeGreaterThan(all.lastIndexOf('> 建议：'));
    expect(all.indexOf('另有 15 位有风险的客户未在此列出')).toBeLessThan(all.indexOf('### 已恢复'));
    expect(parts.at(-1)?.endsWith('<font color="comment">配置版本 v7 · churn-watch</font>')).toBe(true);
    expect(parts.slice(0, -1).some((part) => part.includes('配置版本'))).toBe(false);
  });

  it('keeps to a smaller byte budget too, never cutting inside a customer', () => {
    // Act
    const parts = renderDigestWecom(sampleDigest({ atRisk: digestCustomers(8), recovered: [] }), {
      maxBytes: 1500,
    });

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
        atRisk: [],
        recovered: [],
        totalAtRisk: 0,
        configVersion: undefined,
      }),
    );
    const [english = ''] = renderDigestWecom(
      sampleDigest({
        recipient: englishRecipient,
        atRisk: sampleDigest().atRisk.filter((customer) => customer.isNew),
        recovered: [],
        totalAtRisk: 3,
        omitted: 1,
      }),
    );

    // Assess
    expect(clear).toBe('## 晨报 2026-11-20：暂无流失风险客户\n<@zhangwei> 今天没有需要跟进的客户。');
    expect(english).toContain('<font color="warning">1 more at-risk customer is not listed here</font>');
  });

  it('shows each customer with its risk in percent, the silence once, and the signals in the fixed order', () => {
    // Prepare
    const customer = sampleDigestCustomer({ findings: oneSilenceFindings() });
    const digest = (locale: 'zh-CN' | 'en') =>
      sampleDigest({
        recipient: locale === 'en' ? englishRecipient : sampleDigest().recipient,
        atRisk: [customer],
        recovered: [],
      });

    // Act
    const [zh = ''] = renderDigestWecom(digest('zh-CN'));
    const [en = ''] = renderDigestWecom(digest('en'));

    // Assess
    expect(zh).toContain('> **流失风险 72%** · 已 23 天未下单（平时约 7 天一单）');
    expect(en).toContain('> **72% likely to stop ordering** · No order for 23 days (usually every 7 days)');
    // The headline gives the silence (the model's first reason), so no silence status repeats it below.
    for (const [message, titles, hidden] of [
      [zh, ['销售额暴跌', '投诉增多', '超期未拜访'], ['远超订货周期', '即将流失', '订货周期异常']],
      [
        en,
        ['Sales drop', 'Complaints rising', 'Visit overdue'],
        ['Far past its cycle', 'Inactive', 'Order overdue'],
      ],
    ] as const) {
      const at = titles.map((title) => message.indexOf(`> **${title}**`));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      for (const title of hidden) expect(message).not.toContain(title);
    }
  });

  it('leads with the strongest finding when the model gives no reason, its SKU names made inert', () => {
    // Prepare
    const digest = sampleDigest({
      atRisk: [
        sampleDigestCustomer({
          risk: 0.9996,
          learned: sampleVerdict({ risk: 0.9996, reasons: [] }),
          findings: [
            {
              rule: 'sku_breadth_drop',
              severity: 0.9,
              windowDays: 28,
              previousSkus: 9,
              currentSkus: 3,
              changePct: -66.7,
              thresholdPct: 30,
              droppedSkus: ['**<@all>**'],
            },
          ],
        }),
      ],
      recovered: [],
    });

    // Act
    const [message = ''] = renderDigestWecom(digest);

    // Assess: never 100%, the finding once, its SKU harmless
    expect(message).toContain(
      '> **流失风险 99%** · **动销品项数下滑**：近 28 天购买 3 个品项，前 28 天 9 个（不再购买：＊＊＜@all＞＊＊）',
    );
    expect(message.split('动销品项数下滑')).toHaveLength(2);
    expect(message).not.toContain('100%');
    expect(message.match(/<@/g)).toEqual(['<@']);
  });
});

describe('renderDigestWecom: one answer link per customer', () => {
  const page = (customerId: string) =>
    `https://abc.execute-api.cn-north-1.amazonaws.com.cn/prod/a/WyJSMDEiLCIke${customerId}In0_-.Zm9v_-bar`;

  it("puts one [反馈](answer page) on each customer's first line, in the rep's language", () => {
    // Prepare
    const digest = sampleDigest({
      atRisk: [
        sampleDigestCustomer({ answerPage: page('C001') }),
        sampleDigestCustomer({ customerId: 'C002', name: '李家烟酒行', answerPage: page('C002') }),
      ],
    });
    // Act
    const [zh = ''] = renderDigestWecom(digest);
    const [en = ''] = renderDigestWecom({ ...digest, recipient: englishRecipient });
    // Assess
    expect(zh).toContain(
      `1. **张记便利店** <font color="comment">C001</font>（非常重要） <font color="warning">新增</font> [反馈](${page('C001')})\n`,
    );
    expect(zh).toContain(`[反馈](${page('C002')})`);
    expect(zh.match(/\[反馈\]\(/g)).toHaveLength(2);
    expect(en).toContain(`[Answer](${page('C001')})`);
    expect(en).not.toContain('[反馈]');
    // The recovered customer gets none, and a digest without links shows none.
    expect(renderDigestWecom(sampleDigest())[0]).not.toContain('](');
  });

  it('keeps a typed base URL from breaking out of the link', () => {
    const [message = ''] = renderDigestWecom(
      sampleDigest({ atRisk: [sampleDigestCustomer({ answerPage: 'https://x.example/p a)(<b>/a/tok_en' })] }),
    );
    expect(message).toContain('[反馈](https://x.example/p%20a%29%28%3Cb%3E/a/tok_en)');
  });

  it('still packs 60 customers with links into messages of at most 4096 bytes, every link whole', () => {
    // Prepare
    const atRisk = digestCustomers(60).map((customer) => ({
      ...customer,
      answerPage: page(customer.customerId),
    }));
    // Act
    const parts = renderDigestWecom(sampleDigest({ atRisk, recovered: [] }));
    // Assess
    for (const part of parts) expect(utf8Bytes(part)).toBeLessThanOrEqual(4096);
    const all = parts.join('\n');
    for (const customer of atRisk) expect(all).toContain(`[反馈](${page(customer.customerId)})`);
  });

  it('keeps the link even when a small budget makes the packer cut a customer short', () => {
    const parts = renderDigestWecom(
      sampleDigest({ atRisk: [sampleDigestCustomer({ answerPage: page('C001') })], recovered: [] }),
      { maxBytes: 600 },
    );
    expect(parts.join('\n')).toContain('（内容过长，已截断）');
    expect(parts.join('\n')).toContain(`[反馈](${page('C001')})`);
  });
});
