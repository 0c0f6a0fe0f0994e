import type { LearnedRiskText } from '../../zh-CN/cli/learned-risk.ts';

export const learnedRisk: LearnedRiskText = {
  notLearned: {
    short_history_days: (historyDays, neededDays, horizonDays) =>
      `the history covers ${historyDays} days; learning needs ${neededDays} (the ${horizonDays}-day horizon plus 60)`,
    too_few_rows: (rows) => `too few customers in the history to learn from (${rows} rows, at least 200)`,
    one_outcome: (rows, lapsed, horizonDays) =>
      `too few customers stopped (or stayed) to learn from (${lapsed} of ${rows} rows then went ${horizonDays} days without an order; each outcome needs 20)`,
    short_history: (customers, neededDays) =>
      `${customers} customer profiles hold less than ${neededDays} days of orders (pruned before the retention was raised); run churn-watch rebuild-profiles to learn`,
  },
  bgnbdBasis: {
    fitted: "BG/NBD fitted on this distributor's customers",
    fixed_dropout:
      'BG/NBD purchase rates fitted on the customers; almost nobody has left yet, so the dropout is held at the prior Beta(1, 9)',
    prior:
      'too few repeat buyers to fit: a fixed prior (about one order a month), a rough ranking rather than a precise probability',
  },
  lineRule: {
    prior: 'a rough estimate: listed only when more likely to stop than not',
    fitted: 'no history to choose one on: where the probabilities themselves expect the best F1',
  },
  sourceLearned: "a model learned on this distributor's history",
  sourceBgnbd: (basis, why) => `${basis} (not learned: ${why})`,
  status: {
    applied: (source, modelAsOf, fittedNow, line) =>
      `Risk: ${source}, fitted ${modelAsOf}${fittedNow ? ' by this run' : ''}, at-risk line ${line}`,
    no_model: 'Risk: rules (no learned model yet: the weekly run fits it, or run churn-watch risk fit)',
    stale: (modelAsOf) =>
      `Risk: rules (the newest learned model, fitted ${modelAsOf}, is over 5 weeks old: the weekly fits failed or riskModel was off; run churn-watch risk fit)`,
    other_horizon: (modelAsOf) =>
      `Risk: rules (the model of ${modelAsOf} was fitted for another riskModel.horizonDays; it applies after the next fit)`,
    other_features: (modelAsOf) =>
      `Risk: rules (the model of ${modelAsOf} is from an older version; run churn-watch risk fit)`,
    unreadable: (modelAsOf, detail) =>
      `Risk: rules (the model of ${modelAsOf} cannot be read: ${detail}; run churn-watch risk fit)`,
  },
  fit: {
    failed: (message) =>
      `Learned model fit failed: ${message}; the last model goes on (up to 5 weeks), then the rules`,
    bgnbd: (modelAsOf, source, line, lineRule) =>
      `Risk model (${modelAsOf}): ${source}; at-risk line ${line} (${lineRule})`,
    learned: (modelAsOf, rows, lapsed, horizonDays, auc, f1, line) =>
      `Learned model fitted (${modelAsOf}): ${rows} rows, ${lapsed} of which then went ${horizonDays} days without an order; in-sample training AUC ${auc}, F1 ${f1}, at-risk line ${line} (the best F1 among repeat customers on the newest training day)`,
    usedFromTomorrow: '; used from tomorrow',
    kept: ' (a model was already stored for the day: kept as it was)',
  },
  show: {
    bgnbdHead: (asOf, horizonDays) =>
      `Risk model ${asOf} (predicts: the probability of no order in the next ${horizonDays} days)`,
    notLearned: (why) => `not learned on this distributor's history: ${why}`,
    bgnbdLine: (line, lineRule) => `at-risk line: risk ≥ ${line} (${lineRule})`,
    learnedHead: (asOf, horizonDays) =>
      `Learned model ${asOf} (predicts: no order in the next ${horizonDays} days)`,
    trainedOn: (days) => `trained on: ${days}`,
    daySeparator: ', ',
    training: (rows, lapsed, auc, f1, precision, recall) =>
      `${rows} rows, ${lapsed} of which lapsed; in-sample training AUC ${auc}, F1 ${f1} (precision ${precision}, recall ${recall})`,
    features: (chosen, checked) =>
      `features: ${chosen}${checked ? ` (AUC on the newest training day: ${checked})` : ''}`,
    variantSeparator: ', ',
    learnedLine: (line) =>
      `at-risk line: risk ≥ ${line} (the best F1 on the newest training day, among repeat customers who bought in the last half year)`,
    heaviest: 'heaviest features (standardised; + means higher is riskier):',
  },
  feature: {
    daysSinceLastPurchase: 'days since the last order',
    cyclesSinceLastPurchase: 'days silent ÷ ordering cycle',
    cycleDays: 'ordering cycle',
    purchaseDays90: 'order days in the last 90 days',
    purchaseDays365: 'order days in the last 365 days',
    purchaseTrend: 'order-day trend (last 90 vs the 90 before)',
    trailingSales: 'trailing 12-month sales',
    salesTrend: 'sales trend (last 90 vs the 90 before)',
    customerAge: 'days since the first order',
    silenceByFrequency: 'days silent × order frequency',
    bgnbdNoPurchase: 'BG/NBD: chance of no order in the horizon',
    bgnbdUnknown: 'no BG/NBD fit',
  },
  variantName: { full: 'all features', bgnbd: 'BG/NBD only', silence: 'silence only' },
  variantChosen: {
    full: 'all (frequency, silence, cycle, sales, BG/NBD)',
    bgnbd: "BG/NBD's probability only (on the newest training day it ranked better than all features)",
    silence: 'the silence only (on the newest training day it ranked better than all features)',
  },
};
