import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { COLORS } from '../../functions/notify/html.ts';
import { renderWeeklyEmail } from '../../functions/notify/render-weekly-email.ts';
import { HOSTILE_NAME, sampleWeekly, visibleText } from './email-fixtures.ts';

const ESCAPED_HOSTILE = '&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;';

function pixel(png: PNG, x: number, y: number): string {
  const at = (y * png.width + x) * 4;
  const hex = (i: number) => (png.data[at + i] ?? 0).toString(16).padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

describe('renderWeeklyEmail', () => {
  it('writes Chinese for a zh-CN manager: team, week and the headline numbers', () => {
    // Act
    const email = renderWeeklyEmail(sampleWeekly());
    const seen = visibleText(email.html);

    // Assess
    expect(email.subject).toBe(
      '周报：华东一区（2026-11-14 至 2026-11-20），24 位客户有流失风险，新增 7 位，恢复 3 位',
    );
    expect(email.html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(email.html).toContain('<meta charset="utf-8">');
    for (const part of [seen, email.text]) {
      expect(part).toContain('团队周报：华东一区');
      expect(part).toContain('2026-11-14 至 2026-11-20');
      expect(part).toContain(
        '目前 24 位客户有流失风险（上周末 20 位，+4）。本周新增 7 位，恢复 3 位，净增 4 位。',
      );
      expect(part).toContain('本周共向您发送 2 次升级提醒');
      expect(part).toContain('判定规则配置版本：7');
    }
  });

  it('shows at risk by tier and by signal, the signals in the fixed order the digests use', () => {
    // Act
    const { html, text } = renderWeeklyEmail(sampleWeekly());
    const seen = visibleText(html);

    // Assess
    expect(text).toContain('非常重要 3，重要 7，一般 12，休眠 2');
    expect(html).toContain('alt="按客户等级的风险客户数：非常重要 3，重要 7，一般 12，休眠 2"');
    for (const part of [seen, text]) {
      const order = ['已流失', '订货周期异常', '销售额暴跌', '超期未拜访'].map((title) =>
        part.indexOf(title, part.indexOf('按信号的风险客户')),
      );
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    }
    expect(text).toContain('- 订货周期异常：11（45.8%）');
  });

  it('compares churn per tier with the previous period, in a table and a two-bar chart', () => {
    // Act
    const { html, text, images } = renderWeeklyEmail(sampleWeekly());

    // Assess
    expect(text).toContain('- 重要：本期 6.7%（4/60），上期 5.2%（3/58），变化 +1.5 个百分点');
    expect(text).toContain('- 休眠：本期 —，上期 —，变化 —');
    expect(html).toContain('6.7%<br><span style="font-size:12px;color:#616e7c;">4/60</span>');
    expect(html).toContain('重要 本期 6.7%，上期 5.2%');
    // The "important" group: this period's bar in the accent colour, the previous one in grey, near the baseline.
    const chart = PNG.sync.read(
      images.find((image) => image.fileName === 'churn-by-tier.png')?.png ?? Buffer.alloc(0),
    );
    const group = (chart.width - 2 * Math.round(chart.width * 0.02)) / 4;
    const left = Math.round(chart.width * 0.02) + group;
    const nearBaseline = chart.height - Math.round(chart.height * 0.04) - 4;
    expect(pixel(chart, Math.round(left + group * 0.3), nearBaseline)).toBe(COLORS.accent);
    expect(pixel(chart, Math.round(left + group * 0.7), nearBaseline)).toBe('#a9b4c2');
  });

  it('shows how often warnings were followed by an order, per tier and rep, and around the last change', () => {
    // Act
    const zh = renderWeeklyEmail(sampleWeekly());
    const en = renderWeeklyEmail(sampleWeekly('en'));

    // Assess: the fixture's team warned 25 customers in the window and 10 ordered again in time
    expect(zh.text).toContain('预警后恢复率（2026-09-22 至 2026-10-21 的预警，30 天内重新下单且不再有风险）');
    expect(zh.text).toContain('- 团队：40.0%（25 次预警中 10 位已恢复）');
    expect(zh.text).toContain('- 张三：37.5%（8 次预警中 3 位已恢复）');
    // A tier or rep without warnings in the window gets no row rather than a row of dashes.
    expect(zh.text).not.toContain('- 休眠：—');
    expect(zh.text).toContain(
      '配置 v7（2026-09-01 起）之前：25.0%（20 次预警中 5 位已恢复）；之后：44.4%（18 次预警中 8 位已恢复）。',
    );
    expect(visibleText(zh.html)).toContain('团队251040.0%\n非常重要3266.7%');
    expect(en.text).toContain('- Team: 40.0% (10 of 25 warned recovered)');
  });

  it('shows active customers and average order value by month against the baseline', () => {
    // Act
    const { html, text } = renderWeeklyEmail(sampleWeekly());
    const seen = visibleText(html);

    // Assess
    for (const part of [seen, text]) {
      // The baseline is a mean (166.3 here), shown as a whole number of customers.
      expect(part).toContain('2026-10 活跃客户 152 位，前 3 个月平均 166 位（-8.6%）。');
      expect(part).toContain('2026-10 客单价 ¥95.00，前 3 个月平均 ¥97.00（-2.1%）。');
    }
    expect(text).toContain('每月活跃客户数：2026-06 176，2026-07 171');
    expect(text).toContain('2026-11（未完） 120');
    // Under both charts, each of which has the light bar.
    expect(seen.split('浅色柱为本月（尚未结束）。')).toHaveLength(3);
    // The six most recent months, not the oldest one.
    expect(text).not.toContain('2026-05');
  });

  it('says so instead of drawing empty charts when there is no monthly history', () => {
    // Prepare
    const summary = sampleWeekly();
    summary.activity = { ...summary.activity, months: [] };
    const noLatest = sampleWeekly('en');
    noLatest.activity = { ...noLatest.activity, months: [], latest: null };

    // Act
    const email = renderWeeklyEmail(summary);
    const english = renderWeeklyEmail(noLatest);
    const seen = visibleText(email.html);

    // Assess
    expect(email.images.map((image) => image.fileName)).toEqual(['at-risk-by-tier.png', 'churn-by-tier.png']);
    for (const part of [seen, email.text]) {
      expect(part).toContain('暂无足够的月度数据。');
      // No label with nothing after it, no note about a bar that is not there.
      expect(part).not.toContain('每月活跃客户数');
      expect(part).not.toContain('每月客单价');
      expect(part).not.toContain('浅色柱');
      // The comparison of the last complete month still says what it can.
      expect(part).toContain('2026-10 活跃客户 152 位，前 3 个月平均 166 位（-8.6%）。');
    }
    expect(english.text).toContain('Not enough monthly history yet.');
    expect(english.text).not.toContain('No complete month of data yet.');
    expect(english.text).not.toContain('Active customers per month');
    expect(english.images).toHaveLength(2);
  });

  it('lists each rep and the customers with the most money at risk with their rep', () => {
    // Act
    const { html, text } = renderWeeklyEmail(sampleWeekly());
    const seen = visibleText(html);

    // Assess
    expect(text).toContain('- 张三：有风险 14，新增 4，恢复 1，拜访 9，风险金额 ¥63,000');
    expect(seen).toContain('¥63,000');
    // A rep with customers at risk and no visit all week stands out.
    expect(html).toContain(`<strong style="color:${COLORS.danger};">0</strong>`);
    expect(text).toContain('1. 华联超市（人民路店） · 编号 C001 · 非常重要 · ¥48,000');
    // The risk in percent; the signals as the rep's digest lists them, the model last.
    expect(text).toContain('   业务员 张三 · 流失风险 72% · 今天新增 · 订货周期异常、销售额暴跌、模型评估');
    expect(text).toContain('   业务员 ' + HOSTILE_NAME + ' · 流失风险 99% · 已持续 14 天 · 已流失');
    expect(text).toContain('未分配业务员');
    expect(seen.indexOf('华联超市（人民路店）')).toBeLessThan(seen.indexOf('永辉超市'));
    // Each detail and each signal name is a unit a line breaks between, never inside (not `销` / `售额暴跌`);
    // the signals have their own line.
    const unit = (inner: string) => `<span style="display:inline-block;">${inner}</span>`;
    expect(html).toContain(
      `<div style="color:#616e7c;">${unit('业务员 张三&nbsp;·')} ${unit('流失风险 72%&nbsp;·')} ${unit('今天新增')}</div>` +
        `<div style="color:#616e7c;">${unit('订货周期异常、')}${unit('销售额暴跌、')}${unit('模型评估')}</div>`,
    );
    expect(html).toContain(unit('已持续 <span style="white-space:nowrap">14 天</span>'));
  });

  it('escapes rep and customer names in HTML and keeps them in the text', () => {
    // Act
    const { html, text, subject } = renderWeeklyEmail(sampleWeekly('zh-CN', { teamName: HOSTILE_NAME }));

    // Assess
    expect(html).not.toContain('<script>');
    expect(html).toContain(`团队周报：${ESCAPED_HOSTILE}`);
    expect(html.split(ESCAPED_HOSTILE).length - 1).toBeGreaterThanOrEqual(5);
    expect(text).toContain(`- ${HOSTILE_NAME}：有风险 10`);
    expect(text).toContain(`3. ${HOSTILE_NAME} · 编号 C777`);
    expect(subject).toContain(HOSTILE_NAME);
  });

  it('attaches every chart as an inline PNG referenced by cid, with alt text and its display size', () => {
    // Act
    const { html, images } = renderWeeklyEmail(sampleWeekly());

    // Assess
    expect(images.map((image) => image.fileName)).toEqual([
      'at-risk-by-tier.png',
      'churn-by-tier.png',
      'active-customers.png',
      'average-order-value.png',
    ]);
    const tags = [...html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    expect(tags).toHaveLength(images.length);
    for (const image of images) {
      const tag = tags.find((t) => t.includes(`src="cid:${image.contentId}"`));
      expect(tag).toMatch(/ width="552" height="160" alt="[^"]+"/);
      const png = PNG.sync.read(image.png);
      expect([png.width, png.height]).toEqual([1104, 320]);
      expect(image.png.length).toBeLessThan(20 * 1024);
    }
    expect(new Set(images.map((image) => image.contentId)).size).toBe(images.length);
  });

  it('is email-safe: no scripts, styles or external resources, nothing wider than 600 px', () => {
    // Act
    const { html, text } = renderWeeklyEmail(sampleWeekly());

    // Assess
    expect(html).not.toMatch(/<style|<link|<script/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*"(?!cid:)/i);
    const widths = [...html.matchAll(/(?:\bwidth="|max-width:)(\d+)/g)].map((m) => Number(m[1]));
    expect(Math.max(...widths)).toBeLessThanOrEqual(600);
    expect(text).not.toMatch(/<(?:div|table|td|img|strong)\b/);
  });

  it('writes English for an en manager', () => {
    // Act
    const email = renderWeeklyEmail(sampleWeekly('en'));
    const seen = visibleText(email.html);

    // Assess
    expect(email.subject).toBe(
      'Weekly summary: 华东一区 (2026-11-14 to 2026-11-20): 24 customers at risk, 7 new, 3 recovered',
    );
    expect(email.html).toContain('<html lang="en">');
    for (const part of [seen, email.text]) {
      expect(part).toContain('At risk by tier');
      expect(part).toContain(
        '2026-10: 152 active customers vs 166 on average over the 3 months before (-8.6%).',
      );
      expect(part).toContain('2 escalations sent to you this week');
      expect(part).toContain('no rep assigned');
      for (const zh of ['团队周报', '有风险', '业务员', '本期', '流失率']) expect(part).not.toContain(zh);
    }
    expect(email.text).toContain('VIP 3, Important 7, General 12, Dormant 2');
    expect(email.html).toContain(
      'alt="At-risk customers by tier: VIP 3, Important 7, General 12, Dormant 2"',
    );
    expect(email.text).toContain('- Important: 6.7% (4/60) now, 5.2% (3/58) before, change +1.5 pts');
  });

  it('copes with a quiet week: no signals, no customers at risk, no baseline yet', () => {
    // Prepare
    const summary = sampleWeekly('zh-CN', {
      atRiskBySignal: {},
      atRiskByTier: { vip: 0, important: 0, general: 0, dormant: 0 },
      atRiskNow: 0,
      largestAtRisk: [],
      escalationsThisWeek: 0,
      configVersion: undefined,
    });
    summary.activity = {
      ...summary.activity,
      baseline: { months: 0, activeCustomers: 0, averageOrderValue: null },
    };

    // Act
    const { text, images } = renderWeeklyEmail(summary);

    // Assess
    expect(text).toContain('本周没有客户触发流失信号。');
    expect(text).toContain('目前没有客户有流失风险。');
    expect(text).toContain('本周没有升级提醒。');
    expect(text).toContain('（还没有可比较的基准月份）');
    expect(text).not.toContain('配置版本');
    expect(images).toHaveLength(4);
  });
});
