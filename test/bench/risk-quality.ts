// How well the zero-config risk ranks, flags and reads as a probability, on CDNOW (real) and on synthetic
// distributors of several shapes, against the simple baselines: `npx tsx test/bench/risk-quality.ts
// [--only NAME]`. Also part of `npm run bench`. A script, not a test: it prints figures.
//
// Population and label as in the risk issue: customers with >= 2 order days up to the as-of day and the last
// within 180 days; lost = no order in the next 90 days. The risk is computed exactly as `churn-watch
// evaluate` computes it with no --config (profiles up to the day, the model fitted on them, nothing later).
import { auc } from '../../functions/core/backtest.ts';
import { fitBgnbdRisk, riskSummaryOf } from '../../functions/core/bgnbd-risk.ts';
import { pNoPurchaseWithin } from '../../functions/core/bgnbd.ts';
import { brierScore, expectedCalibrationError } from '../../functions/core/calibration.ts';
import { type ChurnConfig, DEFAULT_CONFIG } from '../../functions/core/config.ts';
import { type Day, dayFromParts, formatDay, parseIsoDay } from '../../functions/core/days.ts';
import { generateDistributor } from '../../functions/tools/sample/generate-distributor.ts';
import { evaluateWithRiskModel } from '../../functions/core/learned/scoring.ts';
import { buildProfiles } from '../../functions/core/profile.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { cdnowLines } from '../support/cdnow.ts';
import { BOOK_SHAPES, syntheticBook } from '../support/synthetic-books.ts';

const HORIZON = 90;

export interface RiskQuality {
  name: string;
  asOf: string;
  customers: number;
  lostShare: number;
  model: string;
  auc: number | null;
  f1: number;
  precision: number;
  recall: number;
  flagged: number;
  ece: number | null;
  brier: number | null;
  baselines: { recency: number | null; frequency: number | null; bgnbd: number | null };
  /** The same figures among customers not yet silent for the horizon: the lapses a list can still warn of. */
  fresh: {
    customers: number;
    lost: number;
    auc: number | null;
    f1: number;
    precision: number;
    recall: number;
  };
}

/** The risk issue's figures for one book at one day. */
export function riskQuality(
  name: string,
  lines: readonly OrderLine[],
  asOf: Day,
  config: ChurnConfig = DEFAULT_CONFIG,
): RiskQuality {
  const known = lines.filter((line) => line.day <= asOf);
  const { profiles } = buildProfiles(known, {}, { asOf, retentionDays: config.profile.retentionDays });
  const list = [...profiles.values()];
  const { result, model } = evaluateWithRiskModel({ profiles: list, asOf, config });
  if (!model) throw new Error('risk quality is measured with the risk model on');
  const scored = new Map(result.customers.map((c) => [c.customerId, c] as const));
  const bgnbd = fitBgnbdRisk(list.map((profile) => riskSummaryOf(profile, asOf)));
  // Population and label from the raw lines, as the issue defines them.
  const days = new Map<string, Set<Day>>();
  for (const line of lines) {
    let set = days.get(line.customerId);
    if (!set) days.set(line.customerId, (set = new Set()));
    set.add(line.day);
  }
  const risks: number[] = [];
  const flags: boolean[] = [];
  const labels: boolean[] = [];
  const recency: number[] = [];
  const frequency: number[] = [];
  const bg: number[] = [];
  for (const [customerId, set] of days) {
    const before = [...set].filter((day) => day <= asOf).sort((a, b) => a - b);
    if (before.length < 2 || asOf - (before[before.length - 1] as Day) > 180) continue;
    const evaluation = scored.get(customerId);
    const profile = profiles.get(customerId);
    if (!evaluation || !profile) continue;
    risks.push(evaluation.risk);
    flags.push(evaluation.atRisk);
    labels.push(![...set].some((day) => day > asOf && day <= asOf + HORIZON));
    recency.push(asOf - (before[before.length - 1] as Day));
    frequency.push(-before.filter((day) => asOf - day < 365).length);
    const summary = riskSummaryOf(profile, asOf);
    bg.push(summary ? pNoPurchaseWithin(bgnbd.params, summary, HORIZON / 7) : 1);
  }
  const { precision, recall, f1, flagged } = flagFigures(flags, labels);
  const freshIndex = recency.map((days, i) => (days < HORIZON ? i : -1)).filter((i) => i >= 0);
  const freshLabels = freshIndex.map((i) => labels[i] as boolean);
  const fresh = flagFigures(
    freshIndex.map((i) => flags[i] as boolean),
    freshLabels,
  );
  const modelText =
    model.source === 'learned'
      ? `learned/${model.variant} (${model.rows} rows, line ${model.threshold.toFixed(2)})`
      : `bgnbd/${model.bgnbdBasis} (${model.notLearned?.reason})`;
  return {
    name,
    asOf: formatDay(asOf),
    customers: labels.length,
    lostShare: labels.filter(Boolean).length / Math.max(1, labels.length),
    model: modelText,
    auc: auc(risks, labels),
    f1,
    precision,
    recall,
    flagged,
    fresh: {
      customers: freshIndex.length,
      lost: freshLabels.filter(Boolean).length,
      auc: auc(
        freshIndex.map((i) => risks[i] as number),
        freshLabels,
      ),
      f1: fresh.f1,
      precision: fresh.precision,
      recall: fresh.recall,
    },
    ece: expectedCalibrationError(risks, labels),
    brier: brierScore(risks, labels),
    baselines: { recency: auc(recency, labels), frequency: auc(frequency, labels), bgnbd: auc(bg, labels) },
    ...(process.env.RISK_DEBUG ? debug(risks, labels) : {}),
  };
}

