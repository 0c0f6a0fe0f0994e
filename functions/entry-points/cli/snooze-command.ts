import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { parseArgs } from 'node:util';
import { alertFromItem, alertToItem } from '../../adapters/dynamodb/alert-item.ts';
import { snoozeAlert } from '../../core/alerts.ts';
import { formatDay, parseIsoDay } from '../../core/days.ts';
import type { Locale } from '../../core/locale.ts';
import { type CommandIo, UsageError } from './io.ts';
import { openStore } from './store-context.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

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
  const customerId = positionals[0];
  if (!customerId || positionals.length > 1 || values.clear === (values.until !== undefined)) {
    throw new UsageError(cliTextFor(locale).help.snooze);
  }
  const until = values.until === undefined ? null : parseIsoDay(values.until);
  if (values.until !== undefined && until === null) {
    throw new UsageError(text.untilInvalid);
  }
  const store = openStore();
  try {
    const { Item } = await store.doc.send(
      new GetCommand({ TableName: store.tables.alerts, Key: { customerId }, ConsistentRead: true }),
    );
    if (!Item) {
      throw new UsageError(text.noAlert(customerId), 1);
    }
    const record = snoozeAlert(alertFromItem(Item), until === null ? null : formatDay(until));
    await store.doc.send(new PutCommand({ TableName: store.tables.alerts, Item: alertToItem(record) }));
    io.out(`${until === null ? text.cleared(customerId) : text.paused(customerId, formatDay(until))}\n`);
    return 0;
  } finally {
    store.close();
  }
}
