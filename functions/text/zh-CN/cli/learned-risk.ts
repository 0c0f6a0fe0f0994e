import type { RiskFeatureName } from '../../../core/learned/features.ts';
import type { RiskVariant } from '../../../core/learned/model.ts';

/**
 * What admins read about the learned risk model: after a daily run, a fit (`risk fit`, the weekly run) or
 * `churn-watch risk show`. Percentages and AUC/F1 figures arrive formatted (`35%`, `0.81`).
 */
export const learnedRisk = {
  /** Why the risk is BG/NBD's own probability rather than a model learned on this distributor's history. */
  notLearned: {
    short_history_days: (historyDays: number, neededDays: number, horizonDays: number) =>
      `历史只有 ${historyDays} 天，学习至少要 ${neededDays} 天（${horizonDays} 天的观察期加 60 天）`,
    too_few_rows: (rows: number) => `历史中可学习的客户太少（${rows} 行，至少 200）`,
    one_outcome: (rows: number, lapsed: number, horizonDays: number) =>
      `历史上停止下单的客户太少或太多，无从学习（${rows} 行中 ${lapsed} 位随后 ${horizonDays} 天未下单，两类各需至少 20 位）`,
    short_history: (customers: number, neededDays: number) =>
      `${customers} 位客户的档案保留的订单不足 ${neededDays} 天（多半是调高保留天数之前修剪的），运行 churn-watch rebuild-profiles 后即可学习`,
  },
  /** How BG/NBD's parameters were found. */
  bgnbdBasis: {
    fitted: 'BG/NBD 按本店客户拟合',
    fixed_dropout:
      'BG/NBD 按本店客户拟合购买频率；历史上几乎没人流失，流失概率无法拟合，取固定先验 Beta(1, 9)',
    prior: '回购客户太少，无法拟合：按固定先验（约每月一单）粗略估计，只宜用来排序，不是精确的概率',
  },
  /** How a BG/NBD model's at-risk line was chosen. */
  lineRule: {
    prior: '只是粗略估计：流失可能性过半才预警',
    fitted: '没有可学习的历史：按模型自身概率预期 F1 最高的位置',
  },
  sourceLearned: '按本店历史学习的模型',
  sourceBgnbd: (basis: string, why: string) => `${basis}（未学习：${why}）`,
  /** One line after a daily run: which model scored, or why the rules' risk stood. */
  status: {
    applied: (source: string, modelAsOf: string, fittedNow: boolean, line: string) =>
      `风险评分：${source}，${modelAsOf}${fittedNow ? ' 由本次运行' : ' '}训练，预警线 ${line}`,
    no_model: '风险评分：按规则（学习模型尚未训练：每周汇总时自动训练，或运行 churn-watch risk fit）',
    stale: (modelAsOf: string) =>
      `风险评分：按规则（最新的学习模型训练于 ${modelAsOf}，已超过 5 周：每周训练失败或 riskModel 曾关闭；运行 churn-watch risk fit）`,
    other_horizon: (modelAsOf: string) =>
      `风险评分：按规则（${modelAsOf} 的模型用的是另一个 riskModel.horizonDays；下次训练后生效）`,
    other_features: (modelAsOf: string) =>
      `风险评分：按规则（${modelAsOf} 的模型来自旧版本；运行 churn-watch risk fit 重新训练）`,
    unreadable: (modelAsOf: string, detail: string) =>
      `风险评分：按规则（${modelAsOf} 的模型无法读取：${detail}；运行 churn-watch risk fit 重新训练）`,
  },
  /** One line on a fit. */
  fit: {
    failed: (message: string) => `学习模型训练出错：${message}；继续使用上一个模型（最长 5 周），之后按规则`,
    bgnbd: (modelAsOf: string, source: string, line: string, lineRule: string) =>
      `风险模型（${modelAsOf}）：${source}；预警线 ${line}（${lineRule}）`,
    learned: (
      modelAsOf: string,
      rows: number,
      lapsed: number,
      horizonDays: number,
      auc: string,
      f1: string,
      line: string,
    ) =>
      `学习模型已训练（${modelAsOf}）：${rows} 行，其中 ${lapsed} 位随后 ${horizonDays} 天未下单；训练集（样本内）AUC ${auc}、F1 ${f1}，预警线 ${line}（在最近一个训练日的回头客中按 F1 选定）`,
    usedFromTomorrow: '；明天起使用',
    kept: '（这一天已有训练好的模型，保留原模型不覆盖）',
  },
  /** `churn-watch risk show`: a stored model. */
  show: {
    bgnbdHead: (asOf: string, horizonDays: number) =>
      `风险模型 ${asOf}（预测：随后 ${horizonDays} 天未下单的概率）`,
    notLearned: (why: string) => `未按本店历史学习：${why}`,
    bgnbdLine: (line: string, lineRule: string) => `预警线：风险 ≥ ${line}（${lineRule}）`,
    learnedHead: (asOf: string, horizonDays: number) =>
      `学习模型 ${asOf}（预测：随后 ${horizonDays} 天未下单）`,
    trainedOn: (days: string) => `训练日期：${days}`,
    daySeparator: '、',
    training: (rows: number, lapsed: number, auc: string, f1: string, precision: string, recall: string) =>
      `${rows} 行，其中 ${lapsed} 位随后未下单；训练集（样本内）AUC ${auc}、F1 ${f1}（精确率 ${precision}、召回率 ${recall}）`,
    features: (chosen: string, checked: string | null) =>
      `所用特征：${chosen}${checked ? `（在最近一个训练日上检验的 AUC：${checked}）` : ''}`,
    variantSeparator: '、',
    learnedLine: (line: string) =>
      `预警线：风险 ≥ ${line}（在最近一个训练日上、近半年内下过单的回头客中按 F1 最高选定）`,
    heaviest: '权重最大的特征（标准化后；+ 表示越大风险越高）：',
  },
  /** The features in the admin's words, for the weights `risk show` lists. */
  feature: {
    daysSinceLastPurchase: '未下单天数',
    cyclesSinceLastPurchase: '未下单天数 ÷ 订货周期',
    cycleDays: '订货周期',
    purchaseDays90: '近 90 天下单天数',
    purchaseDays365: '近 365 天下单天数',
    purchaseTrend: '下单天数趋势（近 90 天对前 90 天）',
    trailingSales: '近 12 个月销售额',
    salesTrend: '销售额趋势（近 90 天对前 90 天）',
    customerAge: '成为客户的天数',
    silenceByFrequency: '未下单天数 × 下单频率',
    bgnbdNoPurchase: 'BG/NBD：预测期内不下单的可能性',
    bgnbdUnknown: '无 BG/NBD 拟合',
  } satisfies Record<RiskFeatureName, string>,
  /** Each variant a training compares: its short name, and what it means when chosen. */
  variantName: {
    full: '全部特征',
    bgnbd: '只用 BG/NBD',
    silence: '只用未下单天数',
  } satisfies Record<RiskVariant, string>,
  variantChosen: {
    full: '全部（频率、沉默、周期、销售额、BG/NBD）',
    bgnbd: '只用 BG/NBD 的概率（在最近一个训练日上，它比全部特征排序更准）',
    silence: '只用未下单天数（在最近一个训练日上，它比全部特征排序更准）',
  } satisfies Record<RiskVariant, string>,
};

export type LearnedRiskText = typeof learnedRisk;
