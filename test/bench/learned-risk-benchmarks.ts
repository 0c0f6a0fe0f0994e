// The learned risk's cost for `npm run bench`: the weekly refit and the daily scoring, each as a ratio to one
// rule evaluation of the same profiles in the same run (the machine is shared: the ratio is the figure).
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import type { Day } from '../../functions/core/days.ts';
import { evaluateCustomers } from '../../functions/core/evaluate.ts';
import { fitRiskModel } from '../../functions/core/learned/fit.ts';
import { learnedRescorer } from '../../functions/core/learned/scoring.ts';
import { buildProfiles, type CustomerProfile } from '../../functions/core/profile.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { dayFromParts } from '../../functions/core/days.ts';
import { cdnowLines } from '../support/cdnow.ts';
import { syntheticProfiles } from './synthetic-profiles.ts';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const mib = () => Math.round(process.memoryUsage().rss / 2 ** 20);

function timed<T>(run: () => T): [T, number] {
  gc();
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
}

export function benchLearnedRisk(asOf: Day): void {
  const count = Number(process.env.BENCH_LEARNED_PROFILES ?? 100_000);
  const profiles = syntheticProfiles(count, asOf);
  const config = { ...DEFAULT_CONFIG, riskModel: { enabled: true, horizonDays: 90 } };
  const [evaluated, evalMs] = timed(() => evaluateCustomers({ profiles, asOf, config }));
  const before = mib();
  const [model, fitMs] = timed(() => fitRiskModel(profiles, config, asOf));
  const fitRss = mib();
  if (model.source !== 'learned')
    throw new Error(`the synthetic book learned no model: ${model.notLearned?.reason}`);
  const trained = { model };
  const rescore = learnedRescorer(profiles, model);
  const [scored, scoreMs] = timed(() => rescore(evaluated.customers, asOf));
  const flagged = scored.filter((e) => e.atRisk).length;
  console.log(`\nlearned risk on ${count.toLocaleString('en')} synthetic profiles`);
  console.log(
    `  rule evaluation (baseline): ${seconds(evalMs)} s; weekly refit (${model.trainedOn.length} snapshots, ${trained.model.rows.toLocaleString('en')} rows): ` +
      `${seconds(fitMs)} s = ${(fitMs / evalMs).toFixed(1)} × evaluation; daily scoring on top of the rules: ${seconds(scoreMs)} s = ` +
      `${(scoreMs / evalMs).toFixed(2)} × evaluation`,
  );
  console.log(
    `  RSS ${before} MiB before the refit, ${fitRss} MiB after; ${flagged.toLocaleString('en')} flagged at ${Math.round(trained.model.threshold * 100)}%, ` +
      `training AUC ${trained.model.training.auc?.toFixed(3)}`,
  );
}

/**
 * The weekly refit on a book of real shape: the CDNOW panel's 23,570 customers copied five times over (each copy
 * its own customer ids), about 118,000 customers whose BG/NBD fit and logistic training behave as a real log's
 * do, not as synthetic shops that converge in 300 iterations. Refit and scoring as ratios to one rule evaluation.
 */
export function benchLearnedRiskRealShape(): void {
  const asOf = dayFromParts(1998, 4, 1);
  const copies = Number(process.env.BENCH_REAL_SHAPE_COPIES ?? 5);
  const base = cdnowLines().filter((line) => line.day <= asOf);
  const lines: OrderLine[] = [];
  for (let k = 0; k < copies; k++) {
    for (const line of base) {
      lines.push({ ...line, orderId: `${k}-${line.orderId}`, customerId: `${k}-${line.customerId}` });
    }
  }
  const config = DEFAULT_CONFIG;
  const profiles: CustomerProfile[] = [
    ...buildProfiles(lines, {}, { asOf, retentionDays: config.profile.retentionDays }).profiles.values(),
  ];
  lines.length = 0;
  const [evaluated, evalMs] = timed(() => evaluateCustomers({ profiles, asOf, config }));
  const before = mib();
  const [model, fitMs] = timed(() => fitRiskModel(profiles, config, asOf));
  const fitRss = mib();
  const [scored, scoreMs] = timed(() => learnedRescorer(profiles, model)(evaluated.customers, asOf));
  console.log(
    `\nrisk model on CDNOW × ${copies} (${profiles.length.toLocaleString('en')} customers of real shape, as of 1998-04-01)`,
  );
  console.log(
    `  rule evaluation (baseline): ${seconds(evalMs)} s; refit (${model.source}, ${model.rows.toLocaleString('en')} rows): ` +
      `${seconds(fitMs)} s = ${(fitMs / evalMs).toFixed(1)} × evaluation; scoring: ${(scoreMs / evalMs).toFixed(2)} × evaluation`,
  );
  console.log(
    `  RSS ${before} MiB before the refit, ${fitRss} MiB after; ${scored.filter((e) => e.atRisk).length.toLocaleString('en')} flagged at ${Math.round(model.threshold * 100)}%`,
  );
}
