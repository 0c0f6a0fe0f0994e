import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { COLORS } from '../../functions/render/html.ts';
import { renderWeeklyEmail } from '../../functions/render/render-weekly-email.ts';
import { HOSTILE_NAME, sampleTrend, sampleWeekly, visibleText } from './email-fixtures.ts';

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
    // The change is that of the percentages shown: 4.7% against 3.8% is +0.9, never the unrounded +0.8.
    const rounded = renderWeeklyEmail(
      sampleWeekly('zh-CN', {
        churnThisPeriod: {
          ...sampleWeekly().churnThisPeriod,
          general: { base: 150, churned: 7, rate: 7 / 150 },
        },
        churnPreviousPeriod: {
          ...sampleWeekly().churnPreviousPeriod,
          general: { base: 130, churned: 5, rate: 5 / 130 },
        },
      }),
    );
    expect(rounded.text).toContain('- 一般：本期 4.7%（7/150），上期 3.8%（5/130），变化 +0.9 个百分点');
    expect(html).toContain('6.7%<br><span style="font-size:12px;color:#616e7c;">4/60</span>');
    expect(html).toContain('重要 本期 6.7%，上期 5.2%');
    // Just above the baseline, left to right: VIP this period (none churned before, so no grey bar), then
    // this period in the accent colour and the previous one in grey for "important" and "general"; dormant
    // has no rate and no bar.
    const chart = PNG.sync.read(
      images.find((image) => image.fileName === 'churn-by-tier.png')?.png ?? Buffer.alloc(0),
    );
    expect(barsAboveBaseline(chart)).toEqual([
      COLORS.accent,
      COLORS.accent,
      '#a9b4c2',
      COLORS.accent,
      '#a9b4c2',
    ]);
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
    expect(email.images.map((image) => image.fileName)).toEqual([
      'trend-at-risk.png',
      'trend-money-at-risk.png',
      'at-risk-by-tier.png',
      'churn-by-tier.png',
    ]);
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
    expect(english.images).toHaveLength(4);
  });

  it('lists each rep and the customers with the most money at risk with their rep', () => {
    // Act
    const { html, text } = renderWeeklyEmail(sampleWeekly());
    const seen = visibleText(html);

    // Assess
    expect(text).toContain('- 张三：有风险 14，本周新增 4，本周恢复 1，拜访 9，风险金额 ¥63,000');
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
      'trend-at-risk.png',
      'trend-money-at-risk.png',
      'at-risk-by-tier.png',
      'churn-by-tier.png',
      'active-customers.png',
      'average-order-value.png',
    ]);
    const tags = [...html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    expect(tags).toHaveLength(images.length);
    for (const image of images) {
      const tag = tags.find((t) => t.includes(`src="cid:${image.contentId}"`));
      expect(tag).toMatch(/ width="552" height="220" alt="[^"]+"/);
      const png = PNG.sync.read(image.png);
      expect([png.width, png.height]).toEqual([1104, 440]);
      // Anti-aliased text costs bytes: about 30-45 KB a chart, against 10 KB for bars alone.
      expect(image.png.length).toBeLessThan(64 * 1024);
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
    expect(images).toHaveLength(6);
  });

  it('shows the last weeks of at-risk customers and money at risk as two charts and two text lines', () => {
    // Act
    const zh = renderWeeklyEmail(sampleWeekly());
    const en = renderWeeklyEmail(sampleWeekly('en'));

    // Assess
    expect(zh.text).toContain(
      '== 近 8 周趋势 ==\n每周末有风险客户数：2026-10-02 15，2026-10-09 17，2026-10-16 16，2026-10-23 19，2026-10-30 21，2026-11-06 20，2026-11-13 20，2026-11-20 24\n' +
        '每周末风险金额：2026-10-02 ¥52,000，',
    );
    expect(zh.text).toContain('2026-11-20 ¥84,000');
    expect(en.text).toContain(
      '== The last 8 weeks ==\nAt-risk customers at the end of each week: 2026-10-02 15, ',
    );
    // The picture carries the weeks and numbers; no HTML row repeats them out of line with the bars, and the
    // alt text holds them for clients that block images.
    const seen = visibleText(zh.html);
    expect(seen).not.toContain('10/0215');
    expect(zh.html).toContain('alt="每周末风险金额：2026-10-02 ¥52,000，');
    // Right after the headline numbers, before the tiers.
    expect(zh.text.indexOf('近 8 周趋势')).toBeLessThan(zh.text.indexOf('按客户等级的风险客户'));
    // The week with the most at risk has the tallest bar: 24 of a scale of 25.
    const chart = PNG.sync.read(zh.images[0]?.png ?? Buffer.alloc(0));
    expect(barsAboveBaseline(chart)).toEqual(Array(8).fill(COLORS.accent));
  });

  it('says the trend starts next week when there is one week, and shows nothing without a trend', () => {
    // Act
    const oneWeek = renderWeeklyEmail(sampleWeekly('zh-CN', { trend: sampleTrend().slice(-1) }));
    const oneWeekEn = renderWeeklyEmail(sampleWeekly('en', { trend: sampleTrend().slice(-1) }));
    const none = renderWeeklyEmail(sampleWeekly('zh-CN', { trend: undefined }));

    // Assess
    for (const part of [oneWeek.text, visibleText(oneWeek.html)]) {
      expect(part).toContain('趋势图从下周开始显示：届时有两周的数据可以比较。');
    }
    expect(oneWeekEn.text).toContain(
      'The trend chart starts next week, when there are two weeks to compare.',
    );
    for (const email of [oneWeek, none]) {
      expect(email.images.map((image) => image.fileName)).not.toContain('trend-at-risk.png');
    }
    expect(none.text).not.toContain('趋势');
  });

  it('draws the title, scale and labels of every chart into its picture', () => {
    // Act
    const { images } = renderWeeklyEmail(sampleWeekly());

    // Assess: text-coloured pixels in the title band (top eighth) and in the label band under the baseline.
    for (const image of images) {
      const png = PNG.sync.read(image.png);
      const dark = (y0: number, y1: number) => {
        let count = 0;
        for (let y = y0; y < y1; y++) {
          for (let x = 0; x < png.width; x++) if (pixel(png, x, y) === COLORS.text) count++;
        }
        return count;
      };
      expect(dark(0, png.height / 8), `${image.fileName} title`).toBeGreaterThan(200);
      expect(dark((png.height * 3) / 4, png.height), `${image.fileName} labels`).toBeGreaterThan(200);
    }
  });
});

/** The colours of the bars along the row just above the chart's baseline, one entry per bar, left to right. */
function barsAboveBaseline(png: PNG): string[] {
  const AXIS = '#7b8794';
  let baseline = png.height - 1;
  let most = 0;
  for (let y = 0; y < png.height; y++) {
    let count = 0;
    for (let x = 0; x < png.width; x++) if (pixel(png, x, y) === AXIS) count++;
    if (count > most) [most, baseline] = [count, y];
  }
  // From where the baseline starts: left of it are the scale's labels.
  let plotLeft = 0;
  while (plotLeft < png.width && pixel(png, plotLeft, baseline) !== AXIS) plotLeft++;
  const y = baseline - 4;
  const bars: string[] = [];
  let previous = '';
  for (let x = plotLeft; x < png.width; x++) {
    const color = pixel(png, x, y);
    if (color !== previous && color !== '#ffffff' && color !== '#e4e7eb') bars.push(color);
    previous = color;
  }
  return bars;
}
