import { parseArgs } from 'node:util';
import type { ComparisonRow, DecileRow, FalseAlarms, SignalResult } from '../core/backtest.ts';
import { type Day, formatDay, parseIsoDay } from '../core/days.ts';
import { ruleTitle } from '../text/explain.ts';
import type { Locale } from '../core/locale.ts';
import type { OrderLine } from '../core/records.ts';
import { type BacktestRiskModel, type RiskBacktestReport, riskBacktest } from '../core/risk-backtest.ts';
import { EXPORT_INPUT_OPTIONS, loadExport, requireOrdersAndDay } from './evaluation-input.ts';
import { type CommandIo, UsageError } from './io.ts';
import { bgnbdBasisText, lineRuleText, notLearnedText } from './learned-risk-text.ts';
import { renderTextTable } from './text-table.ts';
import { textFor } from '../text/catalogue.ts';

const MAX_HORIZON_DAYS = 3650;

export async function backtestCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...EXPORT_INPUT_OPTIONS,
      answers: { type: 'string' },
      horizon: { type: 'string' },
      format: { type: 'string', default: 'table' },
      'include-silent': { type: 'boolean', default: false },
      lang: { type: 'string' },
      'skip-invalid': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.out(`${textFor(locale).help.backtest}\n`);
    return 0;
  }
  const zh = locale === 'zh-CN';
  const { orders, asOf } = requireOrdersAndDay(values, locale);
  if (values.horizon === undefined)
    throw new UsageError(zh ? '缺少 --horizon 天数（例如 90）' : '--horizon DAYS is required (e.g. 90)');
  const horizonDays = parseHorizon(values.horizon, locale);
  const format = values.format;
  if (format !== 'table' && format !== 'json') {
    throw new UsageError(zh ? '--format 只能是 table 或 json' : '--format must be table or json');
  }
  const { config, input } = await loadExport(values, orders, locale, io);
  checkCoverage(input.lines, asOf, horizonDays, orders, locale);
  // The risk as the product computes it on that day, from the records up to it, beside the other signals.
  const report = riskBacktest({
    lines: input.lines,
    events: input.events,
    customers: input.customers,
    asOf,
    horizonDays,
    config,
    includeSilent: values['include-silent'],
    ...(input.answers ? { answers: input.answers } : {}),
  });
  if (format === 'json') io.out(`${JSON.stringify(report, roundRatios, 2)}\n`);
  else io.out(`${renderBacktest(report, locale)}\n`);
  if (input.skipped > 0)
    io.err(zh ? `跳过无效行 ${input.skipped} 行\n` : `${input.skipped} invalid rows skipped\n`);
  return 0;
}

function parseHorizon(text: string, locale: Locale): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_HORIZON_DAYS) {
    throw new UsageError(
      locale === 'zh-CN'
        ? `--horizon 应为 1 到 ${MAX_HORIZON_DAYS} 之间的整数天数，收到「${text}」`
        : `--horizon must be a whole number of days from 1 to ${MAX_HORIZON_DAYS}, got "${text}"`,
    );
  }
  return value;
}

/**
 * Labels need the whole horizon in the data: a file that ends early would make everyone silent at its end
 * look churned. And an as-of day before the first order evaluates nobody.
 */
