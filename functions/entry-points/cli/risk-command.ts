import { parseArgs } from 'node:util';
import { loadConfig } from '../../adapters/dynamodb/config-store.ts';
import { readAllProfiles } from '../../adapters/dynamodb/profile-scan.ts';
import { latestRiskModelBefore } from '../../adapters/dynamodb/risk-model-store.ts';
import type { Locale } from '../../core/locale.ts';
import { modelForRun, refitRiskModel, runModelOf } from '../../use-cases/cycle/learned-scoring.ts';
import { choiceRefused, type CommandIo, extraRefused, UsageError } from './io.ts';
import { describeModel, learnedRiskStatusLine, refitLine } from './learned-risk-text.ts';
import { parseAsOf, parseStateAsOf } from './run-command.ts';
import { openStore } from './store-context.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

export async function riskCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'as-of': { type: 'string' },
      force: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.risk}\n`);
    return 0;
  }
  const [which, ...extras] = positionals;
  if (which !== 'fit' && which !== 'show') {
    throw choiceRefused('risk', ['fit', 'show'], positionals, cliTextFor(locale).help.risk, locale);
  }
  if (extras.length > 0) throw extraRefused('risk', extras, cliTextFor(locale).help.risk, locale);
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(cliTextFor(locale).cli.formatChoice(['text', 'json']));
  }
  const text = cliTextFor(locale).tools.risk;
  const store = openStore();
  try {
    const { config, version } = await loadConfig(store.doc, store.tables.config);
    // A fit is stored: a future day would be the model every later run picks up ahead of its time.
    const asOf =
      which === 'fit'
        ? parseStateAsOf(values['as-of'], locale, config.timeZone)
        : parseAsOf(values['as-of'], locale, config.timeZone);
    if (which === 'fit') {
      // A model dated in the past would be the one later days' re-runs pick up, and profiles pruned from
      // purchases after that day hold less of its history: fit as of today unless the admin means it.
      const today = parseAsOf(undefined, locale, config.timeZone);
      if (asOf < today && !values.force) {
        throw new UsageError(text.pastDay(String(values['as-of'])), 1);
      }
      const { profiles } = await readAllProfiles(store.doc, store.tables.profiles, 4);
      const { outcome } = await refitRiskModel(
        {
          models: store.cycleStores.models,
          answers: store.cycleStores.answers,
          config,
          configVersion: version,
          now: Date.now,
        },
        profiles,
        asOf,
      );
      io.out(`${refitLine(outcome, locale)}\n`);
      if (!config.riskModel.enabled) io.out(`${text.modelOff}\n`);
      return outcome.status === 'fitted' ? 0 : 1;
    }
    // The newest model, whatever its day, and what tomorrow's run would make of it.
    const newest = await latestRiskModelBefore(store.doc, store.tables.config, asOf + 1);
    if (values.format === 'json') {
      io.out(`${JSON.stringify(newest.ok ? newest.stored : null, null, 2)}\n`);
      return newest.ok ? 0 : 1;
    }
    if (newest.ok) io.out(`${describeModel(newest.stored.model, locale)}\n`);
    const tomorrow = config.riskModel.enabled
      ? await modelForRun(store.cycleStores.models, config, asOf + 1)
      : null;
    io.out(`${tomorrow ? learnedRiskStatusLine(tomorrow.status, locale) : text.rulesOnly}\n`);
    if (!newest.ok && newest.reason === 'unreadable') {
      io.err(`${learnedRiskStatusLine(runModelOf(newest, config, asOf).status, locale)}\n`);
    }
    return newest.ok ? 0 : 1;
  } finally {
    store.close();
  }
}
