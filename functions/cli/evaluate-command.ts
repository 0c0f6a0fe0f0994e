import { parseArgs } from 'node:util';
import type { EvaluationResult } from '../core/evaluate.ts';
import { evaluateWithRiskModel } from '../core/learned/scoring.ts';
import type { Locale } from '../core/locale.ts';
import { describeSkippedModel } from '../text/model-notices.ts';
import type { BuildStats } from '../core/profile.ts';
import { refitOutcomeOf } from '../cycle/refit-outcome.ts';
import { EXPORT_INPUT_OPTIONS, loadExportProfiles, requireOrdersAndDay } from './evaluation-input.ts';
import { renderCsv, renderTable } from './evaluation-output.ts';
import { type CommandIo, UsageError } from './io.ts';
import { refitLine } from './learned-risk-text.ts';

export const EVALUATE_HELP: Record<Locale, string> = {
  'zh-CN': `用法：churn-watch evaluate --orders 文件 --as-of YYYY-MM-DD [选项]

评估导出的订单数据（不需要 AWS，也不需要服务器），列出有流失风险的客户，预期损失最高的排在前面。
每位客户的“流失风险”是它在接下来 90 天不再下单的概率：历史够用时用这份数据自己的历史学习，不够时用 BG/NBD
模型的概率（标准错误输出写明用了哪个、为什么、预警线多少）。风险达到预警线即为“有风险”；流失规则的发现是原因。

输入文件（CSV，UTF-8（可带 BOM）或 GBK，中文或英文表头）：
  --orders 文件       订单或订单明细（必填）：订单号、客户编号、下单日期、金额，
                      可选 商品编码、商品名称、客户名称、数量、业务员、状态（已下单/已取消/已退货）；
                      客户名称用于客户资料中没有名称的客户，停购的商品按商品名称显示
  --customers 文件    客户资料：客户编号、客户名称、业务员
  --visits 文件       拜访记录：客户编号、拜访日期
  --complaints 文件   投诉记录：客户编号、投诉日期
  --coupons 文件      优惠券发放：客户编号、发放日期
  --config 文件       阈值设置（JSON，只写需要修改的项，例如 {"rules":{"inactive":{"days":21,"flag":true}}}
                      让规则一触发就算有风险；{"riskModel":{"enabled":false}} 用规则的旧打分）

选项：
  --as-of 日期        以哪一天为“今天”评估（必填，YYYY-MM-DD）；之后的数据不参与评估
  --format 格式       table（默认，终端表格）、json 或 csv
  --all               列出全部客户（默认只列有风险的客户）
  --lang 语言         zh-CN（默认）或 en
  --skip-invalid      跳过无效行并报告跳过了多少行（默认遇到无效行即报错退出）
  --bom               CSV 输出带 BOM，方便 Excel 直接打开中文
  -h, --help          显示本帮助

示例：
  npx churn-watch evaluate --orders 订单.csv --customers 客户.csv --as-of 2026-11-20
  npx churn-watch evaluate --orders orders.csv --as-of 2026-11-20 --format json --all

JSON 中的金额为整数“分”；CSV 中的金额为“元”（两位小数）。`,
  en: `Usage: churn-watch evaluate --orders FILE --as-of YYYY-MM-DD [options]

Evaluates exported order data (no AWS, no server) and lists the customers at risk, largest expected loss
first. Each customer's risk is the probability that it places no order in the next 90 days: learned on the
export's own history when it holds enough, else BG/NBD's probability (stderr says which, why, and the at-risk
line). At risk = risk at or above the line; the churn rules' findings are the reasons.

Input files (CSV in UTF-8 with or without BOM, or GBK; English or Chinese headers):
  --orders FILE       orders or order lines (required): order_id, customer_id, order_date, amount,
                      optional sku, product_name, customer_name, quantity, rep_id, status
                      (placed/cancelled/returned); customer_name is used where --customers has no
                      name, and dropped SKUs are shown by product name
  --customers FILE    customers: customer_id, name, rep_id
  --visits FILE       visits: customer_id, visit_date
  --complaints FILE   complaints: customer_id, complaint_date
  --coupons FILE      coupons: customer_id, issued_at
  --config FILE       thresholds (JSON, only the keys you change, e.g. {"rules":{"inactive":{"days":21,"flag":true}}}
                      makes a rule list a customer whenever it fires; {"riskModel":{"enabled":false}} the rules' old score)

Options:
  --as-of DATE        the day to evaluate as of (required, YYYY-MM-DD); later records are not used
  --format FORMAT     table (default), json or csv
  --all               list every customer (default: only those at risk)
  --lang LANG         zh-CN (default) or en
  --skip-invalid      skip invalid rows and report how many (default: stop with the errors)
  --bom               write a BOM before CSV output so Excel shows Chinese correctly
  -h, --help          show this help

Money in JSON is in integer minor units (fen); in CSV, in currency units with two decimals.`,
};

