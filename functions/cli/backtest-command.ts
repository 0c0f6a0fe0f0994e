import { parseArgs } from 'node:util';
import {
  type BacktestReport,
  backtestReport,
  labelledPopulation,
  type SignalResult,
} from '../core/backtest.ts';
import { type Day, formatDay, parseIsoDay } from '../core/days.ts';
import { ruleTitle } from '../core/explain.ts';
import { type LearnedRiskResult, learnedRiskBacktest } from '../core/learned-risk-backtest.ts';
import type { Locale } from '../core/locale.ts';
import type { OrderLine } from '../core/records.ts';
import { EXPORT_INPUT_OPTIONS, loadExport, requireOrdersAndDay } from './evaluation-input.ts';
import { type CommandIo, UsageError } from './io.ts';
import { renderTextTable } from './text-table.ts';

export const BACKTEST_HELP: Record<Locale, string> = {
  'zh-CN': `用法：churn-watch backtest --orders 文件 --as-of YYYY-MM-DD --horizon 天数 [选项]

效果评估：假装“今天”是过去的某一天，只用那天及以前的数据按当前阈值评估客户，再看其后若干天里
哪些客户真的不再下单，算出每条规则、“有风险”标记和风险分的准确程度。修改阈值前，用它比较新旧设置。

流失的定义：评估日之后的观察期（--horizon 天）内没有下单。已取消的订单和整单退货不算下单。
参与评估的客户：评估日及以前下过单、尚未失联、且到评估日沉默不足观察期天数的客户
（已经沉默这么久的客户按定义已算流失，规则标记他们不算预测；加 --include-silent 可把他们算进来）。

输入文件（与 evaluate 相同：CSV，UTF-8（可带 BOM）或 GBK，中文或英文表头）：
  --orders 文件       订单或订单明细（必填），数据须覆盖到评估日之后的整个观察期
  --customers 文件    客户资料：客户编号、客户名称、业务员
  --visits 文件       拜访记录（超期未拜访规则需要）
  --complaints 文件   投诉记录（投诉增多规则需要）
  --coupons 文件      优惠券发放
  --config 文件       要检验的阈值设置（JSON，只写需要修改的项），不写则用默认阈值

选项：
  --as-of 日期        评估日（必填，YYYY-MM-DD）；不能早于第一笔订单
  --horizon 天数      观察期天数（必填，整数，至少 1，例如 90）；评估日加观察期不能晚于最后一笔订单
  --format 格式       table（默认，终端表格）或 json
  --include-silent    也评估到评估日已沉默不少于观察期天数的客户
  --lang 语言         zh-CN（默认）或 en
  --skip-invalid      跳过无效行并报告跳过了多少行（默认遇到无效行即报错退出）
  -h, --help          显示本帮助

表格各列：已标记 = 规则在评估日标记的客户数；命中 = 其中真的流失的客户数；精确率 = 命中 ÷ 已标记；
召回率 = 命中 ÷ 流失客户数；F1 = 精确率和召回率的调和平均；提前天数 = 从评估日到流失标记日
（最后一次下单 + 观察期天数）的天数（命中客户的中位数和四分位数）。最后一行“基线”是固定的
“30 天未下单”规则，供对比。风险分 AUC：随机抽一位流失客户和一位未流失客户，前者风险分更高的概率
（0.5 = 与随机无异，1 = 完美排序）。

示例：
  npx churn-watch backtest --orders 订单.csv --as-of 2026-08-22 --horizon 90
  npx churn-watch backtest --orders 订单.csv --as-of 2026-08-22 --horizon 90 --config 新阈值.json --format json`,
  en: `Usage: churn-watch backtest --orders FILE --as-of YYYY-MM-DD --horizon DAYS [options]

Effect evaluation: pretends "today" is a past day, evaluates the customers with the data up to that day and the
current thresholds, then looks at who really stopped ordering over the following days, and measures each rule,
the at-risk flag and the risk score against that. Run it before changing thresholds to compare old and new.

Churned means: no order in the horizon (--horizon days after the as-of day). Cancelled orders and orders
returned in full do not count as ordering. The customers scored: those who ordered on or before the as-of day,
are not lost, and had been silent for fewer days than the horizon (a customer already silent that long is
churned by definition, so flagging them predicts nothing; --include-silent scores them too).

Input files (as for evaluate: CSV in UTF-8 with or without BOM, or GBK; English or Chinese headers):
  --orders FILE       orders or order lines (required); must cover the whole horizon after the as-of day
  --customers FILE    customers: customer_id, name, rep_id
  --visits FILE       visits (for the visit_overdue rule)
  --complaints FILE   complaints (for the complaints_rising rule)
  --coupons FILE      coupons issued
  --config FILE       the thresholds to test (JSON, only the keys you change); default thresholds without it

Options:
  --as-of DATE        the day to evaluate as of (required, YYYY-MM-DD); not before the first order
  --horizon DAYS      the horizon in days (required, a whole number ≥ 1, e.g. 90); the as-of day plus the
                      horizon must not be after the last order in the file
  --format FORMAT     table (default) or json
  --include-silent    also score customers already silent for the whole horizon at the as-of day
  --lang LANG         zh-CN (default) or en
  --skip-invalid      skip invalid rows and report how many (default: stop with the errors)
  -h, --help          show this help

Columns: flagged = customers the signal flagged on the as-of day; hits = those of them who churned;
precision = hits / flagged; recall = hits / churned customers; F1 = harmonic mean of the two; lead days = days
from the as-of day to the churn mark (last order + horizon) of the hits (median and quartiles). The baseline row
is the fixed "no order for 30 days" rule, for comparison. Risk AUC: the chance that a random churned customer
has a higher risk score than a random one who stayed (0.5 = no better than chance, 1 = perfect ranking).`,
};

