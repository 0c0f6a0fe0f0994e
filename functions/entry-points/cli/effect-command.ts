import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { visitsSince } from '../../adapters/dynamodb/visit-events.ts';
import { parseArgs } from 'node:util';
import { answersSince } from '../../adapters/dynamodb/answer-store.ts';
import { loadConfig } from '../../adapters/dynamodb/config-store.ts';
import { readAllCustomers } from '../../adapters/dynamodb/customer-items.ts';
import { readAllProfiles } from '../../adapters/dynamodb/profile-scan.ts';
import type { TableNames } from '../../adapters/dynamodb/tables.ts';
import { firstWarningDay, readWarningLog } from '../../adapters/dynamodb/warning-log.ts';
import { type ChurnConfig, TIERS } from '../../core/config.ts';
import { type Day, dayOfInstant, formatDay, parseIsoDay } from '../../core/days.ts';
import {
  type ChurnPeriod,
  churnOverPeriod,
  type Comparison,
  type EffectReport,
  effectReport,
  effectSettingsOf,
  visitsByDay,
} from '../../core/effect.ts';
import { adjustedText, percentText, pointsText, rateText } from '../../text/effect-figures.ts';
import { evaluateCustomers } from '../../core/evaluate.ts';
import { ruleTitle, tierName } from '../../text/explain.ts';
import { actionText } from '../../text/follow-up-answers.ts';
import type { Locale } from '../../core/locale.ts';
import { firstEvaluatedDay, lastEvaluatedDay } from '../../adapters/dynamodb/run-records.ts';
import { type CommandIo, UsageError, wrongForm } from './io.ts';
import { openStore } from './store-context.ts';
import { renderTextTable } from './text-table.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

/** Churn before the product was switched on against the latest period: not an experiment, stated as such. */
export interface ChurnBeforeAfter {
  /** The first daily run (or, failing a run record, the first warning in the log), `YYYY-MM-DD`. */
  switchedOn: string;
  periodDays: number;
  /** Null when the profiles' history no longer reaches back to it. */
  before: ChurnPeriod | null;
  /** Null until a whole period has passed since the switch-on. */
  after: ChurnPeriod | null;
}

export interface EffectOutput {
  report: EffectReport;
  /** Null before the product has run a day. */
  churn: ChurnBeforeAfter | null;
}

export interface EffectStore {
  doc: DynamoDBDocumentClient;
  tables: Pick<TableNames, 'profiles' | 'customers' | 'config' | 'followups' | 'events'>;
  now?: () => number;
}

/**
 * Reads the warning log, the answers, visits and profiles, and works the report out. Outcomes are known up
 * to the last evaluated day, so that is the day windows close by (today before the first run).
 */
export async function buildEffect(store: EffectStore, period: { from: Day; to: Day }): Promise<EffectOutput> {
  const { doc, tables } = store;
  const from = formatDay(period.from);
  const to = formatDay(period.to);
  const { config } = await loadConfig(doc, tables.config);
  const [warnings, answers, visits, lastDay, firstDay, firstWarning] = await Promise.all([
    readWarningLog(doc, tables.followups, from, to),
    answersSince(doc, tables.followups, from),
    visitsSince(doc, tables.events, period.from).then(visitsByDay),
    lastEvaluatedDay(doc, tables.config),
    firstEvaluatedDay(doc, tables.config),
    firstWarningDay(doc, tables.followups),
  ]);
  const asOf = lastDay ?? formatDay(dayOfInstant((store.now ?? Date.now)(), config.timeZone));
  const report = effectReport({
    warnings,
    answers,
    visits,
    from,
    to,
    asOf,
    settings: effectSettingsOf(config),
  });
  const switchedOn = firstDay ?? firstWarning;
  if (switchedOn === null) return { report, churn: null };
  const churn = await churnBeforeAfter(store, config, parseIsoDay(switchedOn) as Day, {
    end: Math.min(period.to, parseIsoDay(asOf) as Day),
    asOf: parseIsoDay(asOf) as Day,
  });
  return { report, churn };
}

/**
 * Churn over the period that ended on the switch-on day, against the latest whole period up to `end`. A day is
 * evaluated only where the profiles still hold the history its tiers and rules look back on.
 */
async function churnBeforeAfter(
  store: EffectStore,
  config: ChurnConfig,
  switchedOn: Day,
  days: { end: number; asOf: Day },
): Promise<ChurnBeforeAfter> {
  const period = config.weekly.churnPeriodDays;
  const [{ profiles }, customers] = await Promise.all([
    readAllProfiles(store.doc, store.tables.profiles, 4),
    readAllCustomers(store.doc, store.tables.customers),
  ]);
  const at = (day: Day) => evaluateCustomers({ profiles, customers, asOf: day, config }).customers;
  const between = (start: Day, end: Day) =>
    churnOverPeriod(at(start), at(end), { from: formatDay(start), to: formatDay(end) });
  const reaches = days.asOf - (config.profile.retentionDays - config.tiers.trailingDays);
  const beforeStart = (switchedOn - period) as Day;
  const afterEnd = days.end as Day;
  const afterStart = (afterEnd - period) as Day;
  return {
    switchedOn: formatDay(switchedOn),
    periodDays: period,
    before: beforeStart >= reaches ? between(beforeStart, switchedOn) : null,
    after: afterStart >= switchedOn ? between(afterStart, afterEnd) : null,
  };
}

