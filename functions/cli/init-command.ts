import { parseArgs } from 'node:util';
import { createMissingTables } from '../adapters/dynamodb/create-tables.ts';
import type { Locale } from '../core/locale.ts';
import { type CommandIo, UsageError } from './io.ts';
import { openStore } from './store-context.ts';
import { textFor } from '../text/catalogue.ts';

export async function initCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.out(`${textFor(locale).help.init}\n`);
    return 0;
  }
  const store = openStore();
  const zh = locale === 'zh-CN';
  try {
    if (!store.endpoint) {
      throw new UsageError(
        zh
          ? '未设置 AWS_ENDPOINT_URL_DYNAMODB：init 只用于本地或兼容的 DynamoDB；AWS 上的数据表由 npx cdk deploy 创建。'
          : 'AWS_ENDPOINT_URL_DYNAMODB is not set: init is for local or compatible endpoints; on AWS, npx cdk deploy creates the tables.',
      );
    }
    const created = await createMissingTables(store.client, store.tables);
    io.out(
      created.length === 0
        ? zh
          ? `数据表已齐全（${store.endpoint}）。\n`
          : `All tables exist (${store.endpoint}).\n`
        : `${zh ? `已创建 ${created.length} 张表` : `Created ${created.length} tables`} (${store.endpoint}): ${created.join(', ')}\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}
