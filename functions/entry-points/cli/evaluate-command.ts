import { parseArgs } from 'node:util';
import type { EvaluationResult } from '../../core/evaluate.ts';
import { evaluateWithRiskModel } from '../../core/learned/scoring.ts';
import type { Locale } from '../../core/locale.ts';
import { describeSkippedModel } from '../../text/model-notices.ts';
import type { BuildStats } from '../../core/profile.ts';
import { refitOutcomeOf } from '../../use-cases/cycle/refit-outcome.ts';
import { EXPORT_INPUT_OPTIONS, loadExportProfiles, requireOrdersAndDay } from './evaluation-input.ts';
import { renderCsv, renderTable } from './evaluation-output.ts';
import { type CommandIo, UsageError } from './io.ts';
import { refitLine } from './learned-risk-text.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

export async function evaluateCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...EXPORT_INPUT_OPTIONS,
      format: { type: 'string', default: 'table' },
      all: { type: 'boolean', default: false },
      lang: { type: 'string' },
      'skip-invalid': { type: 'boolean', default: false },
      bom: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.evaluate}\n`);
    return 0;
  }
  const text = cliTextFor(locale).evaluate;
  const { orders, asOf } = requireOrdersAndDay(values, locale);
  const format = values.format;
  if (format !== 'table' && format !== 'json' && format !== 'csv') {
    throw new UsageError(cliTextFor(locale).cli.formatChoice(['table', 'json', 'csv']));
  }
  const { config, input } = await loadExportProfiles(values, orders, asOf, locale, io);
  const { profiles, stats } = input;
  const { result, model } = evaluateWithRiskModel({
    profiles: [...profiles.values()],
    customers: input.customers,
    asOf,
    config,
  });
  const shown = values.all ? result.customers : result.customers.filter((customer) => customer.atRisk);
  if (format === 'json') {
    io.out(`${JSON.stringify({ asOf: result.asOf, customers: shown }, null, 2)}\n`);
  } else if (format === 'csv') {
    io.out((values.bom ? '\uFEFF' : '') + renderCsv(shown, locale));
  } else {
    io.out(`${renderTable(result, shown, locale, values.all)}\n`);
  }
  io.err(`${summaryLine(result, stats, input.skipped, locale)}\n`);
  // low_p_alive is on but its model could not be used: say so, or the rule's silence reads as good news.
  const skippedModel = result.pAliveModel ? describeSkippedModel(result.pAliveModel, locale) : null;
  if (skippedModel) io.err(`${skippedModel}\n`);
  if (model) io.err(`${refitLine(refitOutcomeOf(model), locale, false)}\n`);
  else io.err(`${text.riskModelOff}\n`);
  return 0;
}

function summaryLine(result: EvaluationResult, stats: BuildStats, skipped: number, locale: Locale): string {
  const atRisk = result.customers.filter((c) => c.atRisk).length;
  const { summary } = cliTextFor(locale).evaluate;
  return [
    summary.customers(result.customers.length, atRisk),
    summary.orders(stats.orders, stats.lines, stats.cancelledOrders, stats.returnDocuments),
    ...(stats.afterAsOf > 0 ? [summary.afterAsOf(stats.afterAsOf)] : []),
    ...(skipped > 0 ? [summary.skipped(skipped)] : []),
  ].join(summary.separator);
}
