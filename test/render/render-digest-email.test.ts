import { describe, expect, it } from 'vitest';
import { escapeHtml, keepTokensTogether } from '../../functions/render/html.ts';
import { renderDigestEmail } from '../../functions/render/render-digest-email.ts';
import {
  digestCustomer,
  HOSTILE_NAME,
  recoveredCustomer,
  sampleRepDigest,
  visibleText,
} from './email-fixtures.ts';
import {
  oneSilenceFindings,
  sampleDigest,
  sampleDigestCustomer,
  sampleRecoveredCustomer,
  sampleVerdict,
} from './fixtures.ts';

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
  it('writes Chinese for a zh-CN rep: subject with the count, lang, charset and the two sections in order', () => {
    // Act
    const email = renderDigestEmail(sampleRepDigest());

    // Assess
    expect(email.subject).toBe('晨报：5 位客户有流失风险，新增 2 位（2026-11-20）');
    expect(email.html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(email.html).toContain('<meta charset="utf-8">');
    for (const part of [email.html, email.text]) {
      const order = ['需要跟进（3）', '已恢复（1）'].map((heading) => part.indexOf(heading));
      expect(order.every((at) => at >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(part).toContain('张三，早上好。');
    }
    expectEmailSafe(email.html);
  });

  it('says for each customer what the rep needs: money at risk, sales, last order, visit, coupon, signals and what to do', () => {
    // Act
    const { html, text } = renderDigestEmail(sampleRepDigest());

    // Assess
    for (const part of [visibleText(html), text]) {
      // The list is ordered by money at risk, so each customer shows it (whole yuan: it is an estimate).
      expect(part).toContain('风险金额 ¥48,000 · 近 30 天销售额 ¥1,234.50');
      expect(part).toContain('风险金额 ¥9,000');
      expect(part).toContain('风险金额 ¥6,000 · 近 30 天销售额 ¥1,234.50 · 风险已持续 14 天');
      expect(part).toContain(
        '上次下单 2026-10-01（50 天前） · 上次拜访 2026-11-01（19 天前） · 上次发券 2026-09-15（66 天前）',
      );
      expect(part).toContain('上次下单 2026-10-01（50 天前） · 没有拜访记录 · 没有发券记录');
      expect(part).toContain('近 30 天销售额 ¥1,234.50，前 30 天 ¥5,600.00（-78%）');
      expect(part).toContain('建议：电话或上门确认补货需求');
      expect(part).toContain('流失风险 72% · 已 50 天未下单（平时约 14 天一单）');
      expect(part).toContain('新出现的信号：已流失');
      expect(part).toContain('2026-11-19 重新下单（风险持续了 23 天）');
      expect(part).toContain('还有 2 位客户有流失风险，未在此列出');
      expect(part).toContain('业务员编号 R01');
      expect(part).toContain('判定规则配置版本：7');
    }
    expect(html).toContain('<strong style="white-space:nowrap;">销售额暴跌</strong>：');
    expect(text).toContain('- 销售额暴跌：');
    // The risk and its strongest reason first, then the facts in two short lines instead of one line each.
    expect(text).toContain(
      '2. 华联超市（人民路店） · 编号 C001 · 非常重要 · 新增\n' +
        '   流失风险 72% · 已 50 天未下单（平时约 14 天一单）\n' +
        '   风险金额 ¥48,000 · 近 30 天销售额 ¥1,234.50\n' +
        '   上次下单 2026-10-01（50 天前） · 上次拜访 2026-11-01（19 天前） · 上次发券 2026-09-15（66 天前）\n' +
        '   其他信号：\n',
    );
    expect(html).toContain('升级</span>');
    // What got worse right under the headline: it is why the customer leads the list.
    expect(text).toContain(
      '1. 永辉超市 · 编号 C003 · 重要 · 升级\n   流失风险 99% · 近 180 天没有下单\n   新出现的信号：已流失\n',
    );
  });

  it('keeps the digest order (escalated, then VIP, then money at risk) and falls back to the id without a name', () => {
    // Act
    const { html, text } = renderDigestEmail(sampleRepDigest());

    // Assess
    for (const part of [html, text]) {
      expect(part.indexOf('永辉超市')).toBeLessThan(part.indexOf('华联超市（人民路店）'));
      expect(part.indexOf('华联超市（人民路店）')).toBeLessThan(part.indexOf('C002'));
    }
    expect(text).toContain('3. C002 · 一般 · 新增');
  });

  it('says "1 customer needs you today" in English, and "need" for more', () => {
    // Prepare
    const digest = sampleRepDigest('en');
    const one = { ...digest, atRisk: digest.atRisk.slice(0, 1) };

    // Act
    const [single, several] = [renderDigestEmail(one), renderDigestEmail(digest)];

    // Assess
    expect(single.text).toContain('1 customer needs you today');
    expect(several.text).toContain('3 customers need you today');
  });

  it('writes English for an en rep', () => {
    // Act
    const email = renderDigestEmail(sampleRepDigest('en'));

    // Assess
    expect(email.subject).toBe('Morning digest: 5 customers at risk, 2 new (2026-11-20)');
    expect(email.html).toContain('<html lang="en">');
    for (const part of [visibleText(email.html), email.text]) {
      expect(part).toContain('Good morning, 张三.');
      expect(part).toContain('To follow up (3)');
      expect(part).toContain('Recovered (1)');
      expect(part).toContain('72% likely to stop ordering · No order for 50 days (usually every 14 days)');
      expect(part).toContain('99% likely to stop ordering · No order in the last 180 days');
      expect(part).toContain('Sales drop');
      expect(part).toContain('Next step: Call or visit to take the next order');
      expect(part).toContain('Money at risk ¥48,000 · 30-day sales ¥1,234.50');
      expect(part).toContain('Money at risk ¥6,000 · 30-day sales ¥1,234.50 · At risk for 14 days');
      expect(part).toContain(
        'Last order 2026-10-01 (50 days ago) · Last visit 2026-11-01 (19 days ago) · Last coupon 2026-09-15 (66 days ago)',
      );
      expect(part).toContain('No visit logged · No coupon sent');
      expect(part).toContain('Ordered again on 2026-11-19 after 23 days at risk');
      expect(part).toContain('2 more customers at risk are not listed here');
      expect(part).toContain('Rule configuration version: 7');
    }
    expect(email.text).toContain('1. 永辉超市 · id C003 · Important · Escalated');
    expect(email.text).toContain('2. 华联超市（人民路店） · id C001 · VIP · New');
    for (const zh of [
      '早上好',
      '上次下单',
      '建议',
      '新增',
      '需要跟进',
      '已恢复',
      '业务员编号',
      '还有',
      '流失风险',
    ]) {
      expect(email.text).not.toContain(zh);
      expect(email.html).not.toContain(zh);
    }
  });

  it('escapes every string from master data in HTML and keeps it as it is in the text', () => {
    // Prepare
    const digest = sampleRepDigest('zh-CN', {
      recipient: { repId: HOSTILE_NAME, name: HOSTILE_NAME, locale: 'zh-CN' },
      atRisk: [digestCustomer({ name: HOSTILE_NAME, customerId: `ID${HOSTILE_NAME}` })],
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

  it('keeps dates, money and day counts on one line in the HTML, after escaping', () => {
    // Prepare
    const digest = sampleRepDigest('zh-CN', {
      atRisk: [
        ...sampleRepDigest().atRisk.filter((customer) => customer.escalated),
        digestCustomer({
          findings: [
            {
              rule: 'sku_breadth_drop',
              severity: 0.5,
              windowDays: 60,
              previousSkus: 12,
              currentSkus: 5,
              changePct: -58.3,
              thresholdPct: -40,
              droppedSkus: ['<b>2026-10-01</b> 限定款'],
            },
          ],
        }),
      ],
    });
    const nowrap = (token: string) => `<span style="white-space:nowrap">${token}</span>`;

    // Act
    const { html, text } = renderDigestEmail(digest);

    // Assess
    for (const token of [
      '2026-10-01',
      '2026-09-15',
      '¥1,234.50',
      '¥48,000',
      '50 天',
      '66 天',
      '12 个',
      '60 天',
    ]) {
      expect(html).toContain(nowrap(token));
    }
    expect(html).toContain(`风险已持续</span> ${nowrap('14 天')}`);
    // A date inside a SKU name is wrapped after its markup was escaped, never before.
    expect(html).toContain(`&lt;b&gt;${nowrap('2026-10-01')}&lt;/b&gt; 限定款`);
    expect(html).not.toContain('<b>');
    expect(text).not.toContain('white-space');
    expect(text).toContain('<b>2026-10-01</b> 限定款');
  });

  it('shows the age of the last coupon only when it can count the days', () => {
    // Act
    const { text } = renderDigestEmail(
      sampleRepDigest('zh-CN', {
        atRisk: [
          digestCustomer({ lastCouponDate: '2026-11-20' }),
          digestCustomer({ customerId: 'C005', lastCouponDate: '2026-11-25' }),
          digestCustomer({ customerId: 'C006', lastCouponDate: '2026/9/15' }),
        ],
      }),
    );

    // Assess
    expect(text).toContain('上次发券 2026-11-20（今天）');
    // A coupon dated after the digest's day or in another format is shown as it is, without a wrong age.
    expect(text).toContain('上次发券 2026-11-25\n');
    expect(text).toContain('上次发券 2026/9/15\n');
  });

  it('puts names with line breaks on one line', () => {
    // Act
    const { text } = renderDigestEmail(
      sampleRepDigest('zh-CN', {
        atRisk: [digestCustomer({ name: '华联\r\n超市\t二店' })],
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
        atRisk: [digestCustomer()],
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
    const onlyRecovered = { atRisk: [], omitted: 0 };

    // Act
    const zh = renderDigestEmail(sampleRepDigest('zh-CN', { ...onlyRecovered, totalAtRisk: 0 }));
    const en = renderDigestEmail(sampleRepDigest('en', { ...onlyRecovered, totalAtRisk: 0 }));

    // Assess
    expect(zh.subject).toBe('晨报：1 位客户已恢复下单，没有新的风险（2026-11-20）');
    expect(en.subject).toBe('Morning digest: 1 customer ordered again, no new risks (2026-11-20)');
    expect(zh.text).toContain('1 位客户已恢复下单。');
    expect(zh.text).not.toContain('需要跟进');
  });

  it('sends an all-clear when every section is empty', () => {
    // Prepare
    const empty = { atRisk: [], recovered: [], omitted: 0 };

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

  it('puts each customer in a compact block: a 3 px coloured edge, one paragraph of facts, 16 px side padding', () => {
    // Act
    const { html } = renderDigestEmail(sampleRepDigest());

    // Assess
    expect(html.match(/border-left:3px solid/g)).toHaveLength(4);
    expect(html).not.toMatch(/padding:[^;"]*24px/);
    expect(html).toContain('<tr><td align="center" style="padding:16px 4px;">');
    // The money at risk leads the facts, in bold; the facts flow in one paragraph, each an inline block
    // ending in its " ·", so a line never starts with the separator.
    const fact = (inner: string, last = false) =>
      `<span style="display:inline-block;">${inner}${last ? '' : '<span style="color:#616e7c;">&nbsp;·</span>'}</span>`;
    const label = (text: string) => `<span style="color:#616e7c;">${text}</span> `;
    const nowrap = (token: string) => `<span style="white-space:nowrap">${token}</span>`;
    expect(html).toContain(
      '<div>' +
        fact(`${label('风险金额')}<strong style="color:#1f2933;">${nowrap('¥48,000')}</strong>`) +
        ' ' +
        fact(`${label('近 30 天销售额')}${nowrap('¥1,234.50')}`) +
        ' ' +
        fact(`${label('上次下单')}${nowrap('2026-10-01')}（${nowrap('50 天')}前）`) +
        ' ' +
        fact(`${label('上次拜访')}${nowrap('2026-11-01')}（${nowrap('19 天')}前）`) +
        ' ' +
        fact(`${label('上次发券')}${nowrap('2026-09-15')}（${nowrap('66 天')}前）`, true) +
        '</div>',
    );
  });

  it('has a plain-text part without markup', () => {
    // Act
    const { text } = renderDigestEmail(sampleRepDigest());

    // Assess
    expect(text).not.toMatch(/<(?:div|table|td|span|strong|p)\b/);
    expect(text).not.toContain('&amp;');
  });
});

describe('renderDigestEmail: each customer readable in a glance', () => {
  /** A verdict whose first reason is about order days, which none of oneSilenceFindings states. */
  const orderDaysFirst = sampleVerdict({
    reasons: [{ kind: 'fewer_purchase_days', windowDays: 90, recentDays: 2, previousDays: 9 }],
  });

  it('does not say the silence twice: the headline gives it, no silence status repeats it below', () => {
    // Act: the model's first reason is the silence
    const { html, text } = renderDigestEmail(
      sampleRepDigest('zh-CN', { atRisk: [digestCustomer({ findings: oneSilenceFindings() })] }),
    );

    // Assess
    for (const part of [visibleText(html), text]) {
      expect(part).toContain('天未下单（平时约');
      for (const title of ['远超订货周期', '即将流失', '订货周期异常']) expect(part).not.toContain(title);
      expect(part).toContain('销售额暴跌：');
    }
  });

  it('shows one silence status, the strongest: churned, never also inactive or overdue', () => {
    // Prepare
    // The model's first reason is not the silence, so the silence is told as a signal (once, its deepest status).
    const customer = digestCustomer({
      findings: oneSilenceFindings(),
      learned: orderDaysFirst,
      escalated: true,
      isNew: false,
      newRules: ['inactive'],
    });

    // Act
    const zh = renderDigestEmail(sampleRepDigest('zh-CN', { atRisk: [customer] }));
    const en = renderDigestEmail(sampleRepDigest('en', { atRisk: [customer] }));

    // Assess
    for (const part of [visibleText(zh.html), zh.text]) {
      expect(part).toContain('远超订货周期：已 80 天未下单，约 4 个订货周期');
      expect(part).not.toContain('即将流失');
      expect(part).not.toContain('订货周期异常');
      // A new `inactive` under `churned` is the same silence: not news, so not named.
      expect(part).toContain('风险加重：信号变强或客户等级提高');
    }
    for (const part of [visibleText(en.html), en.text]) {
      expect(part).toContain('Far past its cycle: Silent 80 days');
      expect(part).not.toContain('Inactive');
      expect(part).not.toContain('Order overdue');
    }
    // The data keeps every finding.
    expect(customer.findings.map((finding) => finding.rule)).toContain('inactive');
  });

  it('lists signals in the fixed order (silence, buying, complaints, visits), whatever their severity', () => {
    // Act
    const { html, text } = renderDigestEmail(
      sampleRepDigest('zh-CN', {
        atRisk: [digestCustomer({ findings: oneSilenceFindings(), learned: orderDaysFirst })],
      }),
    );

    // Assess
    for (const part of [visibleText(html), text]) {
      const at = ['远超订货周期：', '销售额暴跌：', '投诉增多：', '超期未拜访：'].map((title) =>
        part.indexOf(title),
      );
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    }
  });

  it('leads with the strongest finding when the model gives no reason, and does not repeat it below', () => {
    // Prepare: the late visit is the most severe, but counts least towards the risk
    const customer = digestCustomer({
      findings: oneSilenceFindings(),
      learned: sampleVerdict({ reasons: [] }),
    });

    // Act
    const { text } = renderDigestEmail(sampleRepDigest('zh-CN', { atRisk: [customer] }));

    // Assess
    expect(text).toContain(
      '   流失风险 72% · 远超订货周期：已 80 天未下单，约 4 个订货周期（平时约 20 天一单）\n',
    );
    expect(text.split('远超订货周期：')).toHaveLength(2);
    expect(text).toContain('   其他信号：\n   - 销售额暴跌：');
  });

  it('never says 100% or 0%: 99% at most, <1% below half a percent', () => {
    // Prepare
    const sure = digestCustomer({ risk: 0.9996, learned: sampleVerdict({ risk: 0.9996 }) });
    const unlikely = digestCustomer({
      customerId: 'C010',
      risk: 0.004,
      learned: sampleVerdict({ risk: 0.004, held: true }),
    });

    // Act
    const zh = renderDigestEmail(sampleRepDigest('zh-CN', { atRisk: [sure, unlikely] })).text;
    const en = renderDigestEmail(sampleRepDigest('en', { atRisk: [sure, unlikely] })).text;

    // Assess
    expect(zh).toContain('流失风险 99% · ');
    expect(zh).toContain('流失风险 <1% · ');
    expect(en).toContain('99% likely to stop ordering · ');
    expect(en).toContain('<1% likely to stop ordering · ');
    for (const part of [zh, en]) {
      expect(part).not.toContain('100%');
      expect(part).not.toMatch(/\b0%/);
    }
    // Why a customer below the line is still listed.
    expect(zh).toContain('- 模型评估：预警线 41%，已低于预警线，但还没有明显回落，继续跟进');
  });

  it("calls the rules' score a score, not a probability, when the risk model is off", () => {
    // Prepare
    const customer = digestCustomer({ learned: undefined });

    // Act
    const zh = renderDigestEmail(sampleRepDigest('zh-CN', { atRisk: [customer] }));
    const en = renderDigestEmail(sampleRepDigest('en', { atRisk: [customer] }));

    // Assess: the strongest finding leads (sales drop and overdue count the same; overdue comes first)
    expect(zh.text).toContain(
      '   风险评分 72% · 订货周期异常：平时约 14 天一单，已 50 天未下单（晚了 36 天）\n',
    );
    expect(en.text).toContain('   Risk score 72% · Order overdue: Usually orders every 14 days');
    expect(zh.text).not.toContain('模型评估');
    expect(zh.html).toContain('<strong style="color:#c0392b;white-space:nowrap;">风险评分 72%</strong>');
  });
});

describe('keepTokensTogether', () => {
  const nowrap = (token: string) => `<span style="white-space:nowrap">${token}</span>`;

  it('wraps dates, months, money and counts in a no-wrap span, leaving the rest as it is', () => {
    // Act
    const cases = [
      ['上次 2026-10-01（50 天前）', `上次 ${nowrap('2026-10-01')}（${nowrap('50 天')}前）`],
      [
        '2026-07 ¥4,200.00 → 2026-08 ¥3,800.00',
        `${nowrap('2026-07')} ${nowrap('¥4,200.00')} → ${nowrap('2026-08')} ${nowrap('¥3,800.00')}`,
      ],
      [
        '约 5.1 个订货周期，投诉 3 次，连续 3 个月',
        `约 ${nowrap('5.1 个')}订货周期，投诉 ${nowrap('3 次')}，连续 ${nowrap('3 个月')}`,
      ],
      [
        '-¥1,234.50 and ¥63,000, then 14 days',
        `${nowrap('-¥1,234.50')} and ${nowrap('¥63,000')}, then ${nowrap('14 days')}`,
      ],
      ['-65.6% 500ml 12345678 2026-10-011', '-65.6% 500ml 12345678 2026-10-011'],
    ] as const;

    // Assess
    for (const [input, output] of cases) expect(keepTokensTogether(input)).toBe(output);
  });

  it('never wraps inside an entity of escaped text', () => {
    // Act
    const escaped = escapeHtml(`'3 天"&#39;天`);

    // Assess
    expect(keepTokensTogether(escaped)).toBe(`&#39;${nowrap('3 天')}&quot;&amp;#39;天`);
  });
});

describe('renderDigestEmail: one-tap answers', () => {
  const links = (customerId: string) => ({
    answerLinks: (['called', 'visited', 'coupon', 'not_real', 'closed'] as const).map((action) => ({
      action,
      url: `https://api.example.cn/prod/a/${customerId}-${action}.mac_-x`,
    })),
    answerPage: `https://api.example.cn/prod/a/${customerId}-choose.mac_-x`,
  });
  const withLinks = (locale: 'zh-CN' | 'en') =>
    sampleDigest({
      recipient: { repId: 'R01', name: '张伟', locale },
      atRisk: [
        sampleDigestCustomer({ ...links('C001'), name: '张记 www.evil.example http://x' }),
        sampleDigestCustomer({ customerId: 'C002', name: '李家烟酒行', ...links('C002') }),
      ],
    });

  it("puts a button per action under each customer, worded in the rep's language, linking as signed", () => {
    // Act
    const zh = renderDigestEmail(withLinks('zh-CN'));
    const en = renderDigestEmail(withLinks('en'));
    // Assess
    for (const customerId of ['C001', 'C002']) {
      for (const [action, label] of [
        ['called', '已电话联系'],
        ['visited', '已上门拜访'],
        ['coupon', '已发优惠券'],
        ['not_real', '不是真的流失'],
        ['closed', '客户已关店'],
      ]) {
        expect(zh.html).toMatch(
          new RegExp(
            `<a href="https://api\\.example\\.cn/prod/a/${customerId}-${action}\\.mac_-x" [^>]*>${label}</a>`,
          ),
        );
      }
    }
    expect(en.html).toMatch(/<a href="[^"]*C001-called[^"]*" [^>]*>Called<\/a>/);
    expect(en.html).toMatch(/<a href="[^"]*C002-not_real[^"]*" [^>]*>Not a real risk<\/a>/);
    expect(en.html).not.toContain('已电话联系');
    // The buttons come after what the rep reads about the customer.
    expect(zh.html.indexOf('C001-called')).toBeGreaterThan(zh.html.indexOf('建议'));
    // Our links survive whole; a URL-looking shop name is still defanged.
    expect(zh.html).not.toContain('www.evil');
    expect(zh.html).toContain('www．evil.example');
    expect(zh.html).toContain('href="https://api.example.cn/prod/a/C001-called.mac_-x"');
  });

  it('gives the text part one short answer line per customer: the answer page', () => {
    const { text } = renderDigestEmail(withLinks('zh-CN'));
    expect(text).toContain('   反馈：https://api.example.cn/prod/a/C001-choose.mac_-x\n');
    expect(text).toContain('   反馈：https://api.example.cn/prod/a/C002-choose.mac_-x\n');
    expect(text).not.toContain('C001-called');
    expect(renderDigestEmail(withLinks('en')).text).toContain(
      'Answer: https://api.example.cn/prod/a/C002-choose.mac_-x',
    );
  });

  it('says in the footer that the buttons answer in the rep name, only when there are buttons', () => {
    expect(renderDigestEmail(withLinks('zh-CN')).text).toContain('请勿转发这封邮件');
    const plain = renderDigestEmail(sampleDigest());
    expect(plain.text).not.toContain('请勿转发');
    expect(plain.html).not.toContain('<a href');
    expect(plain.text).not.toContain('反馈：');
  });

  it('gives recovered customers no answers', () => {
    const { html } = renderDigestEmail(
      sampleDigest({ atRisk: [sampleDigestCustomer(links('C001'))], recovered: [sampleRecoveredCustomer()] }),
    );
    expect(html.match(/<a href=/g)).toHaveLength(5);
  });
});
