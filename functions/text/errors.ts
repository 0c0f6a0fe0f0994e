import { ConfigKeyError } from '../core/config-keys.ts';
import type { Locale } from '../core/locale.ts';
import { LocalizedError, ProblemError } from '../core/localized-error.ts';
import { InvalidCycleTimesError } from '../core/schedule-expressions.ts';
import type { Catalogue } from './catalogue.ts';
import { textFor } from './catalogue.ts';
import { describeConfigKeyProblem, describeCycleTimesProblem } from './settings.ts';

/**
 * Words for an error from a catalogue entry, for a {@link LocalizedError} raised outside the domain:
 * `new ConfigConflictError(worded((text) => text.settings.conflict(7)))`. English is its log message.
 */
export const worded =
  (pick: (text: Catalogue) => string) =>
  (locale: Locale): string =>
    pick(textFor(locale));

/**
 * An error meant for a person: one with its own words, or a domain problem this layer words. Anything else is
 * unexpected (a bug, an outage) and is reported as such.
 */
export function isForPeople(error: unknown): error is LocalizedError | ProblemError<{ code: string }> {
  return error instanceof LocalizedError || error instanceof ProblemError;
}

/**
 * An error as a person reads it, in their language: a {@link LocalizedError}'s own words, a domain problem
 * worded here, anything else by its message (an unexpected error; never a stack trace).
 */
export function describeError(error: unknown, locale: Locale): string {
  if (error instanceof LocalizedError) return error.describe(locale);
  if (error instanceof ConfigKeyError) return describeConfigKeyProblem(error.problem, locale);
  if (error instanceof InvalidCycleTimesError) return describeCycleTimesProblem(error.problem, locale);
  return error instanceof Error ? error.message : String(error);
}
