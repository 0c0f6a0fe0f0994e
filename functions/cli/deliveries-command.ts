import { parseArgs } from 'node:util';
import { formatInstant } from '../settings/config-text.ts';
import { deliveryProblemText } from './delivery-problem-text.ts';
import type { Locale } from '../core/locale.ts';
import { loadConfig } from '../adapters/dynamodb/config-store.ts';
import { readReps } from '../cycle/cycle-deps.ts';
import { deliver } from '../notify/deliver.ts';
import type { DeliveryRecord, DeliveryStatus } from '../notify/outbox.ts';
import { openCycle } from './cycle-context.ts';
import { type CommandIo, UsageError } from './io.ts';
import { openStore } from './store-context.ts';
import { renderTextTable } from './text-table.ts';
import { textFor } from '../text/catalogue.ts';

const STATUSES: readonly DeliveryStatus[] = ['pending', 'sending', 'sent', 'retrying', 'failed', 'uncertain'];

const STATUS_ZH: Record<DeliveryStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  retrying: '待重试',
  failed: '失败',
  uncertain: '状态不明',
};

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
    io.out(`${textFor(locale).help.deliveries}\n`);
    return 0;
  }
  const zh = locale === 'zh-CN';
  const statuses = values.status?.split(',').map((status) => status.trim());
  for (const status of statuses ?? []) {
    if (!STATUSES.includes(status as DeliveryStatus)) {
      throw new UsageError(
        zh
          ? `--status 只能是 ${STATUSES.join('、')}（收到「${status}」）`
          : `--status must be one of ${STATUSES.join(', ')} (got "${status}")`,
      );
    }
  }
  if (values.format !== 'table' && values.format !== 'json') {
    throw new UsageError(zh ? '--format 只能是 table 或 json' : '--format must be table or json');
  }
  const store = openStore();
  try {
    const deps = await openCycle(store, process.env, { withoutLinks: true });
    if (positionals[0] === 'resend') {
      if (positionals.length < 2) throw new UsageError(textFor(locale).help.deliveries);
      const { reps } = await readReps(store.doc, store.tables.reps, deps.webhookVault);
      const { config } = await loadConfig(store.doc, store.tables.config);
      let failures = 0;
      for (const pk of positionals.slice(1)) {
        const record = await deps.store.get(pk);
        if (!record) {
          io.err(zh ? `没有这条发送记录：${pk}\n` : `no such delivery: ${pk}\n`);
          failures++;
          continue;
        }
        if (record.status !== 'failed' && record.status !== 'uncertain') {
          io.err(
            zh
              ? `${pk} 的状态是 ${record.status}，只有 failed 或 uncertain 的记录可以重新发送\n`
              : `${pk} is ${record.status}; only failed or uncertain records can be resent\n`,
          );
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
          io.err(zh ? `${pk} 正被其他进程处理，请稍后再试\n` : `${pk} changed meanwhile; try again\n`);
          failures++;
          continue;
        }
        const result = await deliver(requeued, { ...deps, reps, channels: config.channels });
        io.out(
          `${pk}: ${zh ? STATUS_ZH[result.status] : result.status}${result.lastError && result.status !== 'sent' ? ` — ${deliveryProblemText(result.lastError, locale)}` : ''}\n`,
        );
        if (result.status !== 'sent') failures++;
      }
      return failures > 0 ? 1 : 0;
    }
    if (positionals.length > 0) throw new UsageError(textFor(locale).help.deliveries);
    const records = await deps.store.list({
      ...(values.day ? { day: values.day } : {}),
      ...(statuses ? { statuses: statuses as DeliveryStatus[] } : {}),
    });
    if (values.format === 'json') {
      io.out(`${JSON.stringify(records.map(withoutContent), null, 2)}\n`);
      return 0;
    }
    if (records.length === 0) {
      io.out(zh ? '没有发送记录。\n' : 'No deliveries.\n');
      return 0;
    }
    // Times in the configured zone, as config history shows them.
    const { timeZone } = (await loadConfig(store.doc, store.tables.config)).config;
    const columns = zh
      ? ['记录编号', '状态', '方式', '收件人', '尝试', `更新时间（${timeZone}）`, '说明']
      : ['ID', 'Status', 'Channel', 'To', 'Attempts', `Updated (${timeZone})`, 'Note'];
    const rows = records.map((record) => [
      record.pk,
      zh ? STATUS_ZH[record.status] : record.status,
      `${record.channel ?? '—'}${record.fellBackFrom ? ` (← ${record.fellBackFrom})` : ''}`,
      record.to ?? record.recipientId,
      String(record.attempts),
      formatInstant(record.updatedAt, timeZone),
      record.status === 'sent' ? '' : deliveryProblemText(record.lastError ?? '', locale),
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

function withoutContent(record: DeliveryRecord): Omit<DeliveryRecord, 'content'> & { parts: number } {
  const { content, ...rest } = record;
  return { ...rest, parts: content.wecom?.length ?? (content.email ? 1 : 0) };
}