function checkCoverage(
  lines: readonly OrderLine[],
  asOf: Day,
  horizonDays: number,
  file: string,
  locale: Locale,
): void {
  const zh = locale === 'zh-CN';
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const line of lines) {
    if (line.day < first) first = line.day;
    if (line.day > last) last = line.day;
  }
  if (lines.length === 0) {
    throw new UsageError(zh ? `${file} 中没有订单，无法评估` : `${file} has no orders to backtest on`);
  }
  if (asOf < first) {
    throw new UsageError(
      zh
        ? `评估日 ${formatDay(asOf)} 早于 ${file} 中的第一笔订单（${formatDay(first)}）：那时还没有客户可评估`
        : `the as-of day ${formatDay(asOf)} is before the first order in ${file} (${formatDay(first)}): there is no one to evaluate yet`,
    );
  }
  const end = asOf + horizonDays;
  if (last < end) {
    const latest = last - horizonDays;
    const hint =
      latest >= first
        ? zh
          ? `请选更早的评估日（最晚 ${formatDay(latest)}）或更短的观察期（最长 ${last - asOf} 天）`
          : `choose an earlier as-of day (${formatDay(latest)} at the latest) or a shorter horizon (${last - asOf} days at most)`
        : zh
          ? `请选更短的观察期`
          : `choose a shorter horizon`;
    throw new UsageError(
      zh
        ? `${file} 的订单只到 ${formatDay(last)}，没有覆盖整个观察期（${formatDay(asOf + 1)} 至 ${formatDay(end)}），流失判断会出错；${hint}`
        : `the orders in ${file} end on ${formatDay(last)}, before the end of the horizon (${formatDay(asOf + 1)} to ${formatDay(end)}), so the churn labels would be wrong; ${hint}`,
    );
  }
}

/** JSON ratios to four decimals: enough to compare settings, short enough to read. */
function roundRatios(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1e4) / 1e4 : value;
}

const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const decimal = (value: number | null): string => (value === null ? '—' : value.toFixed(3));
const days = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));
/** A line such as 50% or 34.1%: as precise as the line is, without a trailing ".0". */
const line = (value: number): string => `${String(Number((value * 100).toFixed(1)))}%`;

/** The footnote marks of the comparison table. */
const MATCHED_MARK = '¹';
const UNAVAILABLE_MARK = '²';

/** The backtest as an admin reads it: the comparison, the reliability of the default risk, then the rules. */
export function renderBacktest(report: RiskBacktestReport, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const { horizonDays: h } = report;
  const start = formatDay((parseIsoDay(report.asOf) as Day) + 1);
  const headline = zh
    ? `效果评估：评估日 ${report.asOf}，观察期 ${h} 天（${start} 至 ${report.horizonEnd}）`
    : `Backtest as of ${report.asOf}, horizon ${h} days (${start} to ${report.horizonEnd})`;
  const population = zh
    ? `参与评估 ${report.population} 位客户，其中 ${report.positives} 位（${percent(report.baseRate)}）在观察期内没有再下单（流失）`
    : `${report.population} customers scored, ${report.positives} of them (${percent(report.baseRate)}) did not order again within the horizon (churned)`;
  // A table of zeros needs saying why: nobody (or everybody) lapsed, so precision and recall mean nothing here.
  const oneOutcome =
    report.population > 0 && (report.positives === 0 || report.positives === report.population);
  const warning = !oneOutcome
    ? []
    : zh
      ? [
          `注意：观察期内${report.positives === 0 ? '没有客户流失' : '所有客户都流失了'}，精确率、召回率和 AUC 都无从计算。请换一个评估日（例如更早的日期），或确认导出的订单覆盖完整。`,
        ]
      : [
          `Note: ${report.positives === 0 ? 'no customer lapsed' : 'every customer lapsed'} within the horizon, so precision, recall and AUC cannot be measured. Try another as-of day (e.g. an earlier one) or check that the export is complete.`,
        ];
  const { lost, noOrders, alreadySilent, closed } = report.excluded;
  const closedText =
    closed === undefined
      ? ''
      : zh
        ? `，评估日及以前已标为关店 ${closed} 位`
        : `, ${closed} answered closed by then`;
  const excluded = zh
    ? `未参与：已失联 ${lost} 位，无订单 ${noOrders} 位，评估日已沉默 ${h} 天以上 ${alreadySilent} 位${closedText}（共 ${report.evaluated} 位客户）`
    : `Not scored: ${lost} lost, ${noOrders} without orders, ${alreadySilent} already silent for ${h}+ days${closedText} (of ${report.evaluated} customers)`;
  const explanation = zh
    ? [
        `说明：流失 = 评估日之后 ${h} 天内没有下单（已取消、整单退货不算下单）；评估和风险模型都只用评估日及以前的数据。`,
        `AUC = 随机抽一位流失客户和一位未流失客户，前者分数更高的概率（0.5 = 与随机无异，1 = 完美排序）；`,
        `精确率 = 被标记的客户中真的流失的比例；召回率 = 流失客户中被标记的比例；F1 = 两者的调和平均；标记比例 = 被标记的客户占参与评估客户的比例；`,
        `提前天数 = 从评估日到流失标记日（最后一次下单 + ${h} 天）的天数，只统计命中的客户；`,
        `Brier = 预测概率与实际结果（流失 = 1，未流失 = 0）之差的平方的平均，越小越好（一律报 50% 得 0.25）；`,
        `ECE = 把客户按预测概率分成十档，每档“平均预测”与“实际流失比例”之差按人数加权平均，越小越可信（0 = 说 30% 的客户里真有 30% 流失）。`,
      ]
    : [
        `Churned = no order in the ${h} days after the as-of day (cancelled orders and full returns do not count); the evaluation and the risk model use only data up to the as-of day.`,
        `AUC = the chance that a random churned customer scores higher than a random one who stayed (0.5 = no better than chance, 1 = perfect ranking);`,
        `precision = share of the flagged who churned; recall = share of the churned who were flagged; F1 = their harmonic mean; flagged = share of the customers scored;`,
        `lead days = days from the as-of day to the churn mark (last order + ${h} days), hits only;`,
        `Brier = mean squared difference between the predicted probability and what happened (churned = 1, stayed = 0), lower is better (saying 50% for everyone scores 0.25);`,
        `ECE = customers in ten bands of predicted probability, each band's gap between mean prediction and observed churn share, weighted by customers: lower is more trustworthy (0 = of the customers given 30%, 30% churned).`,
      ];
  return [
    headline,
    population,
    ...warning,
    excluded,
    ...answersLines(report, locale),
    ...modelLines(report, locale),
    '',
    zh
      ? '一、风险比较（同一批客户、同样的流失定义）'
      : '1. The risk against the alternatives (same customers, same churn definition)',
    ...comparisonSection(report, locale),
    '',
    zh
      ? '二、默认风险的可靠性（按默认风险从低到高分成十组，每组约十分之一的客户）'
      : '2. Reliability of the default risk (customers in ten groups by default risk, lowest first)',
    ...reliabilitySection(report, locale),
    '',
    zh ? '三、各条规则（按所检验的阈值）' : '3. The rules (at the thresholds tested)',
    ...rulesSection(report, locale),
    '',
    ...explanation,
  ].join('\n');
}