export async function evaluateCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...EXPORT_INPUT_OPTIONS,
      format: { type: 'string', default: 'table' },
      all: { type: 'boolean', default: false },
      lang: { type: 'string' },
      'skip-invalid': { type: 'boolean', default: false },
      bom: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.out(`${EVALUATE_HELP[locale]}\n`);
    return 0;
  }
  const zh = locale === 'zh-CN';
  const { orders, asOf } = requireOrdersAndDay(values, locale);
  const format = values.format;
  if (format !== 'table' && format !== 'json' && format !== 'csv') {
    throw new UsageError(zh ? `--format 只能是 table、json 或 csv` : `--format must be table, json or csv`);
  }
  const { config, input } = await loadExportProfiles(values, orders, asOf, locale, io);
  const { profiles, stats } = input;
  const { result, model } = evaluateWithRiskModel({
    profiles: [...profiles.values()],
    customers: input.customers,
    asOf,
    config,
  });
  const shown = values.all ? result.customers : result.customers.filter((customer) => customer.atRisk);
  if (format === 'json') {
    io.out(`${JSON.stringify({ asOf: result.asOf, customers: shown }, null, 2)}\n`);
  } else if (format === 'csv') {
    io.out((values.bom ? '\uFEFF' : '') + renderCsv(shown, locale));
  } else {
    io.out(`${renderTable(result, shown, locale, values.all)}\n`);
  }
  io.err(`${summaryLine(result, stats, input.skipped, locale)}\n`);
  // low_p_alive is on but its model could not be used: say so, or the rule's silence reads as good news.
  const skippedModel = result.pAliveModel ? describeSkippedModel(result.pAliveModel, locale) : null;
  if (skippedModel) io.err(`${skippedModel}\n`);
  if (model) io.err(`${refitLine(refitOutcomeOf(model), locale, false)}\n`);
  else {
    io.err(
      zh
        ? '风险模型已关闭（riskModel.enabled=false）：风险为规则的旧评分，不是概率；有规则触发即为有风险。\n'
        : "The risk model is off (riskModel.enabled=false): the risk is the rules' old score, not a probability; any rule firing puts a customer at risk.\n",
    );
  }
  return 0;
}

function summaryLine(result: EvaluationResult, stats: BuildStats, skipped: number, locale: Locale): string {
  const atRisk = result.customers.filter((c) => c.atRisk).length;
  const parts =
    locale === 'zh-CN'
      ? [
          `共 ${result.customers.length} 位客户，${atRisk} 位有流失风险`,
          `读取订单 ${stats.orders} 笔（明细 ${stats.lines} 行，其中已取消 ${stats.cancelledOrders} 笔、退货单 ${stats.returnDocuments} 笔）`,
          ...(stats.afterAsOf > 0 ? [`${stats.afterAsOf} 条记录晚于评估日期，未参与评估`] : []),
          ...(skipped > 0 ? [`跳过无效行 ${skipped} 行`] : []),
        ]
      : [
          `${result.customers.length} customers, ${atRisk} at risk`,
          `${stats.orders} orders read (${stats.lines} lines; ${stats.cancelledOrders} cancelled, ${stats.returnDocuments} return documents)`,
          ...(stats.afterAsOf > 0
            ? [`${stats.afterAsOf} records dated after the as-of day were not used`]
            : []),
          ...(skipped > 0 ? [`${skipped} invalid rows skipped`] : []),
        ];
  return parts.join(locale === 'zh-CN' ? '；' : '; ');
}
