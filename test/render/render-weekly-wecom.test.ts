import { describe, expect, it } from 'vitest';
import { renderWeeklyEmail } from '../../functions/render/render-weekly-email.ts';
import { renderWeeklyWecom } from '../../functions/render/render-weekly-wecom.ts';
import { utf8Bytes } from '../../functions/render/wecom-markdown.ts';
import { sampleRepRow, sampleWeeklySummary } from './fixtures.ts';

describe('renderWeeklyWecom', () => {
  it('writes the Chinese team summary as lists: tiers, signals, churn, activity, reps, largest at risk', () => {
    // Act
    const parts = renderWeeklyWecom(sampleWeeklySummary());

    // Assess
    expect(parts).toHaveLength(1);
    const [message = ''] = parts;
    const lines = message.split('\n');
    expect(lines[0]).toBe('## 周报 · 华东一组 · 2026-11-14 至 2026-11-20');
    expect(lines[1]).toBe(
      '<@wangjl> 有风险客户 <font color="warning">33</font> 位（上周 29，+4） · 本周新增 <font color="warning">8</font> · 恢复 <font color="info">4</font> · 升级提醒 <font color="warning">2</font> 次',
    );
    expect(message).toContain('### 有风险客户 · 按等级\n- 非常重要：3\n- 重要：9\n- 一般：17\n- 休眠：4');
    // Signals, most frequent first.
    expect(message).toContain(
      // In the fixed order every list of signals uses, not by count.
      '### 有风险客户 · 按信号\n- 订货周期异常：11\n- 销售额暴跌：14\n- 投诉增多：2\n- 超期未拜访：20',
    );
    expect(message).toContain('### 流失率（近 30 天 vs 前 30 天）');
    expect(message).toContain('- 重要：4.2% <font color="comment">5/120</font>（前期 2.5%）');
    expect(message).toContain('- 休眠：—（前期 —）');
    expect(message).toContain('<font color="comment">2026-10，对比此前 3 个月平均</font>');
    expect(message).toContain('- 活跃客户：352（基准 371，-5.2%）');
    expect(message).toContain('- 客单价：¥1,232.07（基准 ¥1,189.50，+3.6%）');
    expect(message).toContain(
      '- **李娜**：有风险 9 · 本周新增 2 · 本周恢复 1 · 恢复率 40.0% · 拜访 25 次 · 风险金额 ¥43,210',
    );
    // Recovery after a warning: the team, each tier with warnings, and before/after the last change.
    expect(message).toContain(
      '### 预警后恢复率（2026-09-22 至 2026-10-21 的预警，30 天内重新下单且不再有风险）\n' +
        '- 团队：40.0%（25 次预警中 10 位已恢复）\n' +
        '- 非常重要：66.7%（3 次预警中 2 位已恢复）',
    );
    expect(message).not.toContain('- 休眠：—（没有预警）');
    expect(message).toContain(
      '- 配置 v7（2026-09-01 起）之前：25.0%（20 次预警中 5 位已恢复）；之后：44.4%（18 次预警中 8 位已恢复）。',
    );
    expect(message).toContain('- **R03**：有风险 12');
    expect(message).toContain(
      '1. **张记便利店**（非常重要） <font color="warning">¥24,500</font> 流失风险 72% <font color="comment">业务员 张伟</font>',
    );
    expect(message).toContain(
      '3. **C090**（一般） <font color="warning">¥12,001</font> 流失风险 72% <font color="comment">未分配业务员</font>',
    );
    expect(lines.at(-1)).toBe('<font color="comment">配置版本 v7 · churn-watch</font>');
    expect(message).not.toMatch(/^\|/m);
  });

  it('counts, after the rules, the customers the learned risk flagged with no rule, in both channels', () => {
    // Prepare
    const summary = sampleWeeklySummary({ atRiskByModelOnly: 5 });

    // Act
    const [wecom = ''] = renderWeeklyWecom(summary);
    const [english = ''] = renderWeeklyWecom({
      ...summary,
      recipient: { ...summary.recipient, locale: 'en' },
    });
    const email = renderWeeklyEmail(summary).text;

    // Assess
    expect(wecom).toContain('- 超期未拜访：20\n- 模型评估（无规则信号）：5');
    expect(english).toContain('- Visit overdue: 20\n- Learned risk only (no rule fired): 5');
    expect(email).toContain('- 模型评估（无规则信号）：5（15.2%）');
    expect(renderWeeklyWecom(sampleWeeklySummary())[0]).not.toContain('无规则信号');
  });

  it('gives the same figures as the email: churn rates, the baseline month and the money at risk', () => {
    // Prepare: a manager may read the WeCom summary on the phone and the email at the desk
    const summary = sampleWeeklySummary();

    // Act
    const wecom = renderWeeklyWecom(summary).join('\n');
    const email = renderWeeklyEmail(summary).text;

    // Assess: one way of writing each figure, whichever channel shows it
    for (const figure of ['本期 2.5%', '371 位', '¥24,500', '¥12,001', '¥87,654']) {
      expect(email).toContain(figure);
    }
    expect(wecom).toContain('- 非常重要：2.5% <font color="comment">1/40</font>（前期 0%）');
    expect(wecom).toContain('（基准 371，');
    expect(wecom).toContain('<font color="warning">¥24,500</font>');
    expect(wecom).toContain('<font color="warning">¥12,001</font>');
    expect(wecom).toContain('风险金额 ¥87,654\n');
  });

  it('counts one visit as "1 visit" in English, as the email does', () => {
    // Prepare
    const summary = sampleWeeklySummary({
      recipient: { repId: 'M01', name: 'Wang', locale: 'en', wecomUserid: 'wangjl' },
      reps: [sampleRepRow({ visitsLogged: 1 })],
    });

    // Act
    const [message = ''] = renderWeeklyWecom(summary);

    // Assess
    expect(message).toContain('recovery 40.0% · 1 visit · ¥87,654 at risk');
    expect(renderWeeklyEmail(summary).text).toContain(', 1 visit, ');
  });

  it('writes the summary in English for an English-speaking manager', () => {
    // Act
    const [message = ''] = renderWeeklyWecom(
      sampleWeeklySummary({ recipient: { repId: 'M01', name: 'Wang', locale: 'en', wecomUserid: 'wangjl' } }),
    );

    // Assess
    expect(message.split('\n')[0]).toBe('## Weekly summary · 华东一组 · 2026-11-14 to 2026-11-20');
    expect(message).toContain('<font color="warning">33</font> at risk (last week 29, +4)');
    expect(message).toContain('escalations <font color="warning">2</font>');
    expect(message).toContain('### At risk by tier\n- VIP: 3');
    expect(message).toContain('- Visit overdue: 20');
    expect(message).toContain('### Churn rate (last 30 days vs the 30 before)');
    expect(message).toContain('- VIP: 2.5% <font color="comment">1/40</font> (before 0%)');
    expect(message).toContain('- Average order value: ¥1,232.07 (baseline ¥1,189.50, +3.6%)');
    expect(message).toContain(
      '- **张伟**: at risk 12 · new this week 3 · recovered this week 2 · recovery 40.0% · 18 visits · ¥87,654 at risk',
    );
    expect(message).toContain(
      '### Recovery after a warning (warnings 2026-09-22 to 2026-10-21, ordering again and no longer at risk within 30 days)\n' +
        '- Team: 40.0% (10 of 25 warned recovered)',
    );
    expect(message).toContain('Config v7 (from 2026-09-01): before 25.0% (5 of 20 warned recovered)');
    expect(message).toContain(
      '¥19,800</font> 72% likely to stop ordering <font color="comment">rep 李娜</font>',
    );
    expect(message).toContain('Config version v7');
  });

  it('shows "—" where there is no baseline or no complete month, and "none" for empty lists', () => {
    // Prepare
    const summary = sampleWeeklySummary({
      atRiskBySignal: {},
      largestAtRisk: [],
      activity: {
        months: [],
        latest: null,
        baseline: { months: 0, activeCustomers: 0, averageOrderValue: null },
        activeCustomersChangePct: null,
        averageOrderValueChangePct: null,
      },
    });

    // Act
    const [message = ''] = renderWeeklyWecom(summary);

    // Assess
    expect(message).toContain('### 有风险客户 · 按信号\n- 无');
    expect(message).toContain('### 活跃客户与客单价\n- 还没有完整月份的数据');
    expect(message).toContain('### 风险金额最高的客户\n- 无');
  });

  it('escapes team, rep and customer names so none can mention, link or colour', () => {
    // Prepare
    const summary = sampleWeeklySummary({
      teamName: '<@all> 团队',
      reps: [sampleRepRow({ name: '**[老板](http://evil)**' })],
    });

    // Act
    const [message = ''] = renderWeeklyWecom(summary);

    // Assess
    expect(message).toContain('＜@all＞ 团队');
    expect(message).toContain('- **＊＊［老板］(http：//evil)＊＊**');
    expect(message.match(/<@/g)).toEqual(['<@']);
  });

  it('splits a large team into parts of at most 4096 bytes with the reps heading repeated', () => {
    // Prepare
    const reps = Array.from({ length: 80 }, (_, i) =>
      sampleRepRow({ repId: `R${i}`, name: `业务员${i + 1}号（华东片区）`, moneyAtRisk: 1_000_000 + i }),
    );

    // Act
    const parts = renderWeeklyWecom(sampleWeeklySummary({ reps }));

    // Assess
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(utf8Bytes(part)).toBeLessThanOrEqual(4096);
    expect(parts[1]?.split('\n')[0]).toBe(
      `## 周报 · 华东一组 · 2026-11-14 至 2026-11-20（续 2/${parts.length}）`,
    );
    expect(parts[1]?.split('\n')[1]).toBe('### 业务员（续）');
    expect(parts.filter((part) => part.includes('<@wangjl>'))).toHaveLength(1);
    const repLines = parts.join('\n').match(/^- \*\*业务员\d+号/gm);
    expect(repLines).toHaveLength(80);
  });
});
