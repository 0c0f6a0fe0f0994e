// The learned risk against the rules on real and synthetic data: `npx tsx test/bench/learned-risk-experiment.ts
// [CDNOW_master.txt]`. A script, not a test: it reads the full CDNOW panel (23,570 customers) and fits BG/NBD
// a dozen times. For each as-of day D (horizon 90 days) the model is trained exactly as a run on D would train
// it: on profiles built from the records up to D, at D − 90 − 28k (k = 0..3); it is then tested at D against
// what happened in (D, D + 90], which the training never saw.
import { readFileSync } from 'node:fs';
import { BASELINE_DAYS, auc, flagMetrics } from '../../functions/core/backtest.ts';
import { type ChurnConfig, DEFAULT_CONFIG } from '../../functions/core/config.ts';
import { type Day, dayFromParts, formatDay, parseIsoDay } from '../../functions/core/days.ts';
import {
  DEFAULT_RISK_L2,
  chooseThreshold,
  lapsedWithin,
  type RiskSnapshot,
  RISK_FEATURES,
  snapshotsFromProfiles,
  trainRiskModel,
} from '../../functions/core/learned-risk.ts';
import { fitLogistic, predict, unstandardised } from '../../functions/core/logistic.ts';
import { buildProfiles, type CustomerProfile, type ProfileEvents } from '../../functions/core/profile.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { generateDistributor } from '../../functions/sample/generate-distributor.ts';

const HORIZON = 90;
const RETENTION = 3650;
const CDNOW = process.argv[2] ?? '/work/shared/data/cdnow/CDNOW_master.txt';

function cdnowLines(path: string): OrderLine[] {
  const lines: OrderLine[] = [];
  const rows = readFileSync(path, 'utf8').split(/\r?\n/);
  rows.forEach((row, i) => {
    const cells = row.trim().split(/\s+/);
    if (cells.length < 4 || !/^\d{8}$/.test(cells[1] as string)) return;
    const [customerId, date, cds, dollars] = cells as [string, string, string, string];
    lines.push({
      orderId: `${customerId}-${date}-${i}`,
      customerId,
      day: dayFromParts(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8))),
      amount: Math.round(Number(dollars) * 100),
      sku: 'CD',
      quantity: Number(cds),
      status: 'placed',
    });
  });
  return lines;
}

function syntheticData(): { lines: OrderLine[]; events: ProfileEvents; end: Day } {
  const data = generateDistributor({ seed: 42, customers: 8000, months: 24, endDate: '2026-11-20' });
  const dayOf = (text: string) => parseIsoDay(text) as Day;
  const lines: OrderLine[] = data.orderLines.map((line) => ({
    orderId: line.orderId,
    customerId: line.customerId,
    day: dayOf(line.orderDate),
    amount: line.amountFen,
    sku: line.sku,
    quantity: line.quantity,
    repId: line.repId,
    status: line.status,
  }));
  const events: ProfileEvents = {
    visits: data.visits.map((visit) => ({ customerId: visit.customerId, day: dayOf(visit.visitDate) })),
    coupons: data.coupons.map((coupon) => ({ customerId: coupon.customerId, day: dayOf(coupon.issuedAt) })),
    complaints: data.complaints.map((c) => ({ customerId: c.customerId, day: dayOf(c.complaintDate) })),
  };
  return { lines, events, end: dayOf(data.endDate) };
}

const fmt = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);

interface Variant {
  label: string;
  excludeSilent: boolean;
  bgnbd: boolean;
  l2?: number;
  /** Features zeroed out (kept in the row, so the model shape is unchanged). */
  drop?: readonly string[];
}

function withoutFeatures(snapshot: RiskSnapshot, drop: readonly string[] | undefined): RiskSnapshot {
  if (!drop || drop.length === 0) return snapshot;
  const dropped = new Set(drop.map((name) => RISK_FEATURES.indexOf(name as (typeof RISK_FEATURES)[number])));
  return {
    ...snapshot,
    features: snapshot.features.map((row) => row.map((v, j) => (dropped.has(j) ? 0 : v))),
  };
}

