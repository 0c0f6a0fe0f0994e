import { describe, expect, it } from 'vitest';
import { describeLearned, suggestedAction } from '../../functions/text/explain.ts';
import { learnedVerdict as verdict } from '../core/helpers.ts';

describe('describeLearned', () => {
  it("puts the risk against the distributor's own line, then the facts behind it", () => {
    expect(describeLearned(verdict(), 'zh-CN')).toBe(
      '流失风险 72%（预警线 41%）：已 45 天未下单（平时约 14 天一单）；近 90 天销售额 ¥1,200.00，前 90 天 ¥3,600.50',
    );
    expect(describeLearned(verdict(), 'en')).toBe(
      "Risk of lapsing 72% (this distributor's line: 41%): no order for 45 days (usually every 14 days); sales ¥1,200.00 in the last 90 days vs ¥3,600.50 before",
    );
  });

  it('never says 100%, and says plainly when nothing was bought in either window', () => {
    const text = describeLearned(
      verdict({
        risk: 0.9996,
        reasons: [{ kind: 'fewer_purchase_days', windowDays: 90, recentDays: 0, previousDays: 0 }],
      }),
      'zh-CN',
    );
    expect(text).toBe('流失风险 99%（预警线 41%）：近 180 天没有下单');
  });

  it("gives BG/NBD's reason without claiming a silence, which a customer who ordered yesterday would not have", () => {
    const unlikely = verdict({
      reasons: [{ kind: 'unlikely_to_buy', pAlive: 0.2, expectedPurchases: 0.1 }],
    });
    expect(describeLearned(unlikely, 'zh-CN')).toBe(
      '流失风险 72%（预警线 41%）：按以往的购买规律，近期再下单的可能性低',
    );
    expect(describeLearned(unlikely, 'en')).toBe(
      "Risk of lapsing 72% (this distributor's line: 41%): by its past buying pattern, another order soon is unlikely",
    );
  });

  it('says why a customer below the line is still listed', () => {
    expect(describeLearned(verdict({ risk: 0.38, reasons: [], held: true }), 'zh-CN')).toBe(
      '流失风险 38%（预警线 41%；已低于预警线，但还没有明显回落，继续跟进）',
    );
  });

  it('suggests what the strongest reason calls for when no rule fired', () => {
    expect(suggestedAction([], 'zh-CN', verdict())).toBe('电话或上门确认补货需求');
    expect(
      suggestedAction([], 'en', verdict({ reasons: [{ kind: 'new_customer', customerAgeDays: 40 }] })),
    ).toBe('Call the new customer and ask how it went');
    expect(suggestedAction([], 'en')).toBe('Keep in touch');
  });
});
