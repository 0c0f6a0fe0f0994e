import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  effectiveRetentionDays,
  parseConfig,
  ruleParamsFor,
} from '../../functions/core/config.ts';
import type { Locale } from '../../functions/core/locale.ts';
import { describeFieldIssue } from '../../functions/text/problems.ts';

/** The settings parsed, each refusal worded as an admin reads it (the domain gives codes; the text layer words them). */
function parseWorded(overrides: unknown, locale: Locale = 'zh-CN') {
  const result = parseConfig(overrides);
  return result.ok
    ? result
    : { ok: false as const, issues: result.issues.map((issue) => describeFieldIssue(issue, locale)) };
}

describe('config', () => {
  it('has the documented defaults (docs/rules-and-risk.md)', () => {
    expect(DEFAULT_CONFIG.rules.inactive.days).toBe(30);
    expect(DEFAULT_CONFIG.rules.churned.cycles).toBe(2);
    expect(DEFAULT_CONFIG.rules.cycle_overdue.cycles).toBe(1.5);
    expect(DEFAULT_CONFIG.rules.sales_drop).toMatchObject({ windowDays: 30, dropPct: 50 });
    expect(DEFAULT_CONFIG.rules.sustained_decline.months).toBe(2);
    expect(DEFAULT_CONFIG.timeZone).toBe('Asia/Shanghai');
    expect(parseWorded({})).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it('merges a partial document over the defaults, per tier', () => {
    const result = parseWorded({ rules: { inactive: { tiers: { vip: { days: 14 } } } } });
    if (!result.ok) throw new Error('expected a valid config');
    expect(ruleParamsFor(result.config, 'inactive', 'vip').days).toBe(14);
    expect(ruleParamsFor(result.config, 'inactive', 'general').days).toBe(30);
    expect(ruleParamsFor(result.config, 'visit_overdue', 'dormant').enabled).toBe(false);
  });

  it('names the key and the allowed range of a bad value, in Chinese and English', () => {
    expect(parseWorded({ rules: { inactive: { days: 0 } } })).toEqual({
      ok: false,
      issues: [{ field: 'rules.inactive.days', message: '应不小于 1' }],
    });
    expect(parseWorded({ rules: { sales_drop: { dropPct: 150 } } }, 'en')).toEqual({
      ok: false,
      issues: [{ field: 'rules.sales_drop.dropPct', message: 'must be at most 100' }],
    });
  });

  it("checks the admin's follow-up settings: known actions, no repeats, a reason list that is not empty", () => {
    expect(parseWorded({ followUp: { reasons: ['季节性', '季节性'] } })).toEqual({
      ok: false,
      issues: [{ field: 'followUp.reasons', message: '同一个原因不能列两次' }],
    });
    expect(parseWorded({ followUp: { actions: ['called', 'called'] } }, 'en')).toEqual({
      ok: false,
      issues: [{ field: 'followUp.actions', message: 'lists the same answer twice' }],
    });
    expect(parseWorded({ followUp: { actions: ['waved'] } }, 'en')).toMatchObject({
      ok: false,
      issues: [{ field: 'followUp.actions.0', message: expect.stringContaining('"waved" is not allowed') }],
    });
    expect(parseWorded({ followUp: { reasons: [] } }, 'en')).toMatchObject({
      ok: false,
      issues: [{ field: 'followUp.reasons', message: 'needs at least 1 entries' }],
    });
    const own = parseWorded({
      followUp: { actions: ['visited', 'not_real'], reasons: ['门店装修', 'seasonal'] },
    });
    expect(own.ok && own.config.followUp).toMatchObject({ actions: ['visited', 'not_real'] });
  });

  it('refuses unknown keys, wrong types, bad zones and contradictions', () => {
    const typo = parseWorded({ rules: { inactve: { days: 10 } } }, 'en');
    expect(typo).toEqual({
      ok: false,
      issues: [{ field: 'rules.inactve', message: 'is not a known setting' }],
    });
    const wrongType = parseWorded({ rules: { inactive: { days: '30' } } }, 'en');
    expect(wrongType.ok || wrongType.issues[0]?.message).toBe('must be a number');
    const zone = parseWorded({ timeZone: 'Beijing' }, 'en');
    expect(zone.ok || zone.issues[0]?.field).toBe('timeZone');
    const order = parseWorded({ rules: { cycle_overdue: { cycles: 2.5 } } }, 'en');
    expect(order.ok || order.issues[0]?.message).toMatch(/below rules.churned.cycles/);
  });

  it('refuses settings that contradict each other, per tier too', () => {
    const tierOrder = parseWorded({ rules: { cycle_overdue: { tiers: { vip: { cycles: 3 } } } } }, 'en');
    expect(tierOrder.ok || tierOrder.issues[0]).toMatchObject({
      field: 'rules.cycle_overdue.tiers.vip.cycles',
    });
    const history = parseWorded({ tiers: { trailingDays: 730 } }, 'en');
    expect(history.ok || history.issues[0]).toMatchObject({
      field: 'tiers.trailingDays',
      message: 'must not exceed profile.retentionDays (540): profiles keep only that much history',
    });
    expect(parseWorded({ tiers: { trailingDays: 730 }, profile: { retentionDays: 800 } }).ok).toBe(true);
  });

  it('checks the schedule and the digest settings, naming the key', () => {
    const time = parseWorded({ schedule: { dailyTime: '7:30' } }, 'zh-CN');
    expect(time.ok || time.issues[0]).toMatchObject({
      field: 'schedule.dailyTime',
      message: expect.stringContaining('HH:MM'),
    });
    const weekday = parseWorded({ schedule: { weeklyDay: 'MONDAY' } }, 'en');
    expect(weekday.ok || weekday.issues[0]?.field).toBe('schedule.weeklyDay');
    const repeat = parseWorded({ digest: { repeatIntervalDays: 0 } }, 'en');
    expect(repeat.ok || repeat.issues[0]?.field).toBe('digest.repeatIntervalDays');
    const period = parseWorded({ weekly: { churnPeriodDays: 280 } }, 'en');
    expect(period.ok || period.issues[0]).toMatchObject({
      field: 'weekly.churnPeriodDays',
      message: expect.stringContaining('the summary compares this period with the one before'),
    });
    expect(parseWorded({ schedule: { dailyTime: '23:59', weeklyDay: 'SUN' } }).ok).toBe(true);
    const channels = parseWorded({ channels: { enabled: ['email'] } }, 'en');
    expect(channels.ok || channels.issues[0]).toMatchObject({
      field: 'channels.preferred',
      message: 'must be one of the enabled channels (channels.enabled: email)',
    });
  });

  it('has the risk model on by default, and profiles keep the history it learns from whatever the setting', () => {
    expect(parseWorded({}).ok && DEFAULT_CONFIG.riskModel).toEqual({ enabled: true, horizonDays: 90 });
    // Training reads the horizon, one more 28-day step and a year of features: 483 days at 90.
    expect(effectiveRetentionDays(DEFAULT_CONFIG)).toBe(540);
    const shorter = parseWorded({ profile: { retentionDays: 450 } });
    expect(shorter.ok && effectiveRetentionDays(shorter.config)).toBe(483);
    // A longer horizon needs no retention change: profiles keep what training then reads.
    const longer = parseWorded({ riskModel: { horizonDays: 180 } });
    expect(longer.ok && effectiveRetentionDays(longer.config)).toBe(573);
    const off = parseWorded({ riskModel: { enabled: false }, profile: { retentionDays: 400 } });
    expect(off.ok && effectiveRetentionDays(off.config)).toBe(400);
    expect(parseWorded({ riskModel: { horizonDays: 7 } }, 'en').ok).toBe(false);
  });
});