export async function effectCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.effect}\n`);
    return 0;
  }
  const { refused } = cliTextFor(locale).effect;
  if (values.from === undefined || values.to === undefined) {
    const missing = (['--from', '--to'] as const).filter(
      (option) => values[option.slice(2) as 'from' | 'to'] === undefined,
    );
    throw wrongForm(
      cliTextFor(locale).cli.wrongForm.optionsRequired(missing),
      'effect',
      cliTextFor(locale).help.effect,
      locale,
    );
  }
  const from = parseIsoDay(values.from);
  const to = parseIsoDay(values.to);
  if (from === null || to === null) {
    throw new UsageError(refused.dates);
  }
  if (from > to) {
    throw new UsageError(cliTextFor(locale).cli.fromAfterTo);
  }
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(cliTextFor(locale).cli.formatChoice(['text', 'json']));
  }
  const store = openStore();
  try {
    const output = await buildEffect(store, { from, to });
    io.out(
      values.format === 'json'
        ? `${JSON.stringify(output, null, 2)}\n`
        : `${renderEffectText(output, locale)}\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}

function comparisonRows(label: string, comparison: Comparison, locale: Locale): string[] {
  return [
    label,
    String(comparison.withFollowUp.warnings),
    rateText(comparison.withFollowUp, locale),
    String(comparison.withoutFollowUp.warnings),
    rateText(comparison.withoutFollowUp, locale),
    adjustedText(comparison, locale),
  ];
}

/** The report as an admin reads it in a terminal. */
export function renderEffectText(output: EffectOutput, locale: Locale): string {
  const text = cliTextFor(locale).effect;
  const { report } = output;
  const { overall } = report;
  const lines: string[] = [];
  lines.push(
    text.headline(report.from, report.to, report.asOf),
    // Three parts that add up to the whole (a warning marked not real while still pending counts as pending),
    // then the closed shops, which are among the compared or pending ones.
    text.warnings(
      report.warnings,
      report.compared,
      report.recoveryDays,
      report.pending,
      report.warnings - report.compared - report.pending,
      report.closed,
    ),
    text.definitions(report.recoveryDays, report.followUpWithinDays),
    '',
  );
  lines.push(
    text.followedUp(
      rateText(overall.withFollowUp, locale),
      overall.withFollowUp.warnings,
      overall.withFollowUp.recovered,
    ),
    text.notFollowedUp(
      rateText(overall.withoutFollowUp, locale),
      overall.withoutFollowUp.warnings,
      overall.withoutFollowUp.recovered,
    ),
  );
  if (overall.crudeDifference !== null) lines.push(text.rawDifference(pointsText(overall.crudeDifference)));
  lines.push(text.adjusted(adjustedText(overall, locale)));
  if (report.compared === 0 && report.pending > 0) {
    // Not "too few" because nobody followed up: the outcomes are simply not known yet.
    lines.push(text.allPending(report.recoveryDays));
  }
  lines.push('');
  // The tables only once something is compared: headers over no rows say nothing.
  if (report.compared > 0) lines.push(...comparisonTables(report, locale));
  if (report.falseAlarms.length > 0) {
    lines.push(text.falseAlarmsHead);
    for (const row of report.falseAlarms) {
      const share = row.warnings > 0 ? percentText(row.notReal / row.warnings) : '';
      lines.push(text.falseAlarm(ruleTitle(row.rule, locale), row.warnings, row.notReal, share));
    }
    lines.push('');
  }
  lines.push(...churnLines(output.churn, locale));
  return lines.join('\n').trimEnd();
}

/** Recovery with and without follow-up by tier and by action, as two tables. */
function comparisonTables(report: EffectReport, locale: Locale): string[] {
  const text = cliTextFor(locale).effect;
  const lines: string[] = [];
  const columns = [
    { header: '' },
    { header: text.column.followedUp, align: 'right' as const },
    { header: text.column.recovered },
    { header: text.column.notFollowedUp, align: 'right' as const },
    { header: text.column.recovered },
    { header: text.column.sameRisk },
  ];
  lines.push(text.byTier);
  lines.push(
    renderTextTable(
      columns,
      TIERS.filter(
        (tier) =>
          report.byTier[tier].withFollowUp.warnings + report.byTier[tier].withoutFollowUp.warnings > 0,
      ).map((tier) => comparisonRows(tierName(tier, locale), report.byTier[tier], locale)),
    ),
    '',
  );
  lines.push(text.byAction);
  lines.push(
    renderTextTable(
      columns,
      (['called', 'visited', 'coupon'] as const).map((action) =>
        comparisonRows(actionText(action, locale), report.byAction[action], locale),
      ),
    ),
    '',
  );
  return lines;
}

function churnLines(churn: ChurnBeforeAfter | null, locale: Locale): string[] {
  const text = cliTextFor(locale).effect.churn;
  if (churn === null) return [text.notRunYet];
  const lines = [text.head(churn.switchedOn, churn.periodDays)];
  const rate = (period: ChurnPeriod | null, tier: (typeof TIERS)[number] | 'total') => {
    if (period === null) return '—';
    const group = tier === 'total' ? period.total : period.byTier[tier];
    if (group.rate === null) return text.tooFew(group.base);
    return text.rate(percentText(group.rate), group.churned, group.base);
  };
  const label = (period: ChurnPeriod | null, missing: string) =>
    period === null ? missing : text.period(period.from, period.to);
  lines.push(
    renderTextTable(
      [
        { header: '' },
        { header: text.before(label(churn.before, text.noHistory)) },
        { header: text.latest(label(churn.after, text.notWholePeriod)) },
      ],
      [
        ...TIERS.map((tier) => [tierName(tier, locale), rate(churn.before, tier), rate(churn.after, tier)]),
        [text.all, rate(churn.before, 'total'), rate(churn.after, 'total')],
      ],
    ),
  );
  return lines;
}
