import { parseArgs } from 'node:util';
import { dynamoSnoozeStore } from '../../adapters/dynamodb/answer-store.ts';
import { formatDay, parseIsoDay } from '../../core/days.ts';
import type { Locale } from '../../core/locale.ts';
import { type CommandIo, extraRefused, UsageError, wrongForm } from './io.ts';
import { openStore } from './store-context.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';
import { snoozeWarning } from '../../use-cases/follow-up/snooze-warning.ts';

export async function snoozeCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      until: { type: 'string' },
      clear: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.snooze}\n`);
    return 0;
  }
  const text = cliTextFor(locale).runs.snooze;
  const { help, cli } = cliTextFor(locale);
  const [customerId, ...extras] = positionals;
  if (!customerId) throw wrongForm(cli.wrongForm.customerMissing, 'snooze', help.snooze, locale);
  if (extras.length > 0) throw extraRefused('snooze', extras, help.snooze, locale);
  if (values.clear === (values.until !== undefined)) {
    throw wrongForm(cli.wrongForm.exactlyOne(['--until', '--clear']), 'snooze', help.snooze, locale);
  }
  const until = values.until === undefined ? null : parseIsoDay(values.until);
  if (values.until !== undefined && until === null) {
    throw new UsageError(text.untilInvalid);
  }
  const store = openStore();
  try {
    const snoozed = await snoozeWarning(
      customerId,
      until === null ? null : formatDay(until),
      dynamoSnoozeStore(store.doc, store.tables.alerts),
    );
    if (snoozed === 'no_alert') throw new UsageError(text.noAlert(customerId), 1);
    io.out(`${until === null ? text.cleared(customerId) : text.paused(customerId, formatDay(until))}\n`);
    return 0;
  } finally {
    store.close();
  }
}
