import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { visitsSince } from '../adapters/dynamodb/visit-events.ts';
import { parseArgs } from 'node:util';
import { answersSince } from '../adapters/dynamodb/answer-store.ts';
import { loadConfig } from '../adapters/dynamodb/config-store.ts';
import { readAllCustomers } from '../adapters/dynamodb/customer-items.ts';
import { readAllProfiles } from '../adapters/dynamodb/profile-scan.ts';
import type { TableNames } from '../adapters/dynamodb/tables.ts';
import { firstWarningDay, readWarningLog } from '../adapters/dynamodb/warning-log.ts';
import { type ChurnConfig, TIERS } from '../core/config.ts';
import { type Day, dayOfInstant, formatDay, parseIsoDay } from '../core/days.ts';
import {
  type ChurnPeriod,
  churnOverPeriod,
  type Comparison,
  type EffectReport,
  effectReport,
  effectSettingsOf,
  visitsByDay,
} from '../core/effect.ts';
import { adjustedText, percentText, pointsText, rateText } from '../core/effect-text.ts';
import { evaluateCustomers } from '../core/evaluate.ts';
import { ruleTitle, tierName } from '../text/explain.ts';
import { actionText } from '../core/follow-up.ts';
import type { Locale } from '../core/locale.ts';
import { firstEvaluatedDay, lastEvaluatedDay } from '../cycle/run-evaluation.ts';
import { type CommandIo, UsageError } from './io.ts';
import { openStore } from './store-context.ts';
import { renderTextTable } from './text-table.ts';
import { textFor } from '../text/catalogue.ts';

/** Churn before the product was switched on against the latest period: not an experiment, stated as such. */
export interface ChurnBeforeAfter {
  /** The first daily run (or, failing a run record, the first warning in the log), `YYYY-MM-DD`. */
  switchedOn: string;
  periodDays: number;
  /** Null when the profiles' history no longer reaches back to it. */
  before: ChurnPeriod | null;
  /** Null until a whole period has passed since the switch-on. */
  after: ChurnPeriod | null;
}

export interface EffectOutput {
  report: EffectReport;
  /** Null before the product has run a day. */
  churn: ChurnBeforeAfter | null;
}

export interface EffectStore {
  doc: DynamoDBDocumentClient;
  tables: Pick<TableNames, 'profiles' | 'customers' | 'config' | 'followups' | 'events'>;
  now?: () => number;
}

/**
 * Reads the warning log, the answers, visits and profiles, and works the report out. Outcomes are known up
 * to the last evaluated day, so that is the day windows close by (today before the first run).
 */
export async function buildEffect(store: EffectStore, period: { from: Day; to: Day }): Promise<EffectOutput> {
  const { doc, tables } = store;
  const from = formatDay(period.from);
  const to = formatDay(period.to);
  const { config } = await loadConfig(doc, tables.config);
  const [warnings, answers, visits, lastDay, firstDay, firstWarning] = await Promise.all([
    readWarningLog(doc, tables.followups, from, to),
    answersSince(doc, tables.followups, from),
    visitsSince(doc, tables.events, period.from).then(visitsByDay),
    lastEvaluatedDay(doc, tables.config),
    firstEvaluatedDay(doc, tables.config),
    firstWarningDay(doc, tables.followups),
  ]);
  const asOf = lastDay ?? formatDay(dayOfInstant((store.now ?? Date.now)(), config.timeZone));
  const report = effectReport({
    warnings,
    answers,
    visits,
    from,
    to,
    asOf,
    settings: effectSettingsOf(config),
  });
  const switchedOn = firstDay ?? firstWarning;
  if (switchedOn === null) return { report, churn: null };
  const churn = await churnBeforeAfter(store, config, parseIsoDay(switchedOn) as Day, {
    end: Math.min(period.to, parseIsoDay(asOf) as Day),
    asOf: parseIsoDay(asOf) as Day,
  });
  return { report, churn };
}

/**
 * Churn over the period that ended on the switch-on day, against the latest whole period up to `end`. A day is
 * evaluated only where the profiles still hold the history its tiers and rules look back on.
 */
async function churnBeforeAfter(
  store: EffectStore,
  config: ChurnConfig,
  switchedOn: Day,
  days: { end: number; asOf: Day },
): Promise<ChurnBeforeAfter> {
  const period = config.weekly.churnPeriodDays;
  const [{ profiles }, customers] = await Promise.all([
    readAllProfiles(store.doc, store.tables.profiles, 4),
    readAllCustomers(store.doc, store.tables.customers),
  ]);
  const at = (day: Day) => evaluateCustomers({ profiles, customers, asOf: day, config }).customers;
  const between = (start: Day, end: Day) =>
    churnOverPeriod(at(start), at(end), { from: formatDay(start), to: formatDay(end) });
  const reaches = days.asOf - (config.profile.retentionDays - config.tiers.trailingDays);
  const beforeStart = (switchedOn - period) as Day;
  const afterEnd = days.end as Day;
  const afterStart = (afterEnd - period) as Day;
  return {
    switchedOn: formatDay(switchedOn),
    periodDays: period,
    before: beforeStart >= reaches ? between(beforeStart, switchedOn) : null,
    after: afterStart >= switchedOn ? between(afterStart, afterEnd) : null,
  };
}

