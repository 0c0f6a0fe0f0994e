import { describe, expect, it } from 'vitest';
import type { AlertRecord, DigestSection } from '../../../functions/core/alerts.ts';
import type { Tier } from '../../../functions/core/config.ts';
import { buildRepDigest, outcomeKey } from '../../../functions/use-cases/notify/build-digest.ts';
import { renderDigestEmail } from '../../../functions/render/render-digest-email.ts';
import { renderDigestWecom } from '../../../functions/render/render-digest-wecom.ts';
import { sampleVerdict } from '../../render/fixtures.ts';

const DAY = '2026-11-20';

/** An open alert of rep R01 told today: `yuan` is the money at risk (expected loss) in whole yuan. */
function alert(
  customerId: string,
  options: { tier: Tier; yuan: number; section?: DigestSection; escalated?: boolean },
): AlertRecord {
  const section = options.section ?? (options.escalated ? 'still_at_risk' : 'new');
  return {
    customerId,
    day: DAY,
    before: null,
    state: {
      customerId,
      repId: 'R01',
      open: true,
      firstSeenDate: section === 'new' ? DAY : '2026-11-06',
      lastOrderAtStart: '2026-09-01',
      lastNotifiedDate: DAY,
      notifiedRules: ['inactive'],
      notifiedTier: options.tier,
      snoozeUntil: null,
      managerEscalatedDate: null,
      endedDate: null,
      endedReason: null,
      facts: {
        name: `店 ${customerId}`,
        tier: options.tier,
        risk: 0.5,
        moneyAtRisk: options.yuan * 100,
        lastPeriodSales: 10_000,
        periodDays: 30,
        lastOrderDate: '2026-09-01',
        daysSinceLastOrder: 80,
        lastVisitDate: null,
        daysSinceLastVisit: null,
        lastCouponDate: null,
        findings: [],
        learned: sampleVerdict({ risk: 0.5 }),
      },
    },
    outcome: {
      section,
      escalated: options.escalated ?? false,
      newRules: options.escalated ? ['sales_drop'] : [],
      escalateToManager: false,
    },
  };
}

const build = (entries: AlertRecord[], maxCustomers = 30) =>
  buildRepDigest({
    rep: { repId: 'R01', role: 'rep', name: '张三' },
    records: entries,
    entries,
    day: DAY,
    maxCustomers,
    defaultLocale: 'zh-CN',
  });

describe('buildRepDigest: who a rep reads first', () => {
  const entries = [
    alert('G1', { tier: 'general', yuan: 50_000 }),
    alert('D1', { tier: 'dormant', yuan: 1_000, escalated: true }),
    alert('I1', { tier: 'important', yuan: 20_000 }),
    alert('V1', { tier: 'vip', yuan: 5_000, section: 'still_at_risk' }),
    alert('G2', { tier: 'general', yuan: 30_000, section: 'still_at_risk' }),
  ];

  it('lists escalated customers first, then VIPs, then the rest by money at risk, new and reminded alike', () => {
    // Act
    const { digest } = build(entries);

    // Assess: an escalated dormant shop above a general one with fifty times the expected loss
    expect(digest.atRisk.map((customer) => customer.customerId)).toEqual(['D1', 'V1', 'G1', 'G2', 'I1']);
    expect(digest.atRisk.map((customer) => customer.isNew)).toEqual([false, false, true, false, true]);
    expect(digest.omitted).toBe(0);
  });

  it('shows that order to the rep in email and WeCom, in Chinese and English', () => {
    // Prepare
    const { digest } = build(entries);
    const en = { ...digest, recipient: { ...digest.recipient, locale: 'en' as const } };

    // Act
    const messages = [
      renderDigestEmail(digest).text,
      renderDigestWecom(digest).join('\n'),
      renderDigestEmail(en).text,
      renderDigestWecom(en).join('\n'),
    ];

    // Assess
    for (const message of messages) {
      const at = ['店 D1', '店 V1', '店 G1', '店 G2', '店 I1'].map((name) => message.indexOf(name));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    }
    expect(messages[0]).toContain('1. 店 D1 · 编号 D1 · 休眠 · 升级\n   流失风险 50% · ');
    expect(messages[2]).toContain(
      '1. 店 D1 · id D1 · Dormant · Escalated\n   50% likely to stop ordering · ',
    );
  });

  it('never cuts an escalation or a VIP to keep a customer with more money at risk', () => {
    // Prepare
    const many = [
      ...['G1', 'G2', 'G3'].map((id, i) => alert(id, { tier: 'general', yuan: 90_000 - i * 1_000 })),
      alert('V1', { tier: 'vip', yuan: 2_000 }),
      alert('D1', { tier: 'dormant', yuan: 100, escalated: true }),
    ];

    // Act
    const { digest, shownKeys, deferredKeys } = build(many, 2);
    const one = build(many, 1);

    // Assess
    expect(digest.atRisk.map((customer) => customer.customerId)).toEqual(['D1', 'V1']);
    expect(digest.omitted).toBe(3);
    expect(deferredKeys).toEqual(['G1', 'G2', 'G3'].map((id) => `${id}@${DAY}`));
    expect(shownKeys).toEqual([`D1@${DAY}`, `V1@${DAY}`]);
    expect(one.digest.atRisk.map((customer) => customer.customerId)).toEqual(['D1']);
    expect(one.deferredKeys).toContain(outcomeKey(many[3] as AlertRecord));
    const [message = ''] = renderDigestWecom(digest);
    expect(message).toContain('另有 3 位有风险的客户未在此列出');
  });
});
