import type { Locale } from '../core/locale.ts';
import type { RecoveryAroundChange, RecoveryStats } from '../core/recovery.ts';
import { textFor } from '../text/catalogue.ts';
import type { WeeklySummary } from './weekly-model.ts';

// The recovery rate worded once for the weekly email and the WeCom summary. Numbers and dates only: nothing
// here comes from customer data, so nothing needs escaping.

/** `40.0%`, or `—` without episodes. */
export const recoveryRate = (stats: RecoveryStats): string =>
  stats.rate === null ? '—' : `${(stats.rate * 100).toFixed(1)}%`;

/** `40.0%（25 次预警中 10 位重新下单）`. */
export function recoveryDetail(stats: RecoveryStats, locale: Locale): string {
  const say = textFor(locale).weekly.recovery;
  if (stats.episodes === 0) return say.noWarnings;
  return say.detail(recoveryRate(stats), stats.episodes, stats.recovered);
}

/** The section heading, with the window it measures. */
export function recoveryTitle(summary: WeeklySummary, locale: Locale): string {
  const { from, to, withinDays } = summary.recovery.window;
  return textFor(locale).weekly.recovery.title(from, to, withinDays);
}

/** Before and after the latest config change, or when the "after" will be known. */
export function recoveryChangeLine(change: RecoveryAroundChange, withinDays: number, locale: Locale): string {
  const say = textFor(locale).weekly.recovery;
  const before = recoveryDetail(change.before, locale);
  if (change.after === null) return say.afterPending(change.version, change.changedOn, before, withinDays);
  return say.aroundChange(change.version, change.changedOn, before, recoveryDetail(change.after, locale));
}
