import { parseArgs } from 'node:util';
import { deliveryProblemText } from './delivery-problem-text.ts';
import { type Day, dayOfInstant, formatDay, parseIsoDay } from '../core/days.ts';
import type { Locale } from '../core/locale.ts';
import type { CycleDeps } from '../cycle/cycle-deps.ts';
import { type DailyRun, retryDeliveries, runDaily } from '../cycle/run-daily.ts';
import { loadConfig } from '../adapters/dynamodb/config-store.ts';
import { runWeekly, type WeeklyRun } from '../cycle/run-weekly.ts';
import type { DeliverySummary } from '../notify/outbox.ts';
import { openCycle } from './cycle-context.ts';
import { learnedRiskStatusLine, refitLine } from './learned-risk-text.ts';
import { type CommandIo, UsageError } from './io.ts';
import { openStore } from './store-context.ts';
import { counted } from './text-table.ts';
import { textFor } from '../text/catalogue.ts';

export function parseAsOf(text: string | undefined, locale: Locale, timeZone: string): Day {
  if (text === undefined) return dayOfInstant(Date.now(), timeZone);
  const day = parseIsoDay(text);
  if (day === null) {
    throw new UsageError(locale === 'zh-CN' ? '--as-of 应为 YYYY-MM-DD' : '--as-of must be YYYY-MM-DD');
  }
  return day;
}

/**
 * `--as-of` for a command that writes state (a run, a model fit, the local product): today or earlier in the
 * configured zone. A later day would be recorded as evaluated, and every run of the real today after it
 * refused as "earlier" — the product would be locked until the calendar caught up.
 */
export function parseStateAsOf(
  text: string | undefined,
  locale: Locale,
  timeZone: string,
  now: () => number = Date.now,
): Day {
  const day = parseAsOf(text, locale, timeZone);
  const today = dayOfInstant(now(), timeZone);
  if (day > today) {
    throw new UsageError(
      locale === 'zh-CN'
        ? `--as-of ${formatDay(day)} 晚于今天（${formatDay(today)}，${timeZone}）：会写入数据的命令不接受未来的日期，否则之后按今天的运行都会被拒绝。想看某天的评估结果请用 churn-watch evaluate --as-of 或 churn-watch digest --preview`
        : `--as-of ${formatDay(day)} is after today (${formatDay(today)}, ${timeZone}): commands that write data do not take a future day, or every later run for today would be refused. To see a day's evaluation use churn-watch evaluate --as-of or churn-watch digest --preview`,
    );
  }
  return day;
}

export async function runCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'as-of': { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(`${textFor(locale).help.run}\n`);
    return 0;
  }
  const which = positionals[0];
  if ((which !== 'daily' && which !== 'weekly' && which !== 'retry') || positionals.length > 1) {
    throw new UsageError(`${textFor(locale).help.run}`);
  }
  const store = openStore();
  try {
    // "Today" is the configured zone's, as for the schedules.
    const { config } = await loadConfig(store.doc, store.tables.config);
    const asOf = parseStateAsOf(values['as-of'], locale, config.timeZone);
    const cycle = await openCycle(store);
    if (which === 'daily' && config.followUp.enabled && !cycle.actionLinks) io.err(`${NO_LINKS[locale]}\n`);
    const needsAttention = await runAndReport(which, cycle, asOf, io, locale, {
      allowEarlierDay: values.force,
    });
    return needsAttention ? 3 : 0;
  } finally {
    store.close();
  }
}

/** Digests go out without their answer links when this shell was not told where the links point. */
const NO_LINKS: Record<Locale, string> = {
  'zh-CN':
    '注意：晨报不会附一键反馈链接，因为没有设置 CHURN_WATCH_ACTION_URL。本机请先运行 npm start 打印的整行 export' +
    '（含 CHURN_WATCH_ACTION_URL 和 CHURN_WATCH_ACTION_KEY_FILE）；AWS 上用部署输出 ActionBaseUrl 和 ActionKeySecretName' +
    '（设为 CHURN_WATCH_ACTION_KEY_SECRET）。',
  en:
    'Note: the digests go out without one-tap answer links: CHURN_WATCH_ACTION_URL is not set. Locally, run the whole ' +
    'export line npm start prints (it has CHURN_WATCH_ACTION_URL and CHURN_WATCH_ACTION_KEY_FILE); on AWS, the stack ' +
    'outputs ActionBaseUrl and ActionKeySecretName (as CHURN_WATCH_ACTION_KEY_SECRET).',
};

/** Runs a cycle with given dependencies and reports it: what `local` does on its schedule. */
export async function runAndReport(
  which: 'daily' | 'weekly' | 'retry',
  deps: CycleDeps,
  asOf: Day,
  io: CommandIo,
  locale: Locale,
  options: { allowEarlierDay?: boolean } = {},
): Promise<boolean> {
  if (which === 'daily') return reportDaily(await runDaily(deps, asOf, options), io, locale);
  if (which === 'weekly') return reportWeekly(await runWeekly(deps, asOf), io, locale);
  const retried = await retryDeliveries(deps, asOf);
  io.out(
    locale === 'zh-CN'
      ? `重试：本次发送 ${retried.sentNow}，仍待重试 ${retried.byStatus.retrying}，失败 ${retried.byStatus.failed}。\n`
      : `Retry: ${retried.sentNow} sent now, ${retried.byStatus.retrying} still to retry, ${retried.byStatus.failed} failed.\n`,
  );
  return reportProblems(retried.deliveries, retried.errors, io, locale);
}