const MAX_HORIZON_DAYS = 3650;

export async function backtestCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...EXPORT_INPUT_OPTIONS,
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
    io.out(`${BACKTEST_HELP[locale]}\n`);
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
  const { population } = labelledPopulation({
    lines: input.lines,
    events: input.events,
    customers: input.customers,
    asOf,
    horizonDays,
    config,
    includeSilent: values['include-silent'],
  });
  // The self-tuned score, trained as the product would train it on that day: on earlier days only.
  const learnedRisk = learnedRiskBacktest({
    lines: input.lines,
    events: input.events,
    population,
    config,
    includeSilent: values['include-silent'],
  });
  const report = { ...backtestReport(population), learnedRisk };
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

export function renderBacktest(
  report: BacktestReport & { learnedRisk?: LearnedRiskResult },
  locale: Locale,
): string {
  const zh = locale === 'zh-CN';
  const { horizonDays: h } = report;
  const start = formatDay((parseIsoDay(report.asOf) as Day) + 1);
  const headline = zh
    ? `效果评估：评估日 ${report.asOf}，观察期 ${h} 天（${start} 至 ${report.horizonEnd}）`
    : `Backtest as of ${report.asOf}, horizon ${h} days (${start} to ${report.horizonEnd})`;
  const population = zh
    ? `参与评估 ${report.population} 位客户，其中 ${report.positives} 位（${percent(report.baseRate)}）在观察期内没有再下单（流失）`
    : `${report.population} customers scored, ${report.positives} of them (${percent(report.baseRate)}) did not order again within the horizon (churned)`;
  const { lost, noOrders, alreadySilent } = report.excluded;
  const excluded = zh
    ? `未参与：已失联 ${lost} 位，无订单 ${noOrders} 位，评估日已沉默 ${h} 天以上 ${alreadySilent} 位（共 ${report.evaluated} 位客户）`
    : `Not scored: ${lost} lost, ${noOrders} without orders, ${alreadySilent} already silent for ${h}+ days (of ${report.evaluated} customers)`;
  const header = zh
    ? ['信号', '已标记', '命中', '精确率', '召回率', 'F1', '提前天数（中位）', '提前天数（四分位）']
    : ['Signal', 'Flagged', 'Hits', 'Precision', 'Recall', 'F1', 'Lead days (median)', 'Lead days (IQR)'];
  const row = (label: string, result: SignalResult): string[] => [
    label,
    String(result.flagged),
    String(result.truePositives),
    percent(result.precision),
    percent(result.recall),
    decimal(result.f1),
    result.leadDays ? days(result.leadDays.median) : '—',
    result.leadDays ? `${days(result.leadDays.p25)}–${days(result.leadDays.p75)}` : '—',
  ];
  const rows = [
    ...report.rules.map((result) => row(`${ruleTitle(result.rule, locale)} (${result.rule})`, result)),
    row(zh ? '有风险（任一信号）' : 'At risk (any signal)', report.atRisk),
    row(
      zh ? `基线：${report.baseline.days} 天未下单` : `Baseline: no order for ${report.baseline.days} days`,
      report.baseline,
    ),
    ...(report.learnedRisk?.trained
      ? [
          row(
            zh
              ? `自学习风险分 ≥ ${decimal(report.learnedRisk.threshold)}`
              : `Learned risk ≥ ${decimal(report.learnedRisk.threshold)}`,
            report.learnedRisk.atRisk,
          ),
        ]
      : []),
  ];
  const table = renderTextTable(
    header.map((text, i) => ({ header: text, align: i === 0 ? ('left' as const) : ('right' as const) })),
    rows,
  );
  const aucLine = zh
    ? `风险分 AUC：${decimal(report.risk.auc)}（0.5 = 与随机无异，1 = 完美排序）`
    : `Risk score AUC: ${decimal(report.risk.auc)} (0.5 = no better than chance, 1 = perfect ranking)`;
  const learned = report.learnedRisk;
  const learnedLine = !learned
    ? []
    : learned.trained
      ? [
          zh
            ? `自学习风险分 AUC：${decimal(learned.auc)}（只用评估日之前的 ${learned.trainedOn.length} 个日期训练：${learned.trainedOn.join('、')}，${learned.rows} 行，其中流失 ${learned.lapsed}；阈值在训练数据上按 F1 选定）`
            : `Learned risk AUC: ${decimal(learned.auc)} (trained only on ${learned.trainedOn.length} earlier days: ${learned.trainedOn.join(', ')}, ${learned.rows} rows, ${learned.lapsed} lapsed; threshold chosen for F1 on the training data)`,
        ]
      : [
          zh
            ? `自学习风险分：历史数据不足，未训练（${learned.rows} 行，其中流失 ${learned.lapsed}）；产品会继续使用规则风险分。`
            : `Learned risk: not trained, too little history (${learned.rows} rows, ${learned.lapsed} lapsed); the product keeps the rules' risk.`,
        ];
  const explanation = zh
    ? [
        `说明：流失 = 评估日之后 ${h} 天内没有下单（已取消、整单退货不算下单）；评估只用评估日及以前的数据。`,
        `精确率 = 命中 ÷ 已标记；召回率 = 命中 ÷ 流失客户数；F1 = 两者的调和平均；`,
        `提前天数 = 从评估日到流失标记日（最后一次下单 + ${h} 天）的天数，只统计命中的客户。`,
      ]
    : [
        `Churned = no order in the ${h} days after the as-of day (cancelled orders and full returns do not count); the evaluation uses only data up to the as-of day.`,
        `Precision = hits / flagged; recall = hits / churned customers; F1 = their harmonic mean;`,
        `lead days = days from the as-of day to the churn mark (last order + ${h} days), hits only.`,
      ];
  return [headline, population, excluded, '', table, '', aucLine, ...learnedLine, '', ...explanation].join(
    '\n',
  );
}