/** Which model the default risk is and why, how its line was chosen, and a warning if it predicts another horizon. */
function modelLines(report: RiskBacktestReport, locale: Locale): string[] {
  const zh = locale === 'zh-CN';
  const model = report.riskModel;
  const description = modelDescription(model, locale);
  const lines = model.enabled
    ? [zh ? `默认风险：${description}` : `Default risk: ${description}`]
    : [
        zh
          ? `默认风险：规则风险分和规则的“有风险”标记（riskModel 已关闭，风险分不是概率）。若开启，风险模型会是：${description}`
          : `Default risk: the rules' risk score and at-risk flag (riskModel is off; the score is not a probability). Turned on, the risk model would be: ${description}`,
      ];
  if (model.horizonDays !== report.horizonDays) {
    const h = report.horizonDays;
    const configurable = h >= 30 && h <= 180;
    lines.push(
      zh
        ? `注意：风险模型预测的是 ${model.horizonDays} 天内不下单（riskModel.horizonDays），本次观察期是 ${h} 天，模型风险的 Brier、ECE 和可靠性表比较的不是同一件事；请用 --horizon ${model.horizonDays}${configurable ? `，或在 --config 中把 riskModel.horizonDays 设为 ${h}` : ''}。`
        : `Note: the risk model predicts no order within ${model.horizonDays} days (riskModel.horizonDays) but the horizon here is ${h} days, so the model's Brier score, ECE and reliability compare different things; use --horizon ${model.horizonDays}${configurable ? ` or set riskModel.horizonDays to ${h} in --config` : ''}.`,
    );
  }
  return lines;
}