export async function effectCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(`${textFor(locale).help.effect}\n`);
    return 0;
  }
  const zh = locale === 'zh-CN';
  if (values.from === undefined || values.to === undefined) throw new UsageError(textFor(locale).help.effect);
  const from = parseIsoDay(values.from);
  const to = parseIsoDay(values.to);
  if (from === null || to === null) {
    throw new UsageError(zh ? '--from 和 --to 应为 YYYY-MM-DD' : '--from and --to must be YYYY-MM-DD');
  }
  if (from > to) {
    throw new UsageError(zh ? '--from 不能晚于 --to' : '--from must not be after --to');
  }
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(zh ? '--format 只能是 text 或 json' : '--format must be text or json');
  }
  const store = openStore();
  try {
    const output = await buildEffect(store, { from, to });
    io.out(
      values.format === 'json'
        ? `${JSON.stringify(output, null, 2)}\n`
        : `${renderEffectText(output, locale)}\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}

function comparisonRows(label: string, comparison: Comparison, locale: Locale): string[] {
  return [
    label,
    String(comparison.withFollowUp.warnings),
    rateText(comparison.withFollowUp, locale),
    String(comparison.withoutFollowUp.warnings),
    rateText(comparison.withoutFollowUp, locale),
    adjustedText(comparison, locale),
  ];
}

/** The report as an admin reads it in a terminal. */
export function renderEffectText(output: EffectOutput, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const { report } = output;
  const { overall } = report;
  const lines: string[] = [];
  lines.push(
    zh
      ? `预警效果：${report.from} ～ ${report.to} 发出的预警（结果截至 ${report.asOf}）`
      : `Effect of warnings given ${report.from} to ${report.to} (outcomes up to ${report.asOf})`,
    // Three parts that add up to the whole (a warning marked not real while still pending counts as pending),
    // then the closed shops, which are among the compared or pending ones.
    zh
      ? `预警 ${report.warnings} 次 = 参与比较 ${report.compared} 次 + 结果未定（不满 ${report.recoveryDays} 天）${report.pending} 次 + 标为“不是真的流失”不参与比较 ${report.warnings - report.compared - report.pending} 次；其中客户已关店 ${report.closed} 次，计为未恢复。`
      : `${report.warnings} warnings = ${report.compared} compared + ${report.pending} pending (under ${report.recoveryDays} days) + ${report.warnings - report.compared - report.pending} marked not a real risk, left out; ${report.closed} of them shop closed, counted as not recovered.`,
    zh
      ? `恢复 = 预警后 ${report.recoveryDays} 天内重新下单且不再有风险；跟进 = 预警后 ${report.followUpWithinDays} 天内、恢复之前电话、拜访或发券。`
      : `Recovered = ordered again within ${report.recoveryDays} days and no longer at risk; followed up = a call, visit or coupon within ${report.followUpWithinDays} days of the warning, before recovery.`,
    '',
  );
  lines.push(
    zh
      ? `已跟进：${rateText(overall.withFollowUp, locale)}，${overall.withFollowUp.warnings} 次中恢复 ${overall.withFollowUp.recovered} 次`
      : `Followed up: ${rateText(overall.withFollowUp, locale)}, ${overall.withFollowUp.recovered} of ${overall.withFollowUp.warnings} recovered`,
    zh
      ? `未跟进：${rateText(overall.withoutFollowUp, locale)}，${overall.withoutFollowUp.warnings} 次中恢复 ${overall.withoutFollowUp.recovered} 次`
      : `Not followed up: ${rateText(overall.withoutFollowUp, locale)}, ${overall.withoutFollowUp.recovered} of ${overall.withoutFollowUp.warnings} recovered`,
  );
  if (overall.crudeDifference !== null) {
    lines.push(
      zh
        ? `直接相减：${pointsText(overall.crudeDifference)} 个百分点（未考虑等级和风险的差别）`
        : `Raw difference: ${pointsText(overall.crudeDifference)} points (tier and risk not taken into account)`,
    );
  }
  lines.push(
    zh
      ? `同等级、同风险段相比（Mantel–Haenszel）：${adjustedText(overall, locale)}`
      : `At the same tier and risk band (Mantel–Haenszel): ${adjustedText(overall, locale)}`,
  );
  if (report.compared === 0 && report.pending > 0) {
    // Not "too few" because nobody followed up: the outcomes are simply not known yet.
    lines.push(
      zh
        ? `这段时间的预警都还不满 ${report.recoveryDays} 天，结果未定，不是没有跟进；最早的预警满 ${report.recoveryDays} 天后再看。`
        : `None of these warnings is ${report.recoveryDays} days old yet: their outcomes are not known, which is not the same as not followed up; look again once the first is ${report.recoveryDays} days old.`,
    );
  }
  lines.push('');
  // The tables only once something is compared: headers over no rows say nothing.
  if (report.compared > 0) lines.push(...comparisonTables(report, locale));
  if (report.falseAlarms.length > 0) {
    lines.push(
      zh
        ? '各规则的预警被业务员标为“不是真的流失”：'
        : 'Warnings the reps marked "not a real risk", per rule:',
    );
    for (const row of report.falseAlarms) {
      const share = row.warnings > 0 ? percentText(row.notReal / row.warnings) : '';
      lines.push(
        zh
          ? `  ${ruleTitle(row.rule, locale)}：${row.warnings} 次中 ${row.notReal} 次（${share}）`
          : `  ${ruleTitle(row.rule, locale)}: ${row.notReal} of ${row.warnings} (${share})`,
      );
    }
    lines.push('');
  }
  lines.push(...churnLines(output.churn, locale));
  return lines.join('\n').trimEnd();
}

/** Recovery with and without follow-up by tier and by action, as two tables. */
function comparisonTables(report: EffectReport, locale: Locale): string[] {
  const zh = locale === 'zh-CN';
  const lines: string[] = [];
  const columns = [
    { header: '' },
    { header: zh ? '跟进' : 'Followed up', align: 'right' as const },
    { header: zh ? '恢复率（95% 区间）' : 'Recovered (95% interval)' },
    { header: zh ? '未跟进' : 'Not followed up', align: 'right' as const },
    { header: zh ? '恢复率（95% 区间）' : 'Recovered (95% interval)' },
    { header: zh ? '同风险相比' : 'At the same risk' },
  ];
  lines.push(zh ? '按客户等级：' : 'By tier:');
  lines.push(
    renderTextTable(
      columns,
      TIERS.filter(
        (tier) =>
          report.byTier[tier].withFollowUp.warnings + report.byTier[tier].withoutFollowUp.warnings > 0,
      ).map((tier) => comparisonRows(tierName(tier, locale), report.byTier[tier], locale)),
    ),
    '',
  );
  lines.push(zh ? '按跟进方式（与未跟进相比）：' : 'By action (against no follow-up):');
  lines.push(
    renderTextTable(
      columns,
      (['called', 'visited', 'coupon'] as const).map((action) =>
        comparisonRows(actionText(action, locale), report.byAction[action], locale),
      ),
    ),
    '',
  );
  return lines;
}

function churnLines(churn: ChurnBeforeAfter | null, locale: Locale): string[] {
  const zh = locale === 'zh-CN';
  if (churn === null) {
    return [
      zh
        ? '上线前后的流失率：产品还没有运行过每日评估。'
        : 'Churn before and after: the product has not run a day yet.',
    ];
  }
  const lines = [
    zh
      ? `上线前后的流失率（上线：${churn.switchedOn}；每期 ${churn.periodDays} 天；不是对照实验，季节、市场和客户构成的变化都会影响它）：`
      : `Churn before and after the switch-on (${churn.switchedOn}; periods of ${churn.periodDays} days; not an experiment: seasons, the market and the customer mix change too):`,
  ];
  const rate = (period: ChurnPeriod | null, tier: (typeof TIERS)[number] | 'total') => {
    if (period === null) return '—';
    const group = tier === 'total' ? period.total : period.byTier[tier];
    if (group.rate === null) return zh ? `太少（${group.base}）` : `too few (${group.base})`;
    const counts = `${group.churned}/${group.base}`;
    return zh ? `${percentText(group.rate)}（${counts}）` : `${percentText(group.rate)} (${counts})`;
  };
  const label = (period: ChurnPeriod | null, missing: string) =>
    period === null ? missing : `${period.from}${zh ? ' ～ ' : ' to '}${period.to}`;
  lines.push(
    renderTextTable(
      [
        { header: '' },
        {
          header: `${zh ? '上线前' : 'Before'} ${label(churn.before, zh ? '（历史数据已不够）' : '(history no longer reaches)')}`,
        },
        {
          header: `${zh ? '最近' : 'Latest'} ${label(churn.after, zh ? '（上线还不满一期）' : '(not a whole period yet)')}`,
        },
      ],
      [
        ...TIERS.map((tier) => [tierName(tier, locale), rate(churn.before, tier), rate(churn.after, tier)]),
        [zh ? '合计' : 'All', rate(churn.before, 'total'), rate(churn.after, 'total')],
      ],
    ),
  );
  return lines;
}
