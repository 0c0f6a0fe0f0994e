import type { BgnbdRiskBasis } from '../core/bgnbd-risk.ts';
import type { RiskFeatureName } from '../core/learned/features.ts';
import type { LearnedRiskModel, NotLearnedReason, RiskVariant } from '../core/learned/model.ts';
import type { Locale } from '../core/locale.ts';
import type { LearnedRiskStatus } from '../cycle/learned-scoring.ts';
import type { RefitOutcome } from '../cycle/refit-outcome.ts';

/** What admins read about the learned risk: after a run, a fit, or `churn-watch risk show`. */

const percent = (value: number) => `${Math.round(value * 100)}%`;
const twoDecimals = (value: number | null) => (value === null ? '—' : value.toFixed(2));

/** Why the risk is BG/NBD's own probability: what an admin reads after a fit or a run. */
export function notLearnedText(reason: NotLearnedReason, horizonDays: number, locale: Locale): string {
  const zh = locale === 'zh-CN';
  switch (reason.reason) {
    case 'short_history_days':
      return zh
        ? `历史只有 ${reason.historyDays} 天，学习至少要 ${reason.neededDays} 天（${horizonDays} 天的观察期加 60 天）`
        : `the history covers ${reason.historyDays} days; learning needs ${reason.neededDays} (the ${horizonDays}-day horizon plus 60)`;
    case 'too_few_rows':
      return zh
        ? `历史中可学习的客户太少（${reason.rows} 行，至少 200）`
        : `too few customers in the history to learn from (${reason.rows} rows, at least 200)`;
    case 'one_outcome':
      return zh
        ? `历史上停止下单的客户太少或太多，无从学习（${reason.rows} 行中 ${reason.lapsed} 位随后 ${horizonDays} 天未下单，两类各需至少 20 位）`
        : `too few customers stopped (or stayed) to learn from (${reason.lapsed} of ${reason.rows} rows then went ${horizonDays} days without an order; each outcome needs 20)`;
    case 'short_history':
      return zh
        ? `${reason.customers} 位客户的档案保留的订单不足 ${reason.neededDays} 天（多半是调高保留天数之前修剪的），运行 churn-watch rebuild-profiles 后即可学习`
        : `${reason.customers} customer profiles hold less than ${reason.neededDays} days of orders (pruned before the retention was raised); run churn-watch rebuild-profiles to learn`;
  }
}

/** How BG/NBD's parameters were found, in a few words. */
export function bgnbdBasisText(basis: BgnbdRiskBasis | null, locale: Locale): string {
  const zh = locale === 'zh-CN';
  switch (basis) {
    case 'fitted':
      return zh ? 'BG/NBD 按本店客户拟合' : "BG/NBD fitted on this distributor's customers";
    case 'fixed_dropout':
      return zh
        ? 'BG/NBD 按本店客户拟合购买频率；历史上几乎没人流失，流失概率无法拟合，取固定先验 Beta(1, 9)'
        : 'BG/NBD purchase rates fitted on the customers; almost nobody has left yet, so the dropout is held at the prior Beta(1, 9)';
    case 'prior':
    case null:
      return zh
        ? '回购客户太少，无法拟合：按固定先验（约每月一单）粗略估计，只宜用来排序，不是精确的概率'
        : 'too few repeat buyers to fit: a fixed prior (about one order a month), a rough ranking rather than a precise probability';
  }
}

/** How a BG/NBD model's line was chosen (learned-risk.ts bgnbdRiskModel). */
export function lineRuleText(basis: BgnbdRiskBasis | null, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (basis === 'prior' || basis === null) {
    return zh
      ? '只是粗略估计：流失可能性过半才预警'
      : 'a rough estimate: listed only when more likely to stop than not';
  }
  return zh
    ? '没有可学习的历史：按模型自身概率预期 F1 最高的位置'
    : 'no history to choose one on: where the probabilities themselves expect the best F1';
}

