import { parseArgs } from 'node:util';
import type { Locale } from '../core/locale.ts';
import { rebuildProfiles } from '../ingest/rebuild-profiles.ts';
import type { CommandIo } from './io.ts';
import { openStore } from './store-context.ts';

export const REBUILD_HELP: Record<Locale, string> = {
  'zh-CN': `用法：churn-watch rebuild-profiles

根据数据库中的全部订单、拜访、优惠券和投诉记录重新计算每位客户的档案。在数据被手工修改、或升级后档案格式变化时使用；
日常入库会自动更新档案，无需运行。`,
  en: `Usage: churn-watch rebuild-profiles

Recomputes every customer's profile from all stored orders, visits, coupons and complaints. Use it after manual
edits to the data or an upgrade that changes what profiles hold; everyday ingest keeps profiles up to date.`,
};

export async function rebuildProfilesCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.out(`${REBUILD_HELP[locale]}\n`);
    return 0;
  }
  const store = openStore();
  try {
    const count = await rebuildProfiles(store.ingestDeps(locale));
    io.out(locale === 'zh-CN' ? `已重建 ${count} 位客户的档案。\n` : `Rebuilt ${count} customer profiles.\n`);
    return 0;
  } finally {
    store.close();
  }
}
