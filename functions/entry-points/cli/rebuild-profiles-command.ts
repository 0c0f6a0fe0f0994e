import { parseArgs } from 'node:util';
import type { Locale } from '../../core/locale.ts';
import { rebuildProfiles } from '../../use-cases/ingest/rebuild-profiles.ts';
import type { CommandIo } from './io.ts';
import { openStore } from './store-context.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

export async function rebuildProfilesCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.rebuildProfiles}\n`);
    return 0;
  }
  const store = openStore();
  try {
    const count = await rebuildProfiles(store.ingestDeps(locale));
    io.out(`${cliTextFor(locale).tools.tables.rebuilt(count)}\n`);
    return 0;
  } finally {
    store.close();
  }
}