/** Which model a run or fit used, in a few words: learned, or BG/NBD and why. */
function modelSourceText(
  fit: {
    source: LearnedRiskModel['source'];
    bgnbdBasis: BgnbdRiskBasis | null;
    notLearned?: NotLearnedReason;
  },
  horizonDays: number,
  locale: Locale,
): string {
  const zh = locale === 'zh-CN';
  if (fit.source === 'learned')
    return zh ? '按本店历史学习的模型' : "a model learned on this distributor's history";
  const why = fit.notLearned ? notLearnedText(fit.notLearned, horizonDays, locale) : '';
  return zh
    ? `${bgnbdBasisText(fit.bgnbdBasis, locale)}（未学习：${why}）`
    : `${bgnbdBasisText(fit.bgnbdBasis, locale)} (not learned: ${why})`;
}

/** One line on which model a daily run scored with, or why the rules' risk stood. */
export function learnedRiskStatusLine(status: LearnedRiskStatus, locale: Locale): string {
  const zh = locale === 'zh-CN';
  switch (status.status) {
    case 'applied':
      return zh
        ? `风险评分：${modelSourceText(status, status.horizonDays, locale)}，${status.modelAsOf}${status.fittedNow ? ' 由本次运行' : ' '}训练，预警线 ${percent(status.threshold)}`
        : `Risk: ${modelSourceText(status, status.horizonDays, locale)}, fitted ${status.modelAsOf}${status.fittedNow ? ' by this run' : ''}, at-risk line ${percent(status.threshold)}`;
    case 'no_model':
      return zh
        ? '风险评分：按规则（学习模型尚未训练：每周汇总时自动训练，或运行 churn-watch risk fit）'
        : 'Risk: rules (no learned model yet: the weekly run fits it, or run churn-watch risk fit)';
    case 'stale':
      return zh
        ? `风险评分：按规则（最新的学习模型训练于 ${status.modelAsOf}，已超过 5 周：每周训练失败或 riskModel 曾关闭；运行 churn-watch risk fit）`
        : `Risk: rules (the newest learned model, fitted ${status.modelAsOf}, is over 5 weeks old: the weekly fits failed or riskModel was off; run churn-watch risk fit)`;
    case 'other_horizon':
      return zh
        ? `风险评分：按规则（${status.modelAsOf} 的模型用的是另一个 riskModel.horizonDays；下次训练后生效）`
        : `Risk: rules (the model of ${status.modelAsOf} was fitted for another riskModel.horizonDays; it applies after the next fit)`;
    case 'other_features':
      return zh
        ? `风险评分：按规则（${status.modelAsOf} 的模型来自旧版本；运行 churn-watch risk fit 重新训练）`
        : `Risk: rules (the model of ${status.modelAsOf} is from an older version; run churn-watch risk fit)`;
    case 'unreadable':
      return zh
        ? `风险评分：按规则（${status.modelAsOf} 的模型无法读取：${status.detail}；运行 churn-watch risk fit 重新训练）`
        : `Risk: rules (the model of ${status.modelAsOf} cannot be read: ${status.detail}; run churn-watch risk fit)`;
  }
}

/**
 * One line on a fit: what it learned from and how well it separated, or why there was nothing to learn.
 * `stored`: the fit was stored for the daily runs (not an in-memory one for `churn-watch evaluate`).
 */
