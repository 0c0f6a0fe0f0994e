/**
 * What `churn-watch backtest` prints: how well the risk and each rule foretold who stopped ordering after a past
 * day. Percentages, AUC and other figures arrive formatted; `mark` is a footnote mark (¹, ²) shared by a row
 * and its note.
 */
export const backtest = {
  refused: {
    horizonRequired: '缺少 --horizon 天数（例如 90）',
    horizonRange: (max: number, given: string) =>
      `--horizon 应为 1 到 ${max} 之间的整数天数，收到「${given}」`,
    noOrders: (file: string) => `${file} 中没有订单，无法评估`,
    asOfBeforeFirst: (asOf: string, file: string, first: string) =>
      `评估日 ${asOf} 早于 ${file} 中的第一笔订单（${first}）：那时还没有客户可评估`,
    /** The export ends before the horizon does. */
    notCovered: (file: string, last: string, from: string, end: string, hint: string) =>
      `${file} 的订单只到 ${last}，没有覆盖整个观察期（${from} 至 ${end}），流失判断会出错；${hint}`,
    earlierOrShorter: (latest: string, longest: number) =>
      `请选更早的评估日（最晚 ${latest}）或更短的观察期（最长 ${longest} 天）`,
    shorter: `请选更短的观察期`,
  },
  headline: (asOf: string, horizonDays: number, from: string, end: string) =>
    `效果评估：评估日 ${asOf}，观察期 ${horizonDays} 天（${from} 至 ${end}）`,
  population: (population: number, positives: number, baseRate: string) =>
    `参与评估 ${population} 位客户，其中 ${positives} 位（${baseRate}）在观察期内没有再下单（流失）`,
  /** Nobody (or everybody) lapsed: precision and recall mean nothing. */
  oneOutcome: (nobodyLapsed: boolean) =>
    `注意：观察期内${nobodyLapsed ? '没有客户流失' : '所有客户都流失了'}，精确率、召回率和 AUC 都无从计算。请换一个评估日（例如更早的日期），或确认导出的订单覆盖完整。`,
  excludedClosed: (closed: number) => `，评估日及以前已标为关店 ${closed} 位`,
  excluded: (
    lost: number,
    noOrders: number,
    horizonDays: number,
    alreadySilent: number,
    closed: string,
    evaluated: number,
  ) =>
    `未参与：已失联 ${lost} 位，无订单 ${noOrders} 位，评估日已沉默 ${horizonDays} 天以上 ${alreadySilent} 位${closed}（共 ${evaluated} 位客户）`,
  answers: (closedBefore: number, closedWithin: number, closedDespiteOrders: number, notReal: number) =>
    `业务员反馈：评估日及以前已标为关店 ${closedBefore} 位，不参与评估，并作为当天所训练风险模型的流失样本；观察期内标为关店 ${closedWithin} 位，算作流失（其中 ${closedDespiteOrders} 位之后仍有订单）；观察期内标为“不是真的流失” ${notReal} 位。评估日之后的反馈只用于判断结果，不进入评估和模型。`,
  model: {
    enabled: (description: string) => `默认风险：${description}`,
    off: (description: string) =>
      `默认风险：规则风险分和规则的“有风险”标记（riskModel 已关闭，风险分不是概率）。若开启，风险模型会是：${description}`,
    otherHorizon: (modelDays: number, horizonDays: number, configurable: boolean) =>
      `注意：风险模型预测的是 ${modelDays} 天内不下单（riskModel.horizonDays），本次观察期是 ${horizonDays} 天，模型风险的 Brier、ECE 和可靠性表比较的不是同一件事；请用 --horizon ${modelDays}${configurable ? `，或在 --config 中把 riskModel.horizonDays 设为 ${horizonDays}` : ''}。`,
    learned: (
      horizonDays: number,
      trainedOn: string,
      rows: number,
      lapsed: number,
      auc: string,
      line: string,
    ) =>
      `按本店历史学习的模型，预测 ${horizonDays} 天内不下单的概率；训练日 ${trainedOn}（都早于评估日 ${horizonDays} 天以上），共 ${rows} 行，其中 ${lapsed} 位随后 ${horizonDays} 天未下单，训练集 AUC ${auc}；预警线：风险 ≥ ${line}，在训练日上按 F1 最高选定`,
    bestF1: '在训练日上按 F1 最高选定',
    bgnbd: (horizonDays: number, basis: string, why: string, line: string, rule: string) =>
      `BG/NBD 自身的 ${horizonDays} 天不下单概率（${basis}）；未学习：${why}；预警线：风险 ≥ ${line}（${rule}）`,
  },
  section: {
    comparison: '一、风险比较（同一批客户、同样的流失定义）',
    reliability: '二、默认风险的可靠性（按默认风险从低到高分成十组，每组约十分之一的客户）',
    rules: '三、各条规则（按所检验的阈值）',
  },
  /** The rows of the comparison table. */
  label: {
    defaultRulesOff: '默认风险（规则，riskModel 关闭）',
    learnedSource: '学习模型',
    defaultRisk: (source: string, line: string) => `默认风险（${source}）≥ ${line}`,
    learnedRisk: (line: string) => `学习模型风险 ≥ ${line}`,
    bgnbd: (horizonDays: number, line: string) => `BG/NBD ${horizonDays} 天不下单概率 ≥ ${line}`,
    nobody: '不标记',
    daysSilent: (cut: string, mark: string) => `只看未下单天数：${cut} ${mark}`,
    daysCut: (days: number) => `≥ ${days} 天`,
    orders12m: (cut: string, mark: string) => `只看近 12 个月下单次数：${cut} ${mark}`,
    ordersCut: (orders: number) => `≤ ${orders} 次`,
    seedRule: (days: number) => `种子规则：${days} 天未下单（基线）`,
    learnedUnavailable: (mark: string) => `学习模型风险（不可用 ${mark}）`,
  },
  comparisonHeader: [
    '信号',
    'AUC',
    '精确率',
    '召回率',
    'F1',
    '标记比例（人数）',
    '提前天数（中位）',
    'Brier',
    'ECE',
  ],
  matchedNote: (mark: string, target: number) =>
    `${mark} 未下单天数和下单次数没有自己的预警线：各取标记人数与默认风险（${target} 位）最接近的切点（数值相同的客户一起标记），精确率和召回率才可比；下单次数按天计，同一天的多张订单算一次。种子规则没有分数，所以没有 AUC。`,
  unavailableNote: (mark: string, why: string) =>
    `${mark} 学习模型风险不可用：${why}。所以默认风险用的是 BG/NBD 自身的概率。`,
  reliabilityHeader: ['组', '客户数', '风险范围', '平均预测风险', '实际流失比例'],
  all: '合计',
  reliabilityNote:
    '风险可信时，每组的“平均预测风险”与“实际流失比例”相近；越往下的组实际流失越多，说明排序有效。',
  reliabilityNoteRules: '默认风险是规则风险分，不是概率：这张表只看排序（越往下的组实际流失越多越好）。',
  rulesHeader: ['信号', '已标记', '命中', '精确率', '召回率', 'F1', '提前天数（中位）', '提前天数（四分位）'],
  falseAlarmsHeader: '误报（业务员标为不是真的流失）',
  anySignal: '规则：有风险（任一信号）',
  rulesAuc: (auc: string) => `规则风险分 AUC：${auc}（规则自己的评分，未经风险模型重算）`,
  falseAlarmsNote: (from: string, end: string) =>
    `误报 k / n：规则在评估日标记的 n 位客户中，有 k 位在观察期内（${from} 至 ${end}）被业务员标为“不是真的流失”；业务员没有反馈的预警不算误报。`,
  /** Under the report: what each measure means. */
  explanation: (horizonDays: number) => [
    `说明：流失 = 评估日之后 ${horizonDays} 天内没有下单（已取消、整单退货不算下单）；评估和风险模型都只用评估日及以前的数据。`,
    `AUC = 随机抽一位流失客户和一位未流失客户，前者分数更高的概率（0.5 = 与随机无异，1 = 完美排序）；`,
    `精确率 = 被标记的客户中真的流失的比例；召回率 = 流失客户中被标记的比例；F1 = 两者的调和平均；标记比例 = 被标记的客户占参与评估客户的比例；`,
    `提前天数 = 从评估日到流失标记日（最后一次下单 + ${horizonDays} 天）的天数，只统计命中的客户；`,
    `Brier = 预测概率与实际结果（流失 = 1，未流失 = 0）之差的平方的平均，越小越好（一律报 50% 得 0.25）；`,
    `ECE = 把客户按预测概率分成十档，每档“平均预测”与“实际流失比例”之差按人数加权平均，越小越可信（0 = 说 30% 的客户里真有 30% 流失）。`,
  ],
};

export type BacktestText = typeof backtest;