/** Prints what a daily run did; true when something needs a person (a failed or uncertain delivery). */
export function reportDaily(run: DailyRun, io: CommandIo, locale: Locale): boolean {
  const zh = locale === 'zh-CN';
  const s = run.evaluation.summary;
  const n = run.notify.byStatus;
  io.out(
    zh
      ? `${s.asOf} 评估完成：${s.customers} 位客户，${s.atRisk} 位有流失风险（配置版本 ${s.configVersion}）。\n` +
          `  今天：新增 ${s.newAlerts}，再次提醒 ${s.reminders}，升级 ${s.escalated}，已恢复 ${s.recovered}，上报经理 ${s.managerEscalations}。\n` +
          `消息：本次发送 ${run.notify.sentNow}（此前已发送 ${run.notify.alreadySent}），待重试 ${n.retrying}，失败 ${n.failed}，状态不明 ${n.uncertain}；` +
          `${run.notify.quietReps} 位业务员今天没有新情况（不发送）。\n`
      : `${s.asOf} evaluated: ${s.customers} customers, ${s.atRisk} at risk (config version ${s.configVersion}).\n` +
          `  Today: ${s.newAlerts} new, ${s.reminders} reminders, ${s.escalated} escalated, ${s.recovered} recovered, ${s.managerEscalations} reported to managers.\n` +
          `Messages: ${run.notify.sentNow} sent now (${run.notify.alreadySent} sent earlier), ${n.retrying} to retry, ${n.failed} failed, ${n.uncertain} uncertain; ` +
          `${run.notify.quietReps} reps had nothing new (no message).\n`,
  );
  if (s.learnedRisk) io.out(`${learnedRiskStatusLine(s.learnedRisk, locale)}\n`);
  if (s.laterDayKept > 0) {
    io.err(
      zh
        ? `注意：${s.laterDayKept} 位客户的预警已按更晚的日期评估过，本次未改动。\n`
        : `Note: ${s.laterDayKept} alerts were already evaluated for a later day and were left as they are.\n`,
    );
  }
  if (s.unreadableAlerts.length > 0) {
    io.err(
      zh
        ? `无法读取的预警记录（这些客户的预警已重新开始）：${s.unreadableAlerts.join(', ')}\n`
        : `Unreadable alert records (these customers' alerts start afresh): ${s.unreadableAlerts.join(', ')}\n`,
    );
  }
  if (s.unreadableProfiles.length > 0 || run.unreadableReps.length > 0) {
    io.err(
      zh
        ? `无法读取：客户档案 ${s.unreadableProfiles.join(', ') || '无'}；业务员 ${run.unreadableReps.join(', ') || '无'}（请用 rebuild-profiles 或重新导入）。\n`
        : `Unreadable: profiles ${s.unreadableProfiles.join(', ') || 'none'}; reps ${run.unreadableReps.join(', ') || 'none'} (rebuild-profiles or import them again).\n`,
    );
  }
  return reportProblems(run.notify.dayProblems, run.notify.errors, io, locale);
}

export function reportWeekly(run: WeeklyRun, io: CommandIo, locale: Locale): boolean {
  const zh = locale === 'zh-CN';
  io.out(
    zh
      ? `${run.day} 周报：${run.deliveries.length} 位经理，本次发送 ${run.sentNow} 份（此前已发送 ${run.alreadySent} 份）。\n`
      : `${run.day} weekly summaries: ${counted(run.deliveries.length, 'manager')}, ${run.sentNow} sent now (${run.alreadySent} sent earlier).\n`,
  );
  if (run.riskModel) io.out(`${refitLine(run.riskModel, locale)}\n`);
  return reportProblems(run.deliveries, run.errors, io, locale);
}

function reportProblems(
  deliveries: readonly DeliverySummary[],
  errors: readonly { pk: string; message: string }[],
  io: CommandIo,
  locale: Locale,
): boolean {
  const zh = locale === 'zh-CN';
  for (const error of errors) {
    io.err(`  ${zh ? '未能处理' : 'could not work on'}: ${error.pk} — ${error.message}\n`);
  }
  const problems = deliveries.filter((record) => record.status === 'failed' || record.status === 'uncertain');
  for (const record of problems) {
    io.err(
      `  ${zh ? (record.status === 'failed' ? '失败' : '状态不明') : record.status}: ${record.pk} — ${deliveryProblemText(record.lastError ?? '', locale)}\n`,
    );
  }
  if (problems.length > 0) {
    io.err(
      zh
        ? '查看与处理：churn-watch deliveries（resend 可重新发送）\n'
        : 'See and handle them: churn-watch deliveries (resend sends again)\n',
    );
  }
  return problems.length > 0 || errors.length > 0;
}