function modelDescription(model: BacktestRiskModel, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const h = model.horizonDays;
  if (model.source === 'learned') {
    const trainingAuc = model.training ? decimal(model.training.auc) : '—';
    return zh
      ? `按本店历史学习的模型，预测 ${h} 天内不下单的概率；训练日 ${model.trainedOn.join('、')}（都早于评估日 ${h} 天以上），共 ${model.rows} 行，其中 ${model.lapsed} 位随后 ${h} 天未下单，训练集 AUC ${trainingAuc}；预警线：风险 ≥ ${line(model.threshold)}，在训练日上按 F1 最高选定`
      : `a model learned on this distributor's history, the probability of no order within ${h} days; trained on ${model.trainedOn.join(', ')} (each at least ${h} days before the as-of day), ${model.rows} rows, ${model.lapsed} of which then went ${h} days without an order, training AUC ${trainingAuc}; at-risk line: risk ≥ ${line(model.threshold)}, the best F1 on the training days`;
  }
  const why = model.notLearned ? notLearnedText(model.notLearned, h, locale) : '';
  const rule =
    model.thresholdRule !== 'f1'
      ? lineRuleText(model.bgnbdBasis, locale)
      : zh
        ? '在训练日上按 F1 最高选定'
        : 'the best F1 on the training days';
  return zh
    ? `BG/NBD 自身的 ${h} 天不下单概率（${bgnbdBasisText(model.bgnbdBasis, locale)}）；未学习：${why}；预警线：风险 ≥ ${line(model.threshold)}（${rule}）`
    : `BG/NBD's own probability of no order within ${h} days (${bgnbdBasisText(model.bgnbdBasis, locale)}); not learned: ${why}; at-risk line: risk ≥ ${line(model.threshold)} (${rule})`;
}

function comparisonLabel(row: ComparisonRow, report: RiskBacktestReport, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const rule = row.flagRule;
  const cut = rule.kind === 'at_least' || rule.kind === 'at_most' ? rule.value : null;
  const nobody = zh ? '不标记' : 'flags nobody';
  switch (row.signal) {
    case 'default_risk': {
      if (!report.riskModel.enabled)
        return zh ? '默认风险（规则，riskModel 关闭）' : 'Default risk (rules, riskModel off)';
      const source = report.riskModel.source === 'learned' ? (zh ? '学习模型' : 'learned') : 'BG/NBD';
      return zh ? `默认风险（${source}）≥ ${line(cut ?? 0)}` : `Default risk (${source}) ≥ ${line(cut ?? 0)}`;
    }
    case 'learned_risk':
      return zh ? `学习模型风险 ≥ ${line(cut ?? 0)}` : `Learned risk ≥ ${line(cut ?? 0)}`;
    case 'bgnbd':
      return zh
        ? `BG/NBD ${report.horizonDays} 天不下单概率 ≥ ${line(cut ?? 0)}`
        : `BG/NBD P(no order in ${report.horizonDays} days) ≥ ${line(cut ?? 0)}`;
    case 'days_silent':
      return zh
        ? `只看未下单天数：${cut === null ? nobody : `≥ ${cut} 天`} ${MATCHED_MARK}`
        : `Days silent alone: ${cut === null ? nobody : `≥ ${cut} days`} ${MATCHED_MARK}`;
    case 'orders_12m':
      return zh
        ? `只看近 12 个月下单次数：${cut === null ? nobody : `≤ ${cut} 次`} ${MATCHED_MARK}`
        : `Orders in the last 12 months alone: ${cut === null ? nobody : `≤ ${cut}`} ${MATCHED_MARK}`;
    case 'seed_rule':
      return zh
        ? `种子规则：${cut ?? report.baseline.days} 天未下单（基线）`
        : `Seed rule: no order for ${cut ?? report.baseline.days} days (baseline)`;
  }
}

