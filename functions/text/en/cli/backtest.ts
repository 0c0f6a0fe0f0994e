import type { BacktestText } from '../../zh-CN/cli/backtest.ts';

export const backtest: BacktestText = {
  refused: {
    horizonRequired: '--horizon DAYS is required (e.g. 90)',
    horizonRange: (max, given) => `--horizon must be a whole number of days from 1 to ${max}, got "${given}"`,
    noOrders: (file) => `${file} has no orders to backtest on`,
    asOfBeforeFirst: (asOf, file, first) =>
      `the as-of day ${asOf} is before the first order in ${file} (${first}): there is no one to evaluate yet`,
    notCovered: (file, last, from, end, hint) =>
      `the orders in ${file} end on ${last}, before the end of the horizon (${from} to ${end}), so the churn labels would be wrong; ${hint}`,
    earlierOrShorter: (latest, longest) =>
      `choose an earlier as-of day (${latest} at the latest) or a shorter horizon (${longest} days at most)`,
    shorter: `choose a shorter horizon`,
  },
  headline: (asOf, horizonDays, from, end) =>
    `Backtest as of ${asOf}, horizon ${horizonDays} days (${from} to ${end})`,
  population: (population, positives, baseRate) =>
    `${population} customers scored, ${positives} of them (${baseRate}) did not order again within the horizon (churned)`,
  oneOutcome: (nobodyLapsed) =>
    `Note: ${nobodyLapsed ? 'no customer lapsed' : 'every customer lapsed'} within the horizon, so precision, recall and AUC cannot be measured. Try another as-of day (e.g. an earlier one) or check that the export is complete.`,
  excludedClosed: (closed) => `, ${closed} answered closed by then`,
  excluded: (lost, noOrders, horizonDays, alreadySilent, closed, evaluated) =>
    `Not scored: ${lost} lost, ${noOrders} without orders, ${alreadySilent} already silent for ${horizonDays}+ days${closed} (of ${evaluated} customers)`,
  answers: (closedBefore, closedWithin, closedDespiteOrders, notReal) =>
    `Reps' answers: ${closedBefore} answered closed on or before the as-of day, not scored and lapsed examples for the risk model fitted that day; ${closedWithin} answered closed within the horizon, counted as churned (${closedDespiteOrders} of them ordered after all); ${notReal} marked "not a real risk" within the horizon. Answers after the as-of day only judge the outcome; they never reach the evaluation or the model.`,
  model: {
    enabled: (description) => `Default risk: ${description}`,
    off: (description) =>
      `Default risk: the rules' risk score and at-risk flag (riskModel is off; the score is not a probability). Turned on, the risk model would be: ${description}`,
    otherHorizon: (modelDays, horizonDays, configurable) =>
      `Note: the risk model predicts no order within ${modelDays} days (riskModel.horizonDays) but the horizon here is ${horizonDays} days, so the model's Brier score, ECE and reliability compare different things; use --horizon ${modelDays}${configurable ? ` or set riskModel.horizonDays to ${horizonDays} in --config` : ''}.`,
    learned: (horizonDays, trainedOn, rows, lapsed, auc, line) =>
      `a model learned on this distributor's history, the probability of no order within ${horizonDays} days; trained on ${trainedOn} (each at least ${horizonDays} days before the as-of day), ${rows} rows, ${lapsed} of which then went ${horizonDays} days without an order, training AUC ${auc}; at-risk line: risk ≥ ${line}, the best F1 on the training days`,
    bestF1: 'the best F1 on the training days',
    bgnbd: (horizonDays, basis, why, line, rule) =>
      `BG/NBD's own probability of no order within ${horizonDays} days (${basis}); not learned: ${why}; at-risk line: risk ≥ ${line} (${rule})`,
  },
  section: {
    comparison: '1. The risk against the alternatives (same customers, same churn definition)',
    reliability: '2. Reliability of the default risk (customers in ten groups by default risk, lowest first)',
    rules: '3. The rules (at the thresholds tested)',
  },
  label: {
    defaultRulesOff: 'Default risk (rules, riskModel off)',
    learnedSource: 'learned',
    defaultRisk: (source, line) => `Default risk (${source}) ≥ ${line}`,
    learnedRisk: (line) => `Learned risk ≥ ${line}`,
    bgnbd: (horizonDays, line) => `BG/NBD P(no order in ${horizonDays} days) ≥ ${line}`,
    nobody: 'flags nobody',
    daysSilent: (cut, mark) => `Days silent alone: ${cut} ${mark}`,
    daysCut: (days) => `≥ ${days} days`,
    orders12m: (cut, mark) => `Orders in the last 12 months alone: ${cut} ${mark}`,
    ordersCut: (orders) => `≤ ${orders}`,
    seedRule: (days) => `Seed rule: no order for ${days} days (baseline)`,
    learnedUnavailable: (mark) => `Learned risk (not available ${mark})`,
  },
  comparisonHeader: [
    'Signal',
    'AUC',
    'Precision',
    'Recall',
    'F1',
    'Flagged (customers)',
    'Lead days (median)',
    'Brier',
    'ECE',
  ],
  matchedNote: (mark, target) =>
    `${mark} Days silent and orders have no line of their own: each is cut where it flags about as many customers as the default risk (${target}; equal values are flagged together), so that precision and recall compare; orders count days with an order. The seed rule has no score, so no AUC.`,
  unavailableNote: (mark, why) =>
    `${mark} Learned risk not available: ${why}. So the default risk is BG/NBD's own probability.`,
  reliabilityHeader: ['Decile', 'Customers', 'Risk range', 'Mean predicted risk', 'Observed lost share'],
  all: 'All',
  reliabilityNote:
    "A trustworthy risk has each group's mean prediction close to its observed share; more churn further down means the ranking works.",
  reliabilityNoteRules:
    "The default risk is the rules' score, not a probability: read this table for the ranking only (more churn further down is better).",
  rulesHeader: [
    'Signal',
    'Flagged',
    'Hits',
    'Precision',
    'Recall',
    'F1',
    'Lead days (median)',
    'Lead days (IQR)',
  ],
  falseAlarmsHeader: 'False alarms (reps: not a real risk)',
  anySignal: 'Rules: at risk (any signal)',
  rulesAuc: (auc) => `Rules' risk score AUC: ${auc} (the rules' own score, before the risk model)`,
  falseAlarmsNote: (from, end) =>
    `False alarms k / n: of the n customers a rule flagged on the as-of day, k were marked "not a real risk" by a rep within the horizon (${from} to ${end}); a warning nobody answered is not counted as a false alarm.`,
  explanation: (horizonDays) => [
    `Churned = no order in the ${horizonDays} days after the as-of day (cancelled orders and full returns do not count); the evaluation and the risk model use only data up to the as-of day.`,
    `AUC = the chance that a random churned customer scores higher than a random one who stayed (0.5 = no better than chance, 1 = perfect ranking);`,
    `precision = share of the flagged who churned; recall = share of the churned who were flagged; F1 = their harmonic mean; flagged = share of the customers scored;`,
    `lead days = days from the as-of day to the churn mark (last order + ${horizonDays} days), hits only;`,
    `Brier = mean squared difference between the predicted probability and what happened (churned = 1, stayed = 0), lower is better (saying 50% for everyone scores 0.25);`,
    `ECE = customers in ten bands of predicted probability, each band's gap between mean prediction and observed churn share, weighted by customers: lower is more trustworthy (0 = of the customers given 30%, 30% churned).`,
  ],
};