export function refitLine(outcome: RefitOutcome, locale: Locale, stored = true): string {
  const zh = locale === 'zh-CN';
  const { horizonDays } = outcome;
  if (outcome.status === 'failed') {
    return zh
      ? `学习模型训练出错：${outcome.message}；继续使用上一个模型（最长 5 周），之后按规则`
      : `Learned model fit failed: ${outcome.message}; the last model goes on (up to 5 weeks), then the rules`;
  }
  if (outcome.source === 'bgnbd') {
    const head = zh
      ? `风险模型（${outcome.modelAsOf}）：${modelSourceText(outcome, horizonDays, locale)}；预警线 ${percent(outcome.threshold)}（${lineRuleText(outcome.bgnbdBasis, locale)}）`
      : `Risk model (${outcome.modelAsOf}): ${modelSourceText(outcome, horizonDays, locale)}; at-risk line ${percent(outcome.threshold)} (${lineRuleText(outcome.bgnbdBasis, locale)})`;
    return stored && !outcome.kept ? head + (zh ? '；明天起使用' : '; used from tomorrow') : head;
  }
  const head = zh
    ? `学习模型已训练（${outcome.modelAsOf}）：${outcome.rows} 行，其中 ${outcome.lapsed} 位随后 ${horizonDays} 天未下单；训练集（样本内）AUC ${twoDecimals(outcome.trainingAuc)}、F1 ${twoDecimals(outcome.trainingF1)}，预警线 ${percent(outcome.threshold)}（在最近一个训练日的回头客中按 F1 选定）`
    : `Learned model fitted (${outcome.modelAsOf}): ${outcome.rows} rows, ${outcome.lapsed} of which then went ${horizonDays} days without an order; in-sample training AUC ${twoDecimals(outcome.trainingAuc)}, F1 ${twoDecimals(outcome.trainingF1)}, at-risk line ${percent(outcome.threshold)} (the best F1 among repeat customers on the newest training day)`;
  if (!stored) return head;
  if (outcome.kept) {
    return (
      head +
      (zh
        ? '（这一天已有训练好的模型，保留原模型不覆盖）'
        : ' (a model was already stored for the day: kept as it was)')
    );
  }
  return head + (zh ? '；明天起使用' : '; used from tomorrow');
}

/** A stored model for an admin: when and on what it was fitted, how its line was chosen, and what weighs most. */
export function describeModel(model: LearnedRiskModel, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (model.source === 'bgnbd') {
    const why = model.notLearned ? notLearnedText(model.notLearned, model.horizonDays, locale) : '';
    return (
      zh
        ? [
            `风险模型 ${model.asOf}（预测：随后 ${model.horizonDays} 天未下单的概率）`,
            `  ${bgnbdBasisText(model.bgnbdBasis, locale)}`,
            `  未按本店历史学习：${why}`,
            `  预警线：风险 ≥ ${percent(model.threshold)}（${lineRuleText(model.bgnbdBasis, locale)}）`,
          ]
        : [
            `Risk model ${model.asOf} (predicts: the probability of no order in the next ${model.horizonDays} days)`,
            `  ${bgnbdBasisText(model.bgnbdBasis, locale)}`,
            `  not learned on this distributor's history: ${why}`,
            `  at-risk line: risk ≥ ${percent(model.threshold)} (${lineRuleText(model.bgnbdBasis, locale)})`,
          ]
    ).join('\n');
  }
  const strongest = model.featureNames
    .map((name, j) => ({ name, weight: model.weights[j] as number }))
    .filter(({ weight }) => weight !== 0)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, 6)
    .map(
      ({ name, weight }) =>
        `  ${weight >= 0 ? '+' : '−'}${Math.abs(weight).toFixed(2)}  ${FEATURE_LABELS[name as RiskFeatureName]?.[locale] ?? name}`,
    );
  const variant = model.variant ?? 'full';
  const checked = model.validation
    ? (Object.entries(model.validation) as [RiskVariant, number | null][])
        .map(([name, value]) => `${VARIANTS[name].name[locale]} ${value === null ? '—' : value.toFixed(3)}`)
        .join(zh ? '、' : ', ')
    : null;
  const variantLine = zh
    ? `  所用特征：${VARIANTS[variant].chosen[locale]}${checked ? `（在最近一个训练日上检验的 AUC：${checked}）` : ''}`
    : `  features: ${VARIANTS[variant].chosen[locale]}${checked ? ` (AUC on the newest training day: ${checked})` : ''}`;
  const lines = zh
    ? [
        `学习模型 ${model.asOf}（预测：随后 ${model.horizonDays} 天未下单）`,
        `  训练日期：${model.trainedOn.join('、')}`,
        `  ${model.rows} 行，其中 ${model.lapsed} 位随后未下单；训练集（样本内）AUC ${twoDecimals(model.training.auc)}、F1 ${twoDecimals(model.training.f1)}（精确率 ${twoDecimals(model.training.precision)}、召回率 ${twoDecimals(model.training.recall)}）`,
        variantLine,
        `  预警线：风险 ≥ ${percent(model.threshold)}（在最近一个训练日上、近半年内下过单的回头客中按 F1 最高选定）`,
        '  权重最大的特征（标准化后；+ 表示越大风险越高）：',
      ]
    : [
        `Learned model ${model.asOf} (predicts: no order in the next ${model.horizonDays} days)`,
        `  trained on: ${model.trainedOn.join(', ')}`,
        `  ${model.rows} rows, ${model.lapsed} of which lapsed; in-sample training AUC ${twoDecimals(model.training.auc)}, F1 ${twoDecimals(model.training.f1)} (precision ${twoDecimals(model.training.precision)}, recall ${twoDecimals(model.training.recall)})`,
        variantLine,
        `  at-risk line: risk ≥ ${percent(model.threshold)} (the best F1 on the newest training day, among repeat customers who bought in the last half year)`,
        '  heaviest features (standardised; + means higher is riskier):',
      ];
  return [...lines, ...strongest].join('\n');
}