function comparisonSection(report: RiskBacktestReport, locale: Locale): string[] {
  const zh = locale === 'zh-CN';
  const header = zh
    ? ['信号', 'AUC', '精确率', '召回率', 'F1', '标记比例（人数）', '提前天数（中位）', 'Brier', 'ECE']
    : [
        'Signal',
        'AUC',
        'Precision',
        'Recall',
        'F1',
        'Flagged (customers)',
        'Lead days (median)',
        'Brier',
        'ECE',
      ];
  const cells = (row: ComparisonRow): string[] => [
    comparisonLabel(row, report, locale),
    decimal(row.auc),
    percent(row.precision),
    percent(row.recall),
    decimal(row.f1),
    `${percent(row.shareFlagged)} (${row.flagged})`,
    row.leadDays ? days(row.leadDays.median) : '—',
    decimal(row.brier),
    decimal(row.ece),
  ];
  const rows = report.comparison.map(cells);
  const { learnedRisk } = report;
  if (!learnedRisk.trained) {
    // The learned row stays in its place, empty, so the admin sees it is missing and reads why below.
    const unavailable = [
      zh ? `学习模型风险（不可用 ${UNAVAILABLE_MARK}）` : `Learned risk (not available ${UNAVAILABLE_MARK})`,
      ...header.slice(1).map(() => '—'),
    ];
    rows.splice(1, 0, unavailable);
  }
  const table = renderTextTable(
    header.map((text, i) => ({ header: text, align: i === 0 ? ('left' as const) : ('right' as const) })),
    rows,
  );
  const target = report.comparison.find((row) => row.signal === 'default_risk')?.flagged ?? 0;
  const notes = [
    zh
      ? `${MATCHED_MARK} 未下单天数和下单次数没有自己的预警线：各取标记人数与默认风险（${target} 位）最接近的切点（数值相同的客户一起标记），精确率和召回率才可比；下单次数按天计，同一天的多张订单算一次。种子规则没有分数，所以没有 AUC。`
      : `${MATCHED_MARK} Days silent and orders have no line of their own: each is cut where it flags about as many customers as the default risk (${target}; equal values are flagged together), so that precision and recall compare; orders count days with an order. The seed rule has no score, so no AUC.`,
  ];
  if (!learnedRisk.trained) {
    const why = notLearnedText(learnedRisk.notLearned, report.riskModel.horizonDays, locale);
    notes.push(
      zh
        ? `${UNAVAILABLE_MARK} 学习模型风险不可用：${why}。所以默认风险用的是 BG/NBD 自身的概率。`
        : `${UNAVAILABLE_MARK} Learned risk not available: ${why}. So the default risk is BG/NBD's own probability.`,
    );
  }
  return [table, ...notes];
}

function reliabilitySection(report: RiskBacktestReport, locale: Locale): string[] {
  const zh = locale === 'zh-CN';
  const header = zh
    ? ['组', '客户数', '风险范围', '平均预测风险', '实际流失比例']
    : ['Decile', 'Customers', 'Risk range', 'Mean predicted risk', 'Observed lost share'];
  const row = (bin: DecileRow): string[] => [
    String(bin.decile),
    String(bin.customers),
    `${percent(bin.from)}–${percent(bin.to)}`,
    percent(bin.meanRisk),
    percent(bin.observed),
  ];
  const total = report.reliability.reduce((sum, bin) => sum + bin.customers, 0);
  const meanRisk =
    total === 0
      ? null
      : report.reliability.reduce((sum, bin) => sum + (bin.meanRisk ?? 0) * bin.customers, 0) / total;
  const table = renderTextTable(
    header.map((text, i) => ({ header: text, align: i === 0 ? ('left' as const) : ('right' as const) })),
    [
      ...report.reliability.map(row),
      [zh ? '合计' : 'All', String(total), '', percent(meanRisk), percent(report.baseRate)],
    ],
  );
  const note = report.riskModel.enabled
    ? zh
      ? '风险可信时，每组的“平均预测风险”与“实际流失比例”相近；越往下的组实际流失越多，说明排序有效。'
      : "A trustworthy risk has each group's mean prediction close to its observed share; more churn further down means the ranking works."
    : zh
      ? '默认风险是规则风险分，不是概率：这张表只看排序（越往下的组实际流失越多越好）。'
      : "The default risk is the rules' score, not a probability: read this table for the ranking only (more churn further down is better).";
  return [table, note];
}

