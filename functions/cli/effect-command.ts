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
import { adjustedText, percentText, pointsText, rateText } from '../text/effect-figures.ts';
import { evaluateCustomers } from '../core/evaluate.ts';
import { ruleTitle, tierName } from '../text/explain.ts';
import { actionText } from '../text/follow-up-answers.ts';
import type { Locale } from '../core/locale.ts';
import { firstEvaluatedDay, lastEvaluatedDay } from '../cycle/run-evaluation.ts';
import { type CommandIo, UsageError } from './io.ts';
import { openStore } from './store-context.ts';
import { renderTextTable } from './text-table.ts';

export const EFFECT_HELP: Record<Locale, string> = {
  'zh-CN': `用法：churn-watch effect --from YYYY-MM-DD --to YYYY-MM-DD [--format text|json] [--lang zh-CN|en]

跟进有没有用？对这段时间里发出的预警，比较业务员跟进过的客户和没跟进的客户，各有多少恢复了下单。

  恢复    预警后 weekly.recoveryDays（默认 30）天内重新下单，且不再有流失风险
  跟进    预警后 followUp.withinDays（默认 2）天内、客户恢复之前，业务员点了“已电话联系 / 已上门拜访 /
          已发优惠券”，或有拜访记录
  待定    预警还不满 30 天，结果未定：不算失败，不参与比较
  不参与  业务员标为“不是真的流失”的预警（单独列出次数）；“客户已关店”算作未恢复

比较是否公平：业务员往往先跟进风险最高的客户，这些客户本来就更难挽回。所以只在同一客户等级、同一风险段
（0–25%、25–50%、50–75%、75–100%）里比较跟进与未跟进，再把各组按 Mantel–Haenszel 方法合并，并给出 95% 区间。
每边少于 10 次、或大多数预警在同组里找不到可比的另一方时，显示“太少，无法判断”。
这仍不是对照实验：业务员知道而风险分不知道的情况（例如明知客户没事就不跟进）无法排除。

另列出：各条规则的预警中被业务员标为“不是真的流失”的次数，以及产品上线（第一次每日评估）前后各一个
weekly.churnPeriodDays 周期的流失率（按客户等级）。上线前后的比较同样不是对照实验：季节、市场和客户构成的
变化都会影响它。

选项：
  --from 日期        第一天（含），按预警日
  --to 日期          最后一天（含）
  --format 格式      text（默认）或 json（同样的内容，以数字给出）
  --lang 语言        zh-CN（默认）或 en
  -h, --help         显示本帮助

示例：
  npx churn-watch effect --from 2026-10-01 --to 2026-10-31`,
  en: `Usage: churn-watch effect --from YYYY-MM-DD --to YYYY-MM-DD [--format text|json] [--lang zh-CN|en]

Does following up work? For the warnings given in the period, compares how many warned customers recovered
when the rep followed up and when nobody did.

  recovered      ordered again within weekly.recoveryDays (default 30) of the warning and no longer at risk
  followed up    the rep tapped "called", "visited" or "coupon sent" (or a visit was recorded) within
                 followUp.withinDays (default 2) of the warning and before the customer recovered
  pending        warned less than 30 days ago: the outcome is not known yet, so it is not a failure and is
                 not compared
  left out       warnings the rep marked "not a real risk" (counted on their own); "shop closed" counts as
                 not recovered

How the comparison is made fair: reps tend to follow up the riskiest customers first, and those are harder to
win back anyway. So followed-up and not-followed-up warnings are compared only within the same customer tier
and risk band (0–25%, 25–50%, 50–75%, 75–100%), and the groups are combined by Mantel–Haenszel, with a 95%
interval. With fewer than 10 warnings a side, or when most warnings have nobody comparable in their group, it
says "too few to say". It is still not an experiment: what a rep knows and the risk does not (skipping a shop
they know is fine) cannot be ruled out.

Also shown: per rule, how many of its warnings the reps marked "not a real risk"; and the churn rate per tier
over one weekly.churnPeriodDays period before the product was switched on (the first daily run) and over the
latest one. Before-and-after is not an experiment either: seasons, the market and the customer mix change too.

Options:
  --from DATE        first day (inclusive), by warning day
  --to DATE          last day (inclusive)
  --format FORMAT    text (default) or json (the same content as numbers)
  --lang LANG        zh-CN (default) or en
  -h, --help         show this help

Example:
  npx churn-watch effect --from 2026-10-01 --to 2026-10-31`,
};

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
    io.out(`${EFFECT_HELP[locale]}\n`);
    return 0;
  }
  const zh = locale === 'zh-CN';
  if (values.from === undefined || values.to === undefined) throw new UsageError(EFFECT_HELP[locale]);
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
