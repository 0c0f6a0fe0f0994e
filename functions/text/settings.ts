import type { AllowedValues, ConfigChange, ConfigKeyProblem } from '../core/config-keys.ts';
import { allowedValues } from '../core/config-keys.ts';
import type { Locale } from '../core/locale.ts';
import type { CycleTimesProblem } from '../core/schedule-expressions.ts';
import { textFor } from './catalogue.ts';

/** A value as an admin would type it back: text as is, everything else as JSON. */
export function formatConfigValue(value: unknown, locale: Locale): string {
  if (value === null || value === undefined) return textFor(locale).settings.notSet;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Rollbacks store their reason as `rollback to vN: …` (one text for every reader); worded for the reader. */
export function localizeReason(reason: string, locale: Locale): string {
  const rollback = /^rollback to v(\d+): ([\s\S]*)$/.exec(reason);
  return rollback ? textFor(locale).settings.rollbackReason(rollback[1] ?? '', rollback[2] ?? '') : reason;
}

/** `rules.inactive.days: 30 → 21` */
export function describeChange(change: ConfigChange, locale: Locale): string {
  return `${change.key}: ${formatConfigValue(change.from, locale)} → ${formatConfigValue(change.to, locale)}`;
}

/** What a setting accepts, in the reader's words ("1–3650 的整数", "one of MON, TUE, …"). */
export function wordAllowed(allowed: AllowedValues, locale: Locale): string {
  const text = textFor(locale).settings.allowed;
  const options = (items: readonly string[]) => items.join(text.optionSeparator);
  switch (allowed.kind) {
    case 'number': {
      const { min, max } = allowed;
      const kind = allowed.whole ? text.wholeNumber : text.number;
      if (min?.inclusive && max?.inclusive) return text.between(kind, min.value, max.value);
      const bounds: string[] = [];
      if (min) bounds.push(min.inclusive ? text.atLeast(min.value) : text.greaterThan(min.value));
      if (max) bounds.push(max.inclusive ? text.atMost(max.value) : text.lessThan(max.value));
      return bounds.length === 0 ? kind : text.bounded(kind, bounds.join(text.boundSeparator));
    }
    case 'boolean':
      return text.boolean;
    case 'one-of':
      return text.oneOf(options(allowed.options));
    case 'list-of':
      return text.listOf(options(allowed.options), JSON.stringify(allowed.options.slice(0, 2)));
    case 'time-of-day':
      return text.timeOfDay;
    case 'time-zone':
      return text.timeZone;
    case 'text':
      return text.text;
  }
}

/**
 * What the setting at a dotted key accepts, in the reader's words, so a refusal can say what would have been
 * accepted. Undefined for a key that does not exist or when there is nothing useful to say (a whole section).
 *
 * @example describeAllowed('rules.inactive.days', 'en') // 'a whole number from 1 to 3650'
 */
export function describeAllowed(key: string, locale: Locale): string | undefined {
  const allowed = allowedValues(key);
  return allowed && wordAllowed(allowed, locale);
}

/** A setting's name or a `KEY=VALUE` that cannot be read, in the reader's words. */
export function describeConfigKeyProblem(problem: ConfigKeyProblem, locale: Locale): string {
  const text = textFor(locale).settings;
  return problem.code === 'bad-key' ? text.badKey(problem.key) : text.notAnAssignment(problem.text);
}

/** A cycle time the schedules cannot be built from, in the reader's words. */
export function describeCycleTimesProblem(problem: CycleTimesProblem, locale: Locale): string {
  const text = textFor(locale).settings;
  switch (problem.code) {
    case 'not-a-weekday':
      return text.notAWeekday(problem.value, problem.weekdays.join(', '));
    case 'not-a-time-of-day':
      return text.notATimeOfDay(problem.key, problem.value);
    case 'not-a-time-zone':
      return text.notATimeZone(problem.value);
  }
}