function rulesSection(report: RiskBacktestReport, locale: Locale): string[] {
  const zh = locale === 'zh-CN';
  const header = zh
    ? ['信号', '已标记', '命中', '精确率', '召回率', 'F1', '提前天数（中位）', '提前天数（四分位）']
    : ['Signal', 'Flagged', 'Hits', 'Precision', 'Recall', 'F1', 'Lead days (median)', 'Lead days (IQR)'];
  const { answers } = report;
  // With answers, the reps' own precision sits beside the labels': k of the n flagged marked not a real risk.
  if (answers) header.push(zh ? '误报（业务员标为不是真的流失）' : 'False alarms (reps: not a real risk)');
  const alarms = (falseAlarms: FalseAlarms | undefined): string[] =>
    falseAlarms ? [`${falseAlarms.notReal} / ${falseAlarms.flagged}`] : [];
  const row = (label: string, result: SignalResult, falseAlarms?: FalseAlarms): string[] => [
    label,
    String(result.flagged),
    String(result.truePositives),
    percent(result.precision),
    percent(result.recall),
    decimal(result.f1),
    result.leadDays ? days(result.leadDays.median) : '—',
    result.leadDays ? `${days(result.leadDays.p25)}–${days(result.leadDays.p75)}` : '—',
    ...alarms(falseAlarms),
  ];
  const table = renderTextTable(
    header.map((text, i) => ({ header: text, align: i === 0 ? ('left' as const) : ('right' as const) })),
    [
      ...report.rules.map((result, i) =>
        row(`${ruleTitle(result.rule, locale)} (${result.rule})`, result, answers?.rules[i]),
      ),
      row(zh ? '规则：有风险（任一信号）' : 'Rules: at risk (any signal)', report.atRisk, answers?.atRisk),
    ],
  );
  const aucLine = zh
    ? `规则风险分 AUC：${decimal(report.risk.auc)}（规则自己的评分，未经风险模型重算）`
    : `Rules' risk score AUC: ${decimal(report.risk.auc)} (the rules' own score, before the risk model)`;
  if (!answers) return [table, aucLine];
  const note = zh
    ? `误报 k / n：规则在评估日标记的 n 位客户中，有 k 位在观察期内（${formatDay((parseIsoDay(report.asOf) as Day) + 1)} 至 ${report.horizonEnd}）被业务员标为“不是真的流失”；业务员没有反馈的预警不算误报。`
    : `False alarms k / n: of the n customers a rule flagged on the as-of day, k were marked "not a real risk" by a rep within the horizon (${formatDay((parseIsoDay(report.asOf) as Day) + 1)} to ${report.horizonEnd}); a warning nobody answered is not counted as a false alarm.`;
  return [table, aucLine, note];
}

/** With --answers: what the reps' answers changed, and how they were kept from leaking the future. */
function answersLines(report: RiskBacktestReport, locale: Locale): string[] {
  const { answers } = report;
  if (!answers) return [];
  return [
    locale === 'zh-CN'
      ? `业务员反馈：评估日及以前已标为关店 ${answers.closedBefore} 位，不参与评估，并作为当天所训练风险模型的流失样本；观察期内标为关店 ${answers.closedWithin} 位，算作流失（其中 ${answers.closedDespiteOrders} 位之后仍有订单）；观察期内标为“不是真的流失” ${answers.notReal} 位。评估日之后的反馈只用于判断结果，不进入评估和模型。`
      : `Reps' answers: ${answers.closedBefore} answered closed on or before the as-of day, not scored and lapsed examples for the risk model fitted that day; ${answers.closedWithin} answered closed within the horizon, counted as churned (${answers.closedDespiteOrders} of them ordered after all); ${answers.notReal} marked "not a real risk" within the horizon. Answers after the as-of day only judge the outcome; they never reach the evaluation or the model.`,
  ];
}