function flagFigures(flags: readonly boolean[], labels: readonly boolean[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  flags.forEach((flag, i) => {
    if (flag && labels[i]) tp++;
    else if (flag) fp++;
    else if (labels[i]) fn++;
  });
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);
  return { precision, recall, f1, flagged: (tp + fp) / Math.max(1, labels.length) };
}

function debug(risks: number[], labels: boolean[]) {
  const meanRisk = risks.reduce((a, b) => a + b, 0) / risks.length;
  const order = risks.map((_, i) => i).sort((a, b) => (risks[b] as number) - (risks[a] as number));
  const pos = labels.filter(Boolean).length;
  let tp = 0;
  let oracle = { f1: 0, t: 0 };
  order.forEach((i, k) => {
    if (labels[i]) tp++;
    const f1 = (2 * tp) / (k + 1 + pos);
    if (f1 > oracle.f1) oracle = { f1, t: risks[i] as number };
  });
  return { meanRisk, oracle };
}

const fmt = (value: number | null, digits = 3) => (value === null ? '—' : value.toFixed(digits));

export function describeQuality(q: RiskQuality): string {
  const best = Math.max(...Object.values(q.baselines).map((v) => v ?? 0));
  const verdict =
    q.auc === null
      ? ''
      : q.auc >= best - 0.005
        ? 'ok'
        : `BELOW best baseline by ${(best - q.auc).toFixed(3)}`;
  return (
    `${q.name.padEnd(16)} ${q.asOf} n=${String(q.customers).padStart(5)} lost ${(q.lostShare * 100).toFixed(0).padStart(2)}% | ` +
    `AUC ${fmt(q.auc)} (recency ${fmt(q.baselines.recency)}, freq ${fmt(q.baselines.frequency)}, BG/NBD ${fmt(q.baselines.bgnbd)}) ${verdict} | ` +
    `F1 ${fmt(q.f1)} P ${fmt(q.precision, 2)} R ${fmt(q.recall, 2)} flagged ${(q.flagged * 100).toFixed(0)}% | ` +
    `ECE ${fmt(q.ece)} Brier ${fmt(q.brier)} | not yet silent ${HORIZON} d: n=${q.fresh.customers} lost ${q.fresh.lost} ` +
    `AUC ${fmt(q.fresh.auc)} F1 ${fmt(q.fresh.f1)} P ${fmt(q.fresh.precision, 2)} R ${fmt(q.fresh.recall, 2)} | ${q.model}`
  );
}

/** The demo distributor `npm start` imports (seed 42, 18 months), with 90 days more for the labels. */
function demoLines(customers: number, end: Day): OrderLine[] {
  const data = generateDistributor({ seed: 42, customers, months: 21, endDate: formatDay(end + 90) });
  return data.orderLines.map((line) => ({
    orderId: line.orderId,
    customerId: line.customerId,
    day: parseIsoDay(line.orderDate) as Day,
    amount: line.amountFen,
    sku: line.sku,
    quantity: line.quantity,
    status: line.status,
  }));
}

/** Every book and day the risk is checked on. */
export function riskQualityCases(): { name: string; lines: () => OrderLine[]; asOf: Day[] }[] {
  const end = dayFromParts(2026, 11, 30);
  return [
    {
      name: 'CDNOW',
      lines: () => cdnowLines(),
      asOf: [dayFromParts(1998, 1, 1), dayFromParts(1998, 4, 1)],
    },
    {
      name: 'demo-400',
      lines: () => demoLines(400, end),
      asOf: [end - 90, end],
    },
    ...BOOK_SHAPES.map((shape) => ({
      name: shape.name,
      lines: () => syntheticBook(shape, { end }).lines,
      asOf: [end - 120, end],
    })),
  ];
}

export function benchRiskQuality(only?: string): void {
  console.log(
    `\n## Risk quality (horizon ${HORIZON} days; population: >= 2 order days, last within 180 days)`,
  );
  for (const book of riskQualityCases()) {
    if (only && book.name !== only) continue;
    const lines = book.lines();
    for (const asOf of book.asOf) console.log(describeQuality(riskQuality(book.name, lines, asOf)));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv.indexOf('--only');
  benchRiskQuality(only >= 0 ? process.argv[only + 1] : undefined);
}
