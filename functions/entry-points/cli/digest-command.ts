import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../adapters/dynamodb/config-store.ts';
import { formatDay } from '../../core/days.ts';
import type { Locale } from '../../core/locale.ts';
import { readReps } from '../../use-cases/cycle/cycle-deps.ts';
import { runEvaluation } from '../../use-cases/cycle/run-evaluation.ts';
import { buildRepDigest } from '../../use-cases/notify/build-digest.ts';
import { renderDigestEmail } from '../../render/render-digest-email.ts';
import { renderDigestWecom } from '../../render/render-digest-wecom.ts';
import { type CommandIo, UsageError, wrongForm } from './io.ts';
import { parseAsOf } from './run-command.ts';
import { RepDirectory } from '../../use-cases/ingest/rep-directory.ts';
import { openStore } from './store-context.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

export async function digestCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rep: { type: 'string' },
      'as-of': { type: 'string' },
      preview: { type: 'boolean', default: false },
      out: { type: 'string' },
      channel: { type: 'string', default: 'email' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.digest}\n`);
    return 0;
  }
  const text = cliTextFor(locale).runs.digest;
  const { help, cli } = cliTextFor(locale);
  if (!values.rep || !values.preview) {
    const missing = [...(values.rep ? [] : ['--rep']), ...(values.preview ? [] : ['--preview'])];
    throw wrongForm(cli.wrongForm.optionsRequired(missing), 'digest', help.digest, locale);
  }
  if (values.channel !== 'email' && values.channel !== 'wecom') {
    const refusal = cli.wrongForm.optionChoice('--channel', ['email', 'wecom'], values.channel);
    throw wrongForm(refusal, 'digest', help.digest, locale);
  }
  const store = openStore();
  try {
    const { config, version } = await loadConfig(store.doc, store.tables.config);
    const asOf = parseAsOf(values['as-of'], locale, config.timeZone);
    const { reps } = await readReps(store.cycleStores.reps);
    // By id or by name, as imports match the 业务员 column.
    const match = new RepDirectory([...reps.values()]).match(values.rep);
    const rep = match.kind === 'id' || match.kind === 'name' ? reps.get(match.repId) : undefined;
    if (match.kind === 'ambiguous') {
      throw new UsageError(text.ambiguousRep(values.rep, match.repIds));
    }
    if (!rep) {
      throw new UsageError(text.noSuchRep(values.rep));
    }
    if (rep.role === 'manager') {
      throw new UsageError(text.isManager(rep.repId), 1);
    }
    const run = await runEvaluation(
      { stores: store.cycleStores, config, configVersion: version, dryRun: true },
      asOf,
    );
    const day = formatDay(asOf);
    const records = [...run.alerts.values()].filter((record) => record.state?.repId === rep.repId);
    const { digest } = buildRepDigest({
      rep,
      records,
      // The day's own outcomes (outcomes an earlier message missed are added when it is sent for real).
      entries: records.filter((record) => record.day === day && record.outcome.section !== null),
      day,
      maxCustomers: config.digest.maxCustomers,
      defaultLocale: config.locale,
      configVersion: version,
    });
    if (values.channel === 'wecom') {
      const parts = renderDigestWecom(digest);
      parts.forEach((part, i) => io.out(`${i > 0 ? '\n---\n' : ''}${part}\n`));
      return 0;
    }
    const email = renderDigestEmail(digest);
    // By default beside the system's other temporary files, not in whatever folder the admin stands in.
    const path = values.out
      ? resolve(values.out)
      : join(
          await mkdtemp(join(tmpdir(), 'churn-watch-digest-')),
          `digest-${rep.repId}-${formatDay(asOf)}.html`,
        );
    await writeFile(path, email.html, 'utf8');
    io.out(`${email.subject}\n${text.writtenTo(path)}\n`);
    return 0;
  } finally {
    store.close();
  }
}
