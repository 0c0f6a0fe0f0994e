import { parseArgs } from 'node:util';
import { createMissingTables } from '../../adapters/dynamodb/create-tables.ts';
import type { Locale } from '../../core/locale.ts';
import { type CommandIo, UsageError } from './io.ts';
import { openStore } from './store-context.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

export async function initCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.init}\n`);
    return 0;
  }
  const store = openStore();
  const text = cliTextFor(locale).tools.tables;
  try {
    if (!store.endpoint) {
      throw new UsageError(text.noEndpoint);
    }
    const created = await createMissingTables(store.client, store.tables);
    io.out(
      created.length === 0
        ? `${text.allExist(store.endpoint)}\n`
        : `${text.created(created.length)} (${store.endpoint}): ${created.join(', ')}\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}
