import { type RuleId, type RuleParams, TIERS, type Tier, type Weekday } from '../core/config.ts';
import { FOLLOW_UP_ACTIONS, type FollowUpAction } from '../core/follow-up.ts';
import type { Locale } from '../core/locale.ts';
import { cliTextFor } from './cli-catalogue.ts';
import { ruleTitle, tierName } from './explain.ts';
import { actionText, reasonText } from './follow-up-answers.ts';
import type { SettingsExplainedText } from './zh-CN/cli/settings-explained.ts';

/**
 * What each setting means, in the admin's words and with its value: "即将流失：连续 30 天没有下单". One
 * place, read by `churn-watch config get` and the local admin page, so both say the same thing; the words
 * are the settingsExplained catalogue's, this file picks the entry and formats the value.
 */

/** One sentence for a value, in the reader's language. */
type Explain = (value: never, text: SettingsExplainedText, locale: Locale) => string;

const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;

/** A name from a catalogue table, or the value itself where the table has none (a value from a newer version). */
const named = (names: Readonly<Record<string, string>>, value: string): string =>
  Object.hasOwn(names, value) ? (names[value] as string) : value;

/** A weekday as people say it: `周一` / `Monday`. */
export const weekdayName = (day: Weekday, locale: Locale): string =>
  cliTextFor(locale).settingsExplained.weekday[day];

const tierNames = (tiers: readonly string[], text: SettingsExplainedText, locale: Locale) =>
  tiers
    .map((tier) => ((TIERS as readonly string[]).includes(tier) ? tierName(tier as Tier, locale) : tier))
    .join(text.listSeparator);

/** The settings outside the rules, by dotted key. */
const SETTINGS: Record<string, Explain> = {
  timeZone: (zone: string, text) => text.timeZone(zone),
  locale: (locale: Locale, text) => (locale === 'en' ? text.localeEnglish : text.localeChinese),
  'tiers.vipShare': (share: number, text) => text.vipShare(percent(share)),
  'tiers.importantShare': (share: number, text) => text.importantShare(percent(share)),
  'tiers.generalShare': (share: number, text) => text.generalShare(percent(share)),
  'tiers.trailingDays': (days: number, text) => text.trailingDays(days),
  'cycle.recentGaps': (gaps: number, text) => text.recentGaps(gaps),
  'cycle.minGaps': (gaps: number, text) => text.minGaps(gaps),
  'cycle.fallbackDays': (days: number, text) => text.fallbackDays(days),
  'cycle.maxDays': (days: number, text) => text.maxCycleDays(days),
  'atRisk.lostAfterDays': (days: number, text) => text.lostAfterDays(days),
  'profile.retentionDays': (days: number, text) => text.retentionDays(days),
  'schedule.dailyTime': (time: string, text) => text.dailyTime(time),
  'schedule.weeklyDay': (day: string, text) => text.weeklyDay(named(text.weekday, day)),
  'schedule.weeklyTime': (time: string, text) => text.weeklyTime(time),
  'digest.repeatIntervalDays': (days: number, text) => text.repeatIntervalDays(days),
  'digest.allClear': (on: boolean, text) => (on ? text.allClearOn : text.allClearOff),
  'digest.maxCustomers': (count: number, text) => text.maxCustomers(count),
  'escalation.days': (days: number, text) => text.escalationDays(days),
  'escalation.tiers': (tiers: string[], text, locale) =>
    tiers.length === 0 ? text.escalationNone : text.escalationTiers(tierNames(tiers, text, locale)),
  'channels.enabled': (channels: string[], text) =>
    text.channelsEnabled(channels.map((channel) => named(text.channel, channel)).join(text.listSeparator)),
  'channels.preferred': (channel: string, text) => text.channelPreferred(named(text.channel, channel)),
  'followUp.enabled': (on: boolean, text) => (on ? text.followUpOn : text.followUpOff),
  'followUp.actions': (actions: string[], text, locale) =>
    text.followUpActions(
      actions
        .map((action) =>
          (FOLLOW_UP_ACTIONS as readonly string[]).includes(action)
            ? actionText(action as FollowUpAction, locale)
            : action,
        )
        .join(text.listSeparator),
    ),
  'followUp.reasons': (reasons: string[], text, locale) =>
    text.followUpReasons(reasons.map((reason) => reasonText(reason, locale)).join(text.listSeparator)),
  'followUp.notRealSnoozeDays': (days: number, text) => text.notRealSnoozeDays(days),
  'followUp.linkDays': (days: number, text) => text.linkDays(days),
  'followUp.withinDays': (days: number, text) => text.withinDays(days),
  'weekly.churnPeriodDays': (days: number, text) => text.churnPeriodDays(days),
  'weekly.recoveryDays': (days: number, text) => text.recoveryDays(days),
  'riskModel.enabled': (on: boolean, text) => (on ? text.riskModelOn : text.riskModelOff),
  'riskModel.horizonDays': (days: number, text) => text.horizonDays(days),
};

