import type { LearnedRiskModel } from '../core/learned-risk.ts';
import type { Locale } from '../core/locale.ts';
import type { LearnedRiskStatus, RefitOutcome } from '../cycle/learned-scoring.ts';

/** What admins read about the learned risk: after a run, a fit, or `churn-watch risk show`. */

const percent = (value: number) => `${Math.round(value * 100)}%`;
const twoDecimals = (value: number | null) => (value === null ? '—' : value.toFixed(2));

const REASONS: Record<'too_few_rows' | 'one_outcome', Record<Locale, string>> = {
  too_few_rows: { 'zh-CN': '历史数据中的客户太少', en: 'too few customers in the history' },
  one_outcome: {
    'zh-CN': '历史上几乎没有客户停止下单（或几乎全部停止），无从学习',
    en: 'almost nobody in the history stopped ordering (or almost everybody did): nothing to learn from',
  },
};

/** One line on which model a daily run scored with, or why the rules' risk stood. */
export function learnedRiskStatusLine(status: LearnedRiskStatus, locale: Locale): string {
  const zh = locale === 'zh-CN';
  switch (status.status) {
    case 'applied':
      return zh
        ? `风险评分：学习模型（${status.modelAsOf} 训练，预警线 ${percent(status.threshold)}${status.pAliveFeature ? '' : '，模型未用 P(alive)'}）`
        : `Risk: learned model (fitted ${status.modelAsOf}, at-risk line ${percent(status.threshold)}${status.pAliveFeature ? '' : ', a model without P(alive)'})`;
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
  if (outcome.status === 'not_fitted' && outcome.reason === 'short_history') {
    return zh
      ? `学习模型未训练：${outcome.customers} 位客户的档案保留的订单不足 ${outcome.neededDays} 天（多半是调高 profile.retentionDays 之前修剪的），用它们训练会让模型“看到”谁后来继续下单；请先运行 churn-watch rebuild-profiles`
      : `Learned model not fitted: ${outcome.customers} customer profiles hold less than ${outcome.neededDays} days of orders (most likely pruned before profile.retentionDays was raised), which would let the model see who went on buying; run churn-watch rebuild-profiles first`;
  }
  if (outcome.status === 'not_fitted') {
    const head = zh
      ? `学习模型未训练：${REASONS[outcome.reason][locale]}（${outcome.rows} 行，其中 ${outcome.lapsed} 位随后 ${horizonDays} 天未下单）`
      : `Learned model not fitted: ${REASONS[outcome.reason][locale]} (${outcome.rows} rows, ${outcome.lapsed} of which then went ${horizonDays} days without an order)`;
    if (!stored) return head + (zh ? '；按规则评估' : '; the rules decide');
    return (
      head +
      (zh
        ? '；继续使用上一个模型（最长 5 周），之后按规则'
        : '; the last model goes on (up to 5 weeks), then the rules')
    );
  }
  const head = zh
    ? `学习模型已训练（${outcome.modelAsOf}）：${outcome.rows} 行，其中 ${outcome.lapsed} 位随后 ${horizonDays} 天未下单；训练集 AUC ${twoDecimals(outcome.trainingAuc)}、F1 ${twoDecimals(outcome.trainingF1)}，预警线 ${percent(outcome.threshold)}`
    : `Learned model fitted (${outcome.modelAsOf}): ${outcome.rows} rows, ${outcome.lapsed} of which then went ${horizonDays} days without an order; training AUC ${twoDecimals(outcome.trainingAuc)}, F1 ${twoDecimals(outcome.trainingF1)}, at-risk line ${percent(outcome.threshold)}`;
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

/** A stored model for an admin: when and on what it learned, and what weighs most. */
export function describeModel(model: LearnedRiskModel, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const strongest = model.featureNames
    .map((name, j) => ({ name, weight: model.weights[j] as number }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, 6)
    .map(({ name, weight }) => `  ${weight >= 0 ? '+' : '−'}${Math.abs(weight).toFixed(2)}  ${name}`);
  const lines = zh
    ? [
        `学习模型 ${model.asOf}（预测：随后 ${model.horizonDays} 天未下单）`,
        `  训练日期：${model.trainedOn.join('、')}`,
        `  ${model.rows} 行，其中 ${model.lapsed} 位随后未下单；训练集 AUC ${twoDecimals(model.training.auc)}、F1 ${twoDecimals(model.training.f1)}（精确率 ${twoDecimals(model.training.precision)}、召回率 ${twoDecimals(model.training.recall)}）`,
        `  预警线：风险 ≥ ${percent(model.threshold)}`,
        '  权重最大的特征（标准化后；+ 表示越大风险越高）：',
      ]
    : [
        `Learned model ${model.asOf} (predicts: no order in the next ${model.horizonDays} days)`,
        `  trained on: ${model.trainedOn.join(', ')}`,
        `  ${model.rows} rows, ${model.lapsed} of which lapsed; training AUC ${twoDecimals(model.training.auc)}, F1 ${twoDecimals(model.training.f1)} (precision ${twoDecimals(model.training.precision)}, recall ${twoDecimals(model.training.recall)})`,
        `  at-risk line: risk ≥ ${percent(model.threshold)}`,
        '  heaviest features (standardised; + means higher is riskier):',
      ];
  return [...lines, ...strongest].join('\n');
}
