import { parseArgs } from 'node:util';
import type { ComparisonRow, DecileRow, FalseAlarms, SignalResult } from '../../core/backtest.ts';
import { type Day, formatDay, parseIsoDay } from '../../core/days.ts';
import { ruleTitle } from '../../text/explain.ts';
import type { Locale } from '../../core/locale.ts';
import type { OrderLine } from '../../core/records.ts';
import { type BacktestRiskModel, type RiskBacktestReport, riskBacktest } from '../../core/risk-backtest.ts';
import { EXPORT_INPUT_OPTIONS, loadExport, requireOrdersAndDay } from './evaluation-input.ts';
import { type CommandIo, UsageError } from './io.ts';
import { bgnbdBasisText, lineRuleText, notLearnedText } from './learned-risk-text.ts';
import { renderTextTable } from './text-table.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

const MAX_HORIZON_DAYS = 3650;

export async function backtestCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...EXPORT_INPUT_OPTIONS,
      answers: { type: 'string' },
      horizon: { type: 'string' },
      format: { type: 'string', default: 'table' },
      'include-silent': { type: 'boolean', default: false },
      lang: { type: 'string' },
      'skip-invalid': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.backtest}\n`);
    return 0;
  }
  const { refused } = cliTextFor(locale).backtest;
  const { orders, asOf } = requireOrdersAndDay(values, locale);
  if (values.horizon === undefined) throw new UsageError(refused.horizonRequired);
  const horizonDays = parseHorizon(values.horizon, locale);
  const format = values.format;
  if (format !== 'table' && format !== 'json') {
    throw new UsageError(cliTextFor(locale).cli.formatChoice(['table', 'json']));
  }
  const { config, input } = await loadExport(values, orders, locale, io);
  checkCoverage(input.lines, asOf, horizonDays, orders, locale);
  // The risk as the product computes it on that day, from the records up to it, beside the other signals.
  const report = riskBacktest({
    lines: input.lines,
    events: input.events,
    customers: input.customers,
    asOf,
    horizonDays,
    config,
    includeSilent: values['include-silent'],
    ...(input.answers ? { answers: input.answers } : {}),
  });
  if (format === 'json') io.out(`${JSON.stringify(report, roundRatios, 2)}\n`);
  else io.out(`${renderBacktest(report, locale)}\n`);
  if (input.skipped > 0) io.err(`${cliTextFor(locale).evaluate.summary.skipped(input.skipped)}\n`);
  return 0;
}

function parseHorizon(text: string, locale: Locale): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_HORIZON_DAYS) {
    throw new UsageError(cliTextFor(locale).backtest.refused.horizonRange(MAX_HORIZON_DAYS, text));
  }
  return value;
}

/**
 * Labels need the whole horizon in the data: a file that ends early would make everyone silent at its end
 * look churned. And an as-of day before the first order evaluates nobody.
 */
function checkCoverage(
  lines: readonly OrderLine[],
  asOf: Day,
  horizonDays: number,
  file: string,
  locale: Locale,
): void {
  const { refused } = cliTextFor(locale).backtest;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const line of lines) {
    if (line.day < first) first = line.day;
    if (line.day > last) last = line.day;
  }
  if (lines.length === 0) {
    throw new UsageError(refused.noOrders(file));
  }
  if (asOf < first) {
    throw new UsageError(refused.asOfBeforeFirst(formatDay(asOf), file, formatDay(first)));
  }
  const end = asOf + horizonDays;
  if (last < end) {
    const latest = last - horizonDays;
    const hint = latest >= first ? refused.earlierOrShorter(formatDay(latest), last - asOf) : refused.shorter;
    throw new UsageError(
      refused.notCovered(file, formatDay(last), formatDay(asOf + 1), formatDay(end), hint),
    );
  }
}

/** JSON ratios to four decimals: enough to compare settings, short enough to read. */
function roundRatios(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1e4) / 1e4 : value;
}

const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const decimal = (value: number | null): string => (value === null ? '—' : value.toFixed(3));
const days = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));
/** A line such as 50% or 34.1%: as precise as the line is, without a trailing ".0". */
const line = (value: number): string => `${String(Number((value * 100).toFixed(1)))}%`;

/** The footnote marks of the comparison table. */
const MATCHED_MARK = '¹';
const UNAVAILABLE_MARK = '²';

/** The backtest as an admin reads it: the comparison, the reliability of the default risk, then the rules. */
export function renderBacktest(report: RiskBacktestReport, locale: Locale): string {
  const text = cliTextFor(locale).backtest;
  const { horizonDays: h } = report;
  const start = formatDay((parseIsoDay(report.asOf) as Day) + 1);
  // A table of zeros needs saying why: nobody (or everybody) lapsed, so precision and recall mean nothing here.
  const oneOutcome =
    report.population > 0 && (report.positives === 0 || report.positives === report.population);
  const { lost, noOrders, alreadySilent, closed } = report.excluded;
  const closedText = closed === undefined ? '' : text.excludedClosed(closed);
  return [
    text.headline(report.asOf, h, start, report.horizonEnd),
    text.population(report.population, report.positives, percent(report.baseRate)),
    ...(oneOutcome ? [text.oneOutcome(report.positives === 0)] : []),
    text.excluded(lost, noOrders, h, alreadySilent, closedText, report.evaluated),
    ...answersLines(report, locale),
    ...modelLines(report, locale),
    '',
    text.section.comparison,
    ...comparisonSection(report, locale),
    '',
    text.section.reliability,
    ...reliabilitySection(report, locale),
    '',
    text.section.rules,
    ...rulesSection(report, locale),
    '',
    ...text.explanation(h),
  ].join('\n');
}

/** Which model the default risk is and why, how its line was chosen, and a warning if it predicts another horizon. */
function modelLines(report: RiskBacktestReport, locale: Locale): string[] {
  const text = cliTextFor(locale).backtest.model;
  const model = report.riskModel;
  const description = modelDescription(model, locale);
  const lines = [model.enabled ? text.enabled(description) : text.off(description)];
  if (model.horizonDays !== report.horizonDays) {
    const h = report.horizonDays;
    const configurable = h >= 30 && h <= 180;
    lines.push(text.otherHorizon(model.horizonDays, h, configurable));
  }
  return lines;
}

function modelDescription(model: BacktestRiskModel, locale: Locale): string {
  const { backtest, signals } = cliTextFor(locale);
  const text = backtest.model;
  const h = model.horizonDays;
  if (model.source === 'learned') {
    const trainingAuc = model.training ? decimal(model.training.auc) : '—';
    const trainedOn = model.trainedOn.join(signals.listSeparator);
    return text.learned(h, trainedOn, model.rows, model.lapsed, trainingAuc, line(model.threshold));
  }
  const why = model.notLearned ? notLearnedText(model.notLearned, h, locale) : '';
  const rule = model.thresholdRule !== 'f1' ? lineRuleText(model.bgnbdBasis, locale) : text.bestF1;
  return text.bgnbd(h, bgnbdBasisText(model.bgnbdBasis, locale), why, line(model.threshold), rule);
}

function comparisonLabel(row: ComparisonRow, report: RiskBacktestReport, locale: Locale): string {
  const text = cliTextFor(locale).backtest.label;
  const rule = row.flagRule;
  const cut = rule.kind === 'at_least' || rule.kind === 'at_most' ? rule.value : null;
  switch (row.signal) {
    case 'default_risk': {
      if (!report.riskModel.enabled) return text.defaultRulesOff;
      const source = report.riskModel.source === 'learned' ? text.learnedSource : 'BG/NBD';
      return text.defaultRisk(source, line(cut ?? 0));
    }
    case 'learned_risk':
      return text.learnedRisk(line(cut ?? 0));
    case 'bgnbd':
      return text.bgnbd(report.horizonDays, line(cut ?? 0));
    case 'days_silent':
      return text.daysSilent(cut === null ? text.nobody : text.daysCut(cut), MATCHED_MARK);
    case 'orders_12m':
      return text.orders12m(cut === null ? text.nobody : text.ordersCut(cut), MATCHED_MARK);
    case 'seed_rule':
      return text.seedRule(cut ?? report.baseline.days);
  }
}

function comparisonSection(report: RiskBacktestReport, locale: Locale): string[] {
  const text = cliTextFor(locale).backtest;
  const header = text.comparisonHeader;
  const cells = (row: ComparisonRow): string[] => [
    comparisonLabel(row, report, locale),
    decimal(row.auc),
    percent(row.precision),
    percent(row.recall),
    decimal(row.f1),
    `${percent(row.shareFlagged)} (${row.flagged})`,
    row.leadDays ? days(row.leadDays.median) : '—',
    decimal(row.brier),
    decimal(row.ece),
  ];
  const rows = report.comparison.map(cells);
  const { learnedRisk } = report;
  if (!learnedRisk.trained) {
    // The learned row stays in its place, empty, so the admin sees it is missing and reads why below.
    const unavailable = [text.label.learnedUnavailable(UNAVAILABLE_MARK), ...header.slice(1).map(() => '—')];
    rows.splice(1, 0, unavailable);
  }
  const table = renderTextTable(
    header.map((title, i) => ({ header: title, align: i === 0 ? ('left' as const) : ('right' as const) })),
    rows,
  );
  const target = report.comparison.find((row) => row.signal === 'default_risk')?.flagged ?? 0;
  const notes = [text.matchedNote(MATCHED_MARK, target)];
  if (!learnedRisk.trained) {
    const why = notLearnedText(learnedRisk.notLearned, report.riskModel.horizonDays, locale);
    notes.push(text.unavailableNote(UNAVAILABLE_MARK, why));
  }
  return [table, ...notes];
}

function reliabilitySection(report: RiskBacktestReport, locale: Locale): string[] {
  const text = cliTextFor(locale).backtest;
  const header = text.reliabilityHeader;
  const row = (bin: DecileRow): string[] => [
    String(bin.decile),
    String(bin.customers),
    `${percent(bin.from)}–${percent(bin.to)}`,
    percent(bin.meanRisk),
    percent(bin.observed),
  ];
  const total = report.reliability.reduce((sum, bin) => sum + bin.customers, 0);
  const meanRisk =
    total === 0
      ? null
      : report.reliability.reduce((sum, bin) => sum + (bin.meanRisk ?? 0) * bin.customers, 0) / total;
  const table = renderTextTable(
    header.map((title, i) => ({ header: title, align: i === 0 ? ('left' as const) : ('right' as const) })),
    [
      ...report.reliability.map(row),
      [text.all, String(total), '', percent(meanRisk), percent(report.baseRate)],
    ],
  );
  const note = report.riskModel.enabled ? text.reliabilityNote : text.reliabilityNoteRules;
  return [table, note];
}

function rulesSection(report: RiskBacktestReport, locale: Locale): string[] {
  const text = cliTextFor(locale).backtest;
  const header = [...text.rulesHeader];
  const { answers } = report;
  // With answers, the reps' own precision sits beside the labels': k of the n flagged marked not a real risk.
  if (answers) header.push(text.falseAlarmsHeader);
  const alarms = (falseAlarms: FalseAlarms | undefined): string[] =>
    falseAlarms ? [`${falseAlarms.notReal} / ${falseAlarms.flagged}`] : [];
  const row = (label: string, result: SignalResult, falseAlarms?: FalseAlarms): string[] => [
    label,
    String(result.flagged),
    String(result.truePositives),
    percent(result.precision),
    percent(result.recall),
    decimal(result.f1),
    result.leadDays ? days(result.leadDays.median) : '—',
    result.leadDays ? `${days(result.leadDays.p25)}–${days(result.leadDays.p75)}` : '—',
    ...alarms(falseAlarms),
  ];
  const table = renderTextTable(
    header.map((title, i) => ({ header: title, align: i === 0 ? ('left' as const) : ('right' as const) })),
    [
      ...report.rules.map((result, i) =>
        row(`${ruleTitle(result.rule, locale)} (${result.rule})`, result, answers?.rules[i]),
      ),
      row(text.anySignal, report.atRisk, answers?.atRisk),
    ],
  );
  const aucLine = text.rulesAuc(decimal(report.risk.auc));
  if (!answers) return [table, aucLine];
  const note = text.falseAlarmsNote(formatDay((parseIsoDay(report.asOf) as Day) + 1), report.horizonEnd);
  return [table, aucLine, note];
}

/** With --answers: what the reps' answers changed, and how they were kept from leaking the future. */
function answersLines(report: RiskBacktestReport, locale: Locale): string[] {
  const { answers } = report;
  if (!answers) return [];
  return [
    cliTextFor(locale).backtest.answers(
      answers.closedBefore,
      answers.closedWithin,
      answers.closedDespiteOrders,
      answers.notReal,
    ),
  ];
}