type RuleExplains = { [R in RuleId]: { [P in Exclude<keyof RuleParams<R>, 'enabled' | 'flag'>]: Explain } };

const windowCycles: Explain = (cycles: number, text) =>
  cycles === 0 ? text.windowsFixed : text.windowCycles(cycles);

/** Each rule's own settings: the part after "即将流失：". */
const RULES: RuleExplains = {
  inactive: {
    days: (days: number, text) => text.inactiveDays(days),
  },
  churned: {
    cycles: (cycles: number, text) => text.churnedCycles(cycles),
    minDays: (days: number, text) => text.andSilentDays(days),
  },
  cycle_overdue: {
    cycles: (cycles: number, text) => text.overdueCycles(cycles),
    minDays: (days: number, text) => text.andSilentDays(days),
  },
  sales_drop: {
    windowDays: (days: number, text) => text.salesWindow(days),
    dropPct: (pct: number, text) => text.salesDropPct(pct),
    minPreviousSales: (yuan: number, text) =>
      yuan === 0 ? text.anyPreviousSales : text.minPreviousSales(yuan),
    minCyclesPerWindow: windowCycles,
  },
  order_count_drop: {
    windowDays: (days: number, text) => text.ordersWindow(days),
    dropPct: (pct: number, text) => text.ordersDropPct(pct),
    minDropOrders: (orders: number, text) =>
      orders === 0 ? text.percentageOnly : text.minDropOrders(orders),
    minPreviousOrders: (orders: number, text) => text.minPreviousOrders(orders),
    minCyclesPerWindow: windowCycles,
  },
  sustained_decline: {
    months: (months: number, text) => text.declineMonths(months),
    minMonthlyDropPct: (pct: number, text) => text.minMonthlyDropPct(pct),
    minFirstMonthSales: (yuan: number, text) =>
      yuan === 0 ? text.anyFirstMonthSales : text.minFirstMonthSales(yuan),
  },
  sku_breadth_drop: {
    windowDays: (days: number, text) => text.skusWindow(days),
    dropPct: (pct: number, text) => text.skusDropPct(pct),
    minPreviousSkus: (skus: number, text) => text.minPreviousSkus(skus),
    minCyclesPerWindow: windowCycles,
  },
  visit_overdue: {
    cadenceDays: (days: number, text) => text.visitCadenceDays(days),
  },
  complaints_rising: {
    windowDays: (days: number, text) => text.complaintsWindow(days),
    threshold: (count: number, text) => text.complaintsThreshold(count),
  },
  low_p_alive: {
    threshold: (p: number, text) => text.pAliveThreshold(percent(p)),
    minCustomers: (count: number, text) => text.minCustomers(count),
    minRepeaters: (count: number, text) => text.minRepeaters(count),
  },
};

const RULE_SWITCHES: Record<'enabled' | 'flag', Explain> = {
  enabled: (on: boolean, text) => (on ? text.ruleOn : text.ruleOff),
  flag: (on: boolean, text) => (on ? text.flagOn : text.flagOff),
};

function isRule(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}

/**
 * One sentence saying what a setting does with this value, in the admin's words; undefined for a key that
 * is not a setting. Per-tier overrides name their tier.
 *
 * @example explainSetting('rules.inactive.days', 30, 'zh-CN') // '即将流失：连续 30 天没有下单'
 * @example explainSetting('rules.visit_overdue.tiers.vip.cadenceDays', 14, 'en')
 * // 'Visit overdue (VIP customers): no visit for more than 14 days'
 */
export function explainSetting(key: string, value: unknown, locale: Locale): string | undefined {
  const text = cliTextFor(locale).settingsExplained;
  const say = (explain: Explain | undefined): string | undefined => {
    if (explain === undefined || value === null || value === undefined) return undefined;
    return explain(value as never, text, locale);
  };
  const segments = key.split('.');
  if (segments[0] !== 'rules') return Object.hasOwn(SETTINGS, key) ? say(SETTINGS[key]) : undefined;
  const [, rule, ...rest] = segments;
  if (rule === undefined || !isRule(rule)) return undefined;
  let tier: Tier | undefined;
  let param = rest[0];
  if (rest.length === 3 && rest[0] === 'tiers' && (TIERS as readonly string[]).includes(rest[1] ?? '')) {
    tier = rest[1] as Tier;
    param = rest[2];
  } else if (rest.length !== 1) {
    return undefined;
  }
  if (param === undefined) return undefined;
  const own = RULES[rule] as Record<string, Explain>;
  const explain =
    param === 'enabled' || param === 'flag'
      ? RULE_SWITCHES[param]
      : Object.hasOwn(own, param)
        ? own[param]
        : undefined;
  const body = say(explain);
  if (body === undefined) return undefined;
  const title = ruleTitle(rule, locale);
  return tier ? text.ruleTierSetting(title, tierName(tier, locale), body) : text.ruleSetting(title, body);
}
