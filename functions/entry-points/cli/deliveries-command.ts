import { parseArgs } from 'node:util';
import { formatInstant } from '../../use-cases/settings/config-text.ts';
import { deliveryProblemSentence, deliveryProblemText } from './delivery-problem-text.ts';
import type { Locale } from '../../core/locale.ts';
import { loadConfig } from '../../adapters/dynamodb/config-store.ts';
import { readReps } from '../../use-cases/cycle/cycle-deps.ts';
import { deliver } from '../../use-cases/notify/deliver.ts';
import type { DeliveryRecord, DeliveryStatus } from '../../use-cases/notify/outbox.ts';
import { openCycle } from './cycle-context.ts';
import { choiceRefused, type CommandIo, extraRefused, nearestChoice, UsageError, wrongForm } from './io.ts';
import { openStore } from './store-context.ts';
import { renderTextTable } from './text-table.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

const STATUSES: readonly DeliveryStatus[] = ['pending', 'sending', 'sent', 'retrying', 'failed', 'uncertain'];

export async function deliveriesCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      day: { type: 'string' },
      status: { type: 'string' },
      format: { type: 'string', default: 'table' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.deliveries}\n`);
    return 0;
  }
  const text = cliTextFor(locale).runs;
  const statuses = values.status?.split(',').map((status) => status.trim());
  for (const status of statuses ?? []) {
    if (!STATUSES.includes(status as DeliveryStatus)) {
      throw new UsageError(text.deliveries.statusChoice(STATUSES, status));
    }
  }
  if (values.format !== 'table' && values.format !== 'json') {
    throw new UsageError(cliTextFor(locale).cli.formatChoice(['table', 'json']));
  }
  const { help, cli } = cliTextFor(locale);
  if (positionals[0] === 'resend' && positionals.length < 2) {
    throw wrongForm(cli.wrongForm.deliveryMissing, 'deliveries', help.deliveries, locale);
  }
  if (positionals.length > 0 && positionals[0] !== 'resend') {
    throw nearestChoice(positionals[0] as string, ['resend'])
      ? choiceRefused('deliveries', ['resend'], positionals, help.deliveries, locale)
      : extraRefused('deliveries', positionals, help.deliveries, locale);
  }
  const store = openStore();
  try {
    const deps = await openCycle(store, process.env, { withoutLinks: true });
    if (positionals[0] === 'resend') {
      const { reps } = await readReps(deps.stores.reps, deps.webhookVault);
      const { config } = await loadConfig(store.doc, store.tables.config);
      let failures = 0;
      for (const pk of positionals.slice(1)) {
        const record = await deps.store.get(pk);
        if (!record) {
          io.err(`${text.deliveries.noSuchDelivery(pk)}\n`);
          failures++;
          continue;
        }
        if (record.status !== 'failed' && record.status !== 'uncertain') {
          io.err(`${text.deliveries.notResendable(pk, record.status)}\n`);
          failures++;
          continue;
        }
        const requeued: DeliveryRecord = {
          ...record,
          status: 'pending',
          leaseUntil: undefined,
          nextAttemptAt: undefined,
          attempts: 0,
          updatedAt: new Date(deps.now()).toISOString(),
          version: record.version + 1,
        };
        if (!(await deps.store.update(requeued, record.version))) {
          io.err(`${text.deliveries.changedMeanwhile(pk)}\n`);
          failures++;
          continue;
        }
        const result = await deliver(requeued, { ...deps, reps, channels: config.channels });
        io.out(
          `${pk}: ${text.deliveryStatus[result.status]}${(result.problems || result.lastError) && result.status !== 'sent' ? ` — ${deliveryProblemText(result, locale)}` : ''}\n`,
        );
        if (result.status !== 'sent') failures++;
      }
      return failures > 0 ? 1 : 0;
    }
    const records = await deps.store.list({
      ...(values.day ? { day: values.day } : {}),
      ...(statuses ? { statuses: statuses as DeliveryStatus[] } : {}),
    });
    if (values.format === 'json') {
      io.out(`${JSON.stringify(records.map(withoutContent), null, 2)}\n`);
      return 0;
    }
    if (records.length === 0) {
      io.out(`${text.deliveries.none}\n`);
      return 0;
    }
    // Times in the configured zone, as config history shows them.
    const { timeZone } = (await loadConfig(store.doc, store.tables.config)).config;
    const columns = text.deliveries.columns(timeZone);
    const rows = records.map((record) => [
      record.pk,
      text.deliveryStatus[record.status],
      `${record.channel ?? '—'}${record.fellBackFrom ? ` (← ${record.fellBackFrom})` : ''}`,
      record.to ?? record.recipientId,
      String(record.attempts),
      formatInstant(record.updatedAt, timeZone),
      record.status === 'sent' ? '' : deliveryProblemText(record, locale),
    ]);
    io.out(
      `${renderTextTable(
        columns.map((header, i) => ({ header, ...(i === 6 ? { maxWidth: 60 } : {}) })),
        rows,
      )}\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}

/** A record as JSON: its problems as stored, and (as before they were codes) `lastError` in English. */
function withoutContent(record: DeliveryRecord): Omit<DeliveryRecord, 'content'> & { parts: number } {
  const { content, ...rest } = record;
  return {
    ...rest,
    ...(record.problems ? { lastError: deliveryProblemSentence(record) } : {}),
    parts: content.wecom?.length ?? (content.email ? 1 : 0),
  };
}
