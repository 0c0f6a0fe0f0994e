import { describe, expect, it } from 'vitest';
import type { Finding } from '../../functions/core/findings.ts';
import {
  renderChannelBrokenEmail,
  renderEscalationEmail,
  renderEscalationWecom,
} from '../../functions/render/render-notices.ts';

const churned: Finding = {
  rule: 'churned',
  severity: 0.8,
  daysSinceLastOrder: 40,
  cycleDays: 7,
  cyclesMissed: 5.7,
  thresholdCycles: 2,
  lastOrderDate: '2026-10-11',
};

const notice = (name: string, locale: 'zh-CN' | 'en' = 'zh-CN') => ({
  locale,
  managerName: '吴刚',
  day: '2026-11-20',
  escalationDays: 7,
  customers: [
    {
      customerId: 'C01',
      name,
      tier: 'vip' as const,
      repId: 'R01',
      repName: '李娜',
      firstSeenDate: '2026-11-13',
      daysAtRisk: 7,
      lastVisitDate: null,
      moneyAtRisk: 1_234_500,
      findings: [churned],
    },
  ],
});

describe('manager notices', () => {
  it('says who, which rep, since when and how much is at risk, in Chinese and English', () => {
    // Act
    const zh = renderEscalationEmail(notice('大润发超市'));
    const en = renderEscalationEmail(notice('大润发超市', 'en'));
    // Assess
    expect(zh.subject).toContain('1 位重要客户有流失风险已超过 7 天');
    expect(zh.text).toContain('业务员 李娜 (R01)');
    expect(zh.text).toContain('¥12,345.00');
    expect(zh.text).toContain('已流失');
    expect(en.subject).toContain('1 important customer at risk for over 7 days');
  });

  it('names one silence status and the signals in the fixed order, as the digests do', () => {
    // Prepare: inactive and a complaint before the churned finding that describes the same silence
    const base = notice('大润发超市');
    const customer = base.customers[0] as (typeof base.customers)[number];
    const findings: Finding[] = [
      {
        rule: 'complaints_rising',
        severity: 0.9,
        windowDays: 30,
        complaints: 3,
        previousComplaints: 0,
        threshold: 2,
      },
      {
        rule: 'inactive',
        severity: 1,
        daysSinceLastOrder: 40,
        thresholdDays: 30,
        lastOrderDate: '2026-10-11',
      },
      churned,
    ];

    // Act
    const { text } = renderEscalationEmail({ ...base, customers: [{ ...customer, findings }] });

    // Assess
    expect(text).toContain('｜已流失、投诉增多');
    expect(text).not.toContain('即将流失');
  });

  it('escapes a hostile customer name in HTML and in WeCom markdown', () => {
    // Act
    const email = renderEscalationEmail(notice('<script>x</script> [链接](http://evil) <@all>'));
    const wecom = renderEscalationWecom(notice('<script>x</script> [链接](http://evil) <@all>')).join('\n');
    // Assess
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(wecom).not.toContain('<@all>');
    expect(wecom).not.toContain('](http');
  });

  it('tells the manager which rep lost their robot and whether email took over', () => {
    // Act
    const fellBack = renderChannelBrokenEmail({
      locale: 'zh-CN',
      day: '2026-11-20',
      repId: 'R02',
      repName: '郑浩',
      errcode: 93000,
      fellBackToEmail: true,
    });
    const lost = renderChannelBrokenEmail({
      locale: 'en',
      day: '2026-11-20',
      repId: 'R02',
      repName: null,
      errcode: 93004,
      fellBackToEmail: false,
    });
    // Assess
    expect(fellBack.subject).toContain('郑浩 (R02) 的企业微信机器人无法发送（93000）');
    expect(fellBack.text).toContain('已改用邮件发送');
    expect(lost.text).toContain('the robot was disabled');
    expect(lost.text).toContain('not delivered');
  });

  it("says a robot address that is not WeCom's is why, with no meaningless code 0", () => {
    const refused = renderChannelBrokenEmail({
      locale: 'zh-CN',
      day: '2026-11-20',
      repId: 'R02',
      repName: '郑浩',
      errcode: 0,
      fellBackToEmail: true,
    });
    expect(refused.subject).toBe('郑浩 (R02) 的企业微信机器人无法发送');
    expect(refused.text).toContain('机器人地址不是企业微信机器人的地址');
  });
});
