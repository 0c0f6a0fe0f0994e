import type { Locale } from '../core/locale.ts';
import type { RecoveryAroundChange, RecoveryStats } from '../core/recovery.ts';
import type { WeeklySummary } from './weekly-model.ts';

// The recovery rate worded once for the weekly email and the WeCom summary. Numbers and dates only: nothing
// here comes from customer data, so nothing needs escaping.

const zhOr = (locale: Locale, zh: string, en: string) => (locale === 'zh-CN' ? zh : en);

/** `40.0%`, or `—` without episodes. */
export const recoveryRate = (stats: RecoveryStats): string =>
  stats.rate === null ? '—' : `${(stats.rate * 100).toFixed(1)}%`;

/** `40.0%（25 次预警中 10 位重新下单）`. */
export function recoveryDetail(stats: RecoveryStats, locale: Locale): string {
  if (stats.episodes === 0) return zhOr(locale, '—（没有预警）', '— (no warnings)');
  return zhOr(
    locale,
    `${recoveryRate(stats)}（${stats.episodes} 次预警中 ${stats.recovered} 位已恢复）`,
    `${recoveryRate(stats)} (${stats.recovered} of ${stats.episodes} warned recovered)`,
  );
}

/** The section heading, with the window it measures. */
export function recoveryTitle(summary: WeeklySummary, locale: Locale): string {
  const { from, to, withinDays } = summary.recovery.window;
  return zhOr(
    locale,
    `预警后恢复率（${from} 至 ${to} 的预警，${withinDays} 天内重新下单且不再有风险）`,
    `Recovery after a warning (warnings ${from} to ${to}, ordering again and no longer at risk within ${withinDays} days)`,
  );
}

/** Before and after the latest config change, or when the "after" will be known. */
export function recoveryChangeLine(change: RecoveryAroundChange, withinDays: number, locale: Locale): string {
  const before = recoveryDetail(change.before, locale);
  if (change.after === null) {
    return zhOr(
      locale,
      `配置 v${change.version}（${change.changedOn} 起）之前：${before}；之后的预警要满 ${withinDays} 天才能比较。`,
      `Config v${change.version} (from ${change.changedOn}): before ${before}; warnings since need ${withinDays} days before they can be compared.`,
    );
  }
  return zhOr(
    locale,
    `配置 v${change.version}（${change.changedOn} 起）之前：${before}；之后：${recoveryDetail(change.after, locale)}。`,
    `Config v${change.version} (from ${change.changedOn}): before ${before}; after ${recoveryDetail(change.after, locale)}.`,
  );
}