function experiment(
  name: string,
  lines: readonly OrderLine[],
  events: ProfileEvents,
  D: Day,
  config: ChurnConfig,
  variants: readonly Variant[],
): void {
  // What a run on D knows, and (for the labels only) what happened next.
  const known = [...buildProfiles(lines, events, { asOf: D, retentionDays: RETENTION }).profiles.values()];
  const full = buildProfiles(lines, events, { asOf: D + HORIZON, retentionDays: RETENTION }).profiles;
  console.log(`\n## ${name}, as of ${formatDay(D)}, horizon ${HORIZON} days (${known.length} customers)`);
  for (const variant of variants) {
    const started = performance.now();
    const options = {
      config,
      horizonDays: HORIZON,
      excludeSilent: variant.excludeSilent,
      bgnbd: variant.bgnbd,
    };
    const cache = new Map<Day, RiskSnapshot>();
    const train = snapshotsFromProfiles(known, { ...options, knownThrough: D });
    const source = (asOf: Day) => {
      let snapshot = cache.get(asOf);
      if (!snapshot) {
        snapshot = withoutFeatures(train(asOf), variant.drop);
        cache.set(asOf, snapshot);
      }
      return snapshot;
    };
    const result = trainRiskModel(source, {
      asOf: D,
      horizonDays: HORIZON,
      l2: variant.l2 ?? DEFAULT_RISK_L2,
    });
    if (!result.ok) {
      console.log(
        `  ${variant.label}: not trained (${result.reason}: ${result.lapsed} lapsed in ${result.rows} rows); ` +
          'a run keeps the rules’ risk',
      );
      if (variant.label === 'all') sameDaySplit(source(D), full, D, variant.l2 ?? DEFAULT_RISK_L2);
      continue;
    }
    const model = result.model;
    const test = source(D);
    // Leakage check: the same day's features from profiles that already hold the next 90 days.
    const later = withoutFeatures(
      snapshotsFromProfiles([...full.values()], { ...options, knownThrough: D + HORIZON })(D),
      variant.drop,
    );
    const same = JSON.stringify(later.features) === JSON.stringify(test.features);
    const labels = test.customerIds.map((id) => lapsedWithin(full.get(id) as CustomerProfile, D, HORIZON));
    const scores = test.features.map((row) => predict(model, row));
    const learned = flagMetrics(
      scores.map((score) => score >= model.threshold),
      labels,
    );
    const fixed = flagMetrics(
      test.daysSinceLastPurchase.map((days) => days >= BASELINE_DAYS),
      labels,
    );
    const rules = flagMetrics(test.ruleAtRisk, labels);
    // F1 saturates where most customers lapse: flagging everyone is the floor any flag has to beat.
    const everyone = flagMetrics(
      labels.map(() => true),
      labels,
    );
    const oracle = chooseThreshold(scores, labels);
    const pAliveIndex = RISK_FEATURES.indexOf('pAlive');
    const pAliveAuc = variant.bgnbd
      ? auc(
          test.features.map((row) => 1 - ((row[pAliveIndex] as number | null) ?? 1)),
          labels,
        )
      : null;
    const lapsed = labels.filter(Boolean).length;
    console.log(
      `  ${variant.label}: n ${labels.length}, lapsed ${fmt(lapsed / labels.length)}; trained on ${model.rows} rows ` +
        `(${model.trainedOn.join(', ')}), ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
        `no leak: ${same}`,
    );
    console.log(
      `    learned risk  AUC ${fmt(auc(scores, labels))}  atRisk F1 ${fmt(learned.f1)} ` +
        `(P ${fmt(learned.precision)}, R ${fmt(learned.recall)}, flagged ${learned.flagged}) at threshold ` +
        `${fmt(model.threshold)}; best F1 on the test itself ${fmt(oracle.f1)} at ${fmt(oracle.threshold)}; ` +
        `training AUC ${fmt(model.training.auc)}, F1 ${fmt(model.training.f1)}`,
    );
    console.log(
      `    rules         risk AUC ${fmt(auc(test.ruleRisk, labels))}  atRisk F1 ${fmt(rules.f1)} ` +
        `(P ${fmt(rules.precision)}, R ${fmt(rules.recall)}, flagged ${rules.flagged})`,
    );
    console.log(
      `    30-day rule   F1 ${fmt(fixed.f1)} (P ${fmt(fixed.precision)}, R ${fmt(fixed.recall)}, flagged ` +
        `${fixed.flagged})` +
        `;  flag everyone F1 ${fmt(everyone.f1)}` +
        (pAliveAuc === null ? '' : `;  1 − P(alive) AUC ${fmt(pAliveAuc)}`),
    );
    if (variant.label === 'all') {
      const raw = unstandardised(model);
      console.log(
        `    weights (standardised): ${RISK_FEATURES.map((f, j) => `${f} ${fmt(model.weights[j], 2)}`).join(', ')}`,
      );
      console.log(`    raw intercept ${fmt(raw.intercept, 2)}`);
    }
  }
}

/**
 * Not the production protocol: when the history before D holds too few lapses to train on, fit on half of
 * the customers labelled at D itself and test on the other half, to see whether the features carry the
 * signal at all.
 */
function sameDaySplit(
  test: RiskSnapshot,
  full: ReadonlyMap<string, CustomerProfile>,
  D: Day,
  l2: number,
): void {
  const labels = test.customerIds.map((id) => lapsedWithin(full.get(id) as CustomerProfile, D, HORIZON));
  const half =
    (keep: number) =>
    <T>(values: readonly T[]) =>
      values.filter((_, i) => i % 2 === keep);
  const [train, held] = [half(0), half(1)];
  const fit = fitLogistic(train(test.features), train(labels), { l2, featureNames: RISK_FEATURES });
  const threshold = chooseThreshold(
    train(test.features).map((row) => predict(fit, row)),
    train(labels),
  ).threshold;
  const heldLabels = held(labels);
  const scores = held(test.features).map((row) => predict(fit, row));
  const learned = flagMetrics(
    scores.map((score) => score >= threshold),
    heldLabels,
  );
  const rules = flagMetrics(held(test.ruleAtRisk), heldLabels);
  const fixed = flagMetrics(
    held(test.daysSinceLastPurchase).map((days) => days >= BASELINE_DAYS),
    heldLabels,
  );
  console.log(
    `    same-day split by customer (${heldLabels.length} held out, ${heldLabels.filter(Boolean).length} lapsed): ` +
      `learned AUC ${fmt(auc(scores, heldLabels))}, F1 ${fmt(learned.f1)} (P ${fmt(learned.precision)}, ` +
      `R ${fmt(learned.recall)}); rules risk AUC ${fmt(auc(held(test.ruleRisk), heldLabels))}, atRisk F1 ` +
      `${fmt(rules.f1)}; 30-day rule F1 ${fmt(fixed.f1)}`,
  );
}

const variants: Variant[] = [
  { label: 'all', excludeSilent: false, bgnbd: true },
  { label: 'all, no BG/NBD', excludeSilent: false, bgnbd: false },
  { label: 'silent < 90 days (backtest.ts population)', excludeSilent: true, bgnbd: true },
];
const extra = process.env.LEARNED_RISK_ABLATIONS
  ? [
      { label: 'all, l2 0.1', excludeSilent: false, bgnbd: true, l2: 0.1 },
      { label: 'all, l2 1e-5', excludeSilent: false, bgnbd: true, l2: 1e-5 },
      { label: 'all, without customerAge', excludeSilent: false, bgnbd: true, drop: ['customerAge'] },
    ]
  : [];

const cdnow = cdnowLines(CDNOW);
for (const D of [dayFromParts(1998, 1, 1), dayFromParts(1998, 3, 31)]) {
  experiment('CDNOW', cdnow, {}, D, DEFAULT_CONFIG, [...variants, ...extra]);
}
const synthetic = syntheticData();
const threeMonthsBefore = (() => {
  const end = formatDay(synthetic.end);
  const [y, m, d] = end.split('-').map(Number) as [number, number, number];
  return m > 3 ? dayFromParts(y, m - 3, d) : dayFromParts(y - 1, m + 9, d);
})();
experiment(
  'Synthetic distributor (seed 42, 8,000 shops, 24 months)',
  synthetic.lines,
  synthetic.events,
  threeMonthsBefore,
  DEFAULT_CONFIG,
  [...variants, ...extra],
);