/** The features in the admin's words, for the weights `risk show` lists. */
const FEATURE_LABELS: Record<RiskFeatureName, Record<Locale, string>> = {
  daysSinceLastPurchase: { 'zh-CN': '未下单天数', en: 'days since the last order' },
  cyclesSinceLastPurchase: { 'zh-CN': '未下单天数 ÷ 订货周期', en: 'days silent ÷ ordering cycle' },
  cycleDays: { 'zh-CN': '订货周期', en: 'ordering cycle' },
  purchaseDays90: { 'zh-CN': '近 90 天下单天数', en: 'order days in the last 90 days' },
  purchaseDays365: { 'zh-CN': '近 365 天下单天数', en: 'order days in the last 365 days' },
  purchaseTrend: {
    'zh-CN': '下单天数趋势（近 90 天对前 90 天）',
    en: 'order-day trend (last 90 vs the 90 before)',
  },
  trailingSales: { 'zh-CN': '近 12 个月销售额', en: 'trailing 12-month sales' },
  salesTrend: { 'zh-CN': '销售额趋势（近 90 天对前 90 天）', en: 'sales trend (last 90 vs the 90 before)' },
  customerAge: { 'zh-CN': '成为客户的天数', en: 'days since the first order' },
  silenceByFrequency: { 'zh-CN': '未下单天数 × 下单频率', en: 'days silent × order frequency' },
  bgnbdNoPurchase: {
    'zh-CN': 'BG/NBD：预测期内不下单的可能性',
    en: 'BG/NBD: chance of no order in the horizon',
  },
  bgnbdUnknown: { 'zh-CN': '无 BG/NBD 拟合', en: 'no BG/NBD fit' },
};

/** Each variant a training compares (chooseVariant): its short name, and what it means when chosen. */
const VARIANTS: Record<RiskVariant, { name: Record<Locale, string>; chosen: Record<Locale, string> }> = {
  full: {
    name: { 'zh-CN': '全部特征', en: 'all features' },
    chosen: {
      'zh-CN': '全部（频率、沉默、周期、销售额、BG/NBD）',
      en: 'all (frequency, silence, cycle, sales, BG/NBD)',
    },
  },
  bgnbd: {
    name: { 'zh-CN': '只用 BG/NBD', en: 'BG/NBD only' },
    chosen: {
      'zh-CN': '只用 BG/NBD 的概率（在最近一个训练日上，它比全部特征排序更准）',
      en: "BG/NBD's probability only (on the newest training day it ranked better than all features)",
    },
  },
  silence: {
    name: { 'zh-CN': '只用未下单天数', en: 'silence only' },
    chosen: {
      'zh-CN': '只用未下单天数（在最近一个训练日上，它比全部特征排序更准）',
      en: 'the silence only (on the newest training day it ranked better than all features)',
    },
  },
};
