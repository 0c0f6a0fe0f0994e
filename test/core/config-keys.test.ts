import { describe, expect, it } from 'vitest';
import { type ChurnConfig, DEFAULT_CONFIG, parseConfig } from '../../functions/core/config.ts';
import {
  ConfigKeyError,
  configLeaves,
  diffConfigs,
  getAt,
  parseAssignment,
  setAt,
  settingsBeside,
} from '../../functions/core/config-keys.ts';
import { describeError } from '../../functions/text/errors.ts';
import { describeAllowed, describeChange } from '../../functions/text/settings.ts';

function configWith(overrides: Record<string, unknown>): ChurnConfig {
  const result = parseConfig(overrides);
  if (!result.ok) throw new Error(`test config invalid: ${JSON.stringify(result.issues)}`);
  return result.config;
}

describe('getAt', () => {
  it('reads a leaf, a section, and nothing for a missing or over-long key', () => {
    expect(getAt(DEFAULT_CONFIG, 'rules.inactive.days')).toBe(30);
    expect(getAt(DEFAULT_CONFIG, 'schedule')).toEqual({
      dailyTime: '07:30',
      weeklyDay: 'MON',
      weeklyTime: '08:00',
    });
    expect(getAt(DEFAULT_CONFIG, 'rules.visit_overdue.tiers.vip.cadenceDays')).toBe(14);
    expect(getAt(DEFAULT_CONFIG, 'rules.inactive.tiers.vip.days')).toBeUndefined();
    expect(getAt(DEFAULT_CONFIG, 'rules.inactive.days.more')).toBeUndefined();
    expect(getAt(DEFAULT_CONFIG, 'rules.inactve')).toBeUndefined();
  });

  it('does not reach into the object prototype', () => {
    expect(() => getAt(DEFAULT_CONFIG, '__proto__.polluted')).toThrow(ConfigKeyError);
    expect(getAt(DEFAULT_CONFIG, 'rules.toString')).toBeUndefined();
  });
});

describe('parseAssignment', () => {
  it('reads JSON values: numbers, booleans, lists, quoted text, null', () => {
    expect(parseAssignment('rules.inactive.days=21')).toEqual({ key: 'rules.inactive.days', value: 21 });
    expect(parseAssignment('rules.cycle_overdue.cycles=1.5').value).toBe(1.5);
    expect(parseAssignment('digest.allClear=true').value).toBe(true);
    expect(parseAssignment('escalation.tiers=["vip","important"]').value).toEqual(['vip', 'important']);
    expect(parseAssignment('locale="en"').value).toBe('en');
    expect(parseAssignment('rules.inactive.tiers.vip.days=null').value).toBeNull();
  });

  it('takes anything that is not JSON as plain text, so times and zones need no quotes', () => {
    expect(parseAssignment('timeZone=Asia/Shanghai')).toEqual({ key: 'timeZone', value: 'Asia/Shanghai' });
    expect(parseAssignment('schedule.dailyTime=06:30').value).toBe('06:30');
    // a leading zero is not JSON: kept as text, so "0730" is refused by validation rather than read as 730
    expect(parseAssignment('schedule.dailyTime=0730').value).toBe('0730');
    expect(parseAssignment('locale=').value).toBe('');
  });

  it('reads a list setting written with commas, as an admin types it', () => {
    expect(parseAssignment('escalation.tiers=vip,important').value).toEqual(['vip', 'important']);
    expect(parseAssignment('escalation.tiers=vip， important').value).toEqual(['vip', 'important']);
    expect(parseAssignment('channels.enabled=wecom').value).toEqual(['wecom']);
    expect(parseAssignment('escalation.tiers=').value).toEqual([]);
    // Not a list setting: the text stays text.
    expect(parseAssignment('timeZone=Asia/Shanghai,x').value).toBe('Asia/Shanghai,x');
  });

  it('splits at the first = only, and trims around it', () => {
    expect(parseAssignment(' rules.inactive.days = 21 ')).toEqual({ key: 'rules.inactive.days', value: 21 });
    expect(parseAssignment('timeZone=a=b').value).toBe('a=b');
  });

  it('refuses text without a key, and malformed keys, in both languages', () => {
    const noEquals = (() => {
      try {
        parseAssignment('rules.inactive.days');
      } catch (error) {
        return error as ConfigKeyError;
      }
    })();
    expect(noEquals).toBeInstanceOf(ConfigKeyError);
    expect(describeError(noEquals, 'zh-CN')).toContain('设置项=值');
    expect(describeError(noEquals, 'en')).toContain('KEY=VALUE');
    expect(() => parseAssignment('=21')).toThrow(ConfigKeyError);
    const malformed = (() => {
      try {
        parseAssignment('rules..days=21');
      } catch (error) {
        return error;
      }
    })();
    expect(describeError(malformed, 'en')).toMatch(/dotted path/);
    expect(() => parseAssignment('rules.inactive.=21')).toThrow(ConfigKeyError);
  });
});

