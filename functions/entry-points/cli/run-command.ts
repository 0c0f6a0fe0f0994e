import { parseArgs } from 'node:util';
import { deliveryProblemText, runWarningText } from './delivery-problem-text.ts';
import { type Day, dayOfInstant, formatDay, parseIsoDay } from '../../core/days.ts';
import type { Locale } from '../../core/locale.ts';
import type { CycleDeps } from '../../use-cases/cycle/cycle-deps.ts';
import { type DailyRun, retryDeliveries, runDaily } from '../../use-cases/cycle/run-daily.ts';
import { loadConfig } from '../../adapters/dynamodb/config-store.ts';
import { runWeekly, type WeeklyRun } from '../../use-cases/cycle/run-weekly.ts';
import type { DeliverySummary, RunWarning } from '../../use-cases/notify/outbox.ts';
import { openCycle } from './cycle-context.ts';
import { learnedRiskStatusLine, refitLine } from './learned-risk-text.ts';
import { choiceRefused, type CommandIo, extraRefused, UsageError } from './io.ts';
import { openStore } from './store-context.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

export function parseAsOf(text: string | undefined, locale: Locale, timeZone: string): Day {
  if (text === undefined) return dayOfInstant(Date.now(), timeZone);
  const day = parseIsoDay(text);
  if (day === null) {
    throw new UsageError(cliTextFor(locale).runs.asOfInvalid);
  }
  return day;
}

/**
 * `--as-of` for a command that writes state (a run, a model fit, the local product): today or earlier in the
 * configured zone. A later day would be recorded as evaluated, and every run of the real today after it
 * refused as "earlier" — the product would be locked until the calendar caught up.
 */
export function parseStateAsOf(
  text: string | undefined,
  locale: Locale,
  timeZone: string,
  now: () => number = Date.now,
): Day {
  const day = parseAsOf(text, locale, timeZone);
  const today = dayOfInstant(now(), timeZone);
  if (day > today) {
    throw new UsageError(cliTextFor(locale).runs.asOfInFuture(formatDay(day), formatDay(today), timeZone));
  }
  return day;
}

export async function runCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'as-of': { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.run}\n`);
    return 0;
  }
  const [which, ...extras] = positionals;
  if (which !== 'daily' && which !== 'weekly' && which !== 'retry') {
    throw choiceRefused(
      'run',
      ['daily', 'weekly', 'retry'],
      positionals,
      cliTextFor(locale).help.run,
      locale,
    );
  }
  if (extras.length > 0) throw extraRefused('run', extras, cliTextFor(locale).help.run, locale);
  const store = openStore();
  try {
    // "Today" is the configured zone's, as for the schedules.
    const { config } = await loadConfig(store.doc, store.tables.config);
    const asOf = parseStateAsOf(values['as-of'], locale, config.timeZone);
    const cycle = await openCycle(store);
    if (which === 'daily' && config.followUp.enabled && !cycle.actionLinks)
      io.err(`${cliTextFor(locale).runs.noActionLinks}\n`);
    const needsAttention = await runAndReport(which, cycle, asOf, io, locale, {
      allowEarlierDay: values.force,
    });
    return needsAttention ? 3 : 0;
  } finally {
    store.close();
  }
}

/** Runs a cycle with given dependencies and reports it: what `local` does on its schedule. */
export async function runAndReport(
  which: 'daily' | 'weekly' | 'retry',
  deps: CycleDeps,
  asOf: Day,
  io: CommandIo,
  locale: Locale,
  options: { allowEarlierDay?: boolean } = {},
): Promise<boolean> {
  if (which === 'daily') return reportDaily(await runDaily(deps, asOf, options), io, locale);
  if (which === 'weekly') return reportWeekly(await runWeekly(deps, asOf), io, locale);
  const retried = await retryDeliveries(deps, asOf);
  const text = cliTextFor(locale).runs;
  io.out(`${text.retried(retried.sentNow, retried.byStatus.retrying, retried.byStatus.failed)}\n`);
  reportWarnings(retried.warnings, io, locale);
  return reportProblems(retried.deliveries, retried.errors, io, locale);
}

/** Prints what a daily run did; true when something needs a person (a failed or uncertain delivery). */
export function reportDaily(run: DailyRun, io: CommandIo, locale: Locale): boolean {
  const text = cliTextFor(locale).runs.daily;
  const s = run.evaluation.summary;
  const n = run.notify.byStatus;
  io.out(
    `${text.evaluated(s.asOf, s.customers, s.atRisk, s.configVersion)}\n` +
      `${text.today(s.newAlerts, s.reminders, s.escalated, s.recovered, s.managerEscalations)}\n` +
      `${text.messages(run.notify.sentNow, run.notify.alreadySent, n.retrying, n.failed, n.uncertain, run.notify.quietReps)}\n`,
  );
  if (s.learnedRisk) io.out(`${learnedRiskStatusLine(s.learnedRisk, locale)}\n`);
  if (s.laterDayKept > 0) io.err(`${text.laterDayKept(s.laterDayKept)}\n`);
  if (s.unreadableAlerts.length > 0) io.err(`${text.unreadableAlerts(s.unreadableAlerts.join(', '))}\n`);
  if (s.unreadableProfiles.length > 0 || run.unreadableReps.length > 0) {
    io.err(
      `${text.unreadable(s.unreadableProfiles.join(', ') || text.none, run.unreadableReps.join(', ') || text.none)}\n`,
    );
  }
  reportWarnings(run.notify.warnings, io, locale);
  return reportProblems(run.notify.dayProblems, run.notify.errors, io, locale);
}

export function reportWeekly(run: WeeklyRun, io: CommandIo, locale: Locale): boolean {
  io.out(`${cliTextFor(locale).runs.weekly(run.day, run.deliveries.length, run.sentNow, run.alreadySent)}\n`);
  if (run.riskModel) io.out(`${refitLine(run.riskModel, locale)}\n`);
  reportWarnings(run.warnings, io, locale);
  return reportProblems(run.deliveries, run.errors, io, locale);
}

/** What the admin should fix although nothing failed to send: said, not counted in the exit status. */
function reportWarnings(warnings: readonly RunWarning[], io: CommandIo, locale: Locale): void {
  for (const warning of warnings) io.err(`  ${runWarningText(warning, locale)}\n`);
}

function reportProblems(
  deliveries: readonly DeliverySummary[],
  errors: readonly { pk: string; message: string }[],
  io: CommandIo,
  locale: Locale,
): boolean {
  const text = cliTextFor(locale).runs;
  // `失败：digest#…` in Chinese, like the 提醒： line above it; `failed: digest#…` in English.
  const { colon } = cliTextFor(locale).message;
  for (const error of errors) io.err(`  ${text.couldNotWorkOn}${colon}${error.pk} — ${error.message}\n`);
  const problems = deliveries.filter((record) => record.status === 'failed' || record.status === 'uncertain');
  for (const record of problems) {
    io.err(
      `  ${text.deliveryStatus[record.status]}${colon}${record.pk} — ${deliveryProblemText(record, locale)}\n`,
    );
  }
  if (problems.length > 0) io.err(`${text.seeDeliveries}\n`);
  return problems.length > 0 || errors.length > 0;
}
