import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, RULE_IDS, TIERS } from '../../functions/core/config.ts';
import { explainSetting, weekdayName } from '../../functions/text/config-explain.ts';
import { configLeaves } from '../../functions/core/config-keys.ts';

describe('explainSetting', () => {
  it('says what a threshold does with its value, in the admin words', () => {
    expect(explainSetting('rules.inactive.days', 30, 'zh-CN')).toBe('即将流失：连续 30 天没有下单');
    expect(explainSetting('rules.inactive.days', 21, 'en')).toBe('Inactive: no order for 21 days in a row');
    expect(explainSetting('schedule.dailyTime', '06:30', 'zh-CN')).toBe('每天 06:30 发送晨报');
    expect(explainSetting('tiers.vipShare', 0.05, 'zh-CN')).toBe('销售额排名前 5% 的客户为“非常重要”');
    expect(explainSetting('escalation.tiers', ['vip', 'important'], 'zh-CN')).toBe(
      '上报经理的客户等级：非常重要、重要',
    );
    expect(explainSetting('rules.low_p_alive.enabled', false, 'zh-CN')).toBe('复购可能性低：关闭');
  });

  it('names the tier of a per-tier override', () => {
    expect(explainSetting('rules.visit_overdue.tiers.vip.cadenceDays', 14, 'zh-CN')).toBe(
      '超期未拜访（非常重要客户）：超过 14 天没有拜访',
    );
    expect(explainSetting('rules.visit_overdue.tiers.vip.cadenceDays', 14, 'en')).toBe(
      'Visit overdue (VIP customers): no visit for more than 14 days',
    );
  });

  it('explains every setting and every per-tier override, in both languages', () => {
    const keys = configLeaves(DEFAULT_CONFIG).map(({ key, value }) => ({ key, value }));
    for (const rule of RULE_IDS) {
      const params = Object.entries(DEFAULT_CONFIG.rules[rule]).filter(([param]) => param !== 'tiers');
      for (const [param, value] of params) {
        for (const tier of TIERS) keys.push({ key: `rules.${rule}.tiers.${tier}.${param}`, value });
      }
    }
    const missing = keys.filter(
      ({ key, value }) =>
        explainSetting(key, value, 'zh-CN') === undefined || explainSetting(key, value, 'en') === undefined,
    );
    expect(missing).toEqual([]);
  });

  it('has nothing to say about a key that is not a setting', () => {
    expect(explainSetting('rules.inactve.days', 30, 'zh-CN')).toBeUndefined();
    expect(explainSetting('rules.inactive.dayz', 30, 'zh-CN')).toBeUndefined();
    expect(explainSetting('rules.inactive.tiers.gold.days', 30, 'zh-CN')).toBeUndefined();
    expect(explainSetting('schedule', {}, 'zh-CN')).toBeUndefined();
    expect(explainSetting('rules.inactive.days', null, 'zh-CN')).toBeUndefined();
  });
});

describe('weekdayName', () => {
  it('says the weekly summary day as people do (the npm start banner said "每周 MON")', () => {
    expect(weekdayName('MON', 'zh-CN')).toBe('周一');
    expect(weekdayName('SUN', 'en')).toBe('Sunday');
  });
});