describe('setAt', () => {
  it('returns a new document with the value, creating sections, leaving the input alone', () => {
    // Prepare
    const overrides = { rules: { inactive: { days: 21 } } };
    // Act
    const next = setAt(overrides, 'rules.inactive.tiers.vip.days', 14);
    // Assess
    expect(next).toEqual({ rules: { inactive: { days: 21, tiers: { vip: { days: 14 } } } } });
    expect(overrides).toEqual({ rules: { inactive: { days: 21 } } });
    expect(setAt({}, 'timeZone', 'Asia/Tokyo')).toEqual({ timeZone: 'Asia/Tokyo' });
  });

  it('replaces a whole list rather than merging it', () => {
    const next = setAt({ escalation: { tiers: ['vip', 'important'] } }, 'escalation.tiers', ['vip']);
    expect(next).toEqual({ escalation: { tiers: ['vip'] } });
  });

  it('removes a key with null, and the sections it leaves empty', () => {
    const overrides = { rules: { inactive: { days: 21, tiers: { vip: { days: 14 } } } } };
    expect(setAt(overrides, 'rules.inactive.tiers.vip.days', null)).toEqual({
      rules: { inactive: { days: 21 } },
    });
    expect(setAt({ rules: { inactive: { days: 21 } } }, 'rules.inactive.days', null)).toEqual({});
    expect(setAt({ timeZone: 'Asia/Tokyo' }, 'rules.inactive.days', null)).toEqual({
      timeZone: 'Asia/Tokyo',
    });
  });

  it('gives a document parseConfig accepts, with the value in effect', () => {
    const next = setAt(setAt({}, 'rules.inactive.days', 21), 'schedule.dailyTime', '06:30');
    const config = configWith(next);
    expect(config.rules.inactive.days).toBe(21);
    expect(config.schedule.dailyTime).toBe('06:30');
    expect(config.rules.churned.cycles).toBe(2);
  });
});

describe('configLeaves', () => {
  it('lists every setting once, lists as one value', () => {
    const leaves = configLeaves(DEFAULT_CONFIG);
    const keys = leaves.map((leaf) => leaf.key);
    expect(keys).toContain('rules.inactive.days');
    expect(keys).toContain('rules.visit_overdue.tiers.dormant.enabled');
    expect(leaves.find((leaf) => leaf.key === 'escalation.tiers')?.value).toEqual(['vip', 'important']);
    expect(new Set(keys).size).toBe(keys.length);
    for (const { key, value } of leaves) expect(getAt(DEFAULT_CONFIG, key)).toEqual(value);
  });
});

describe('diffConfigs', () => {
  it('is empty for equal configs', () => {
    expect(diffConfigs(DEFAULT_CONFIG, configWith({}))).toEqual([]);
  });

  it('lists each changed leaf with its dotted key', () => {
    // Prepare
    const after = configWith({
      rules: { inactive: { days: 21 } },
      schedule: { dailyTime: '06:30' },
      escalation: { tiers: ['vip'] },
    });
    // Act
    const changes = diffConfigs(DEFAULT_CONFIG, after);
    // Assess
    expect(changes).toEqual([
      { key: 'schedule.dailyTime', from: '07:30', to: '06:30' },
      { key: 'escalation.tiers', from: ['vip', 'important'], to: ['vip'] },
      { key: 'rules.inactive.days', from: 30, to: 21 },
    ]);
    expect(describeChange(changes[2] as (typeof changes)[number], 'en')).toBe('rules.inactive.days: 30 → 21');
  });

  it('lists a per-tier override that appears or disappears key by key, null where not set', () => {
    const withVip = configWith({ rules: { inactive: { tiers: { vip: { days: 14, enabled: false } } } } });
    expect(diffConfigs(DEFAULT_CONFIG, withVip)).toEqual([
      // in the schema's order, as get --format json prints them
      { key: 'rules.inactive.tiers.vip.enabled', from: null, to: false },
      { key: 'rules.inactive.tiers.vip.days', from: null, to: 14 },
    ]);
    const back = diffConfigs(withVip, DEFAULT_CONFIG);
    expect(back[1]).toEqual({ key: 'rules.inactive.tiers.vip.days', from: 14, to: null });
    expect(describeChange(back[1] as (typeof back)[number], 'zh-CN')).toBe(
      'rules.inactive.tiers.vip.days: 14 → （未设置）',
    );
  });
});

describe('describeAllowed', () => {
  it('says the range of a number, whole or not, in both languages', () => {
    expect(describeAllowed('rules.inactive.days', 'zh-CN')).toBe('1–3650 的整数');
    expect(describeAllowed('rules.inactive.days', 'en')).toBe('a whole number from 1 to 3650');
    expect(describeAllowed('rules.churned.cycles', 'en')).toBe('a number from 1 to 20');
    expect(describeAllowed('tiers.vipShare', 'en')).toBe('a number greater than 0 and at most 1');
    expect(describeAllowed('rules.inactive.tiers.vip.days', 'en')).toBe('a whole number from 1 to 3650');
  });

  it('says what text, choices, switches and lists accept', () => {
    expect(describeAllowed('schedule.dailyTime', 'en')).toBe('00:00 to 23:59');
    expect(describeAllowed('timeZone', 'zh-CN')).toContain('Asia/Shanghai');
    expect(describeAllowed('schedule.weeklyDay', 'en')).toBe('one of MON, TUE, WED, THU, FRI, SAT, SUN');
    expect(describeAllowed('locale', 'zh-CN')).toBe('只能是 zh-CN、en');
    expect(describeAllowed('digest.allClear', 'en')).toBe('true or false');
    expect(describeAllowed('escalation.tiers', 'en')).toContain('["vip","important"]');
  });

  it('says nothing for a key that does not exist, and names the settings beside it', () => {
    expect(describeAllowed('rules.inactve', 'en')).toBeUndefined();
    expect(settingsBeside('rules.inactve')?.slice(0, 2)).toEqual(['inactive', 'churned']);
    expect(settingsBeside('rules.inactive.dayz')).toEqual(['enabled', 'flag', 'days', 'tiers']);
    expect(settingsBeside('timezone')).toContain('timeZone');
    expect(settingsBeside('nope.deeper')).toBeUndefined();
  });
});
