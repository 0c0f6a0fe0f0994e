// The rule evaluation section of `npm run bench`: the daily evaluator's shape over a million synthetic
// profiles, and `evaluateCustomers` with everyone in memory. Figures are printed next to a bare scan of the
// same facts measured in the same run (the ratio is what to compare between runs).
import { syntheticProfiles } from './synthetic-profiles.ts';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import type { Day } from '../../functions/core/days.ts';
import {
  addTierKey,
  type CustomerEvaluation,
  evaluateCustomer,
  evaluateCustomers,
  ruleSet,
  sortByMoneyAtRisk,
} from '../../functions/core/evaluate.ts';
import type { CustomerProfile } from '../../functions/core/profile.ts';
import { TierKeyList, tierCutoffs } from '../../functions/core/tiers.ts';
import { target } from './bench-report.ts';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const seconds = (ms: number) => (ms / 1000).toFixed(2);
// The process's CPU time too (ms, GC helper threads included): on a loaded shared machine wall time says
// more about the neighbours than about the code, CPU time much less.
const timed = <T>(run: () => T): [T, number, number] => {
  gc();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return [result, ms, (used.user + used.system) / 1000];
};
const mib = () => `${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB RSS`;

/** The least any evaluation must do: touch every fact of every profile once. */
function bareScan(profiles: readonly CustomerProfile[]): number {
  let total = 0;
  for (const profile of profiles) for (const net of profile.orders.nets) total += net;
  return total;
}

/**
 * The daily evaluator's shape: one pass for everyone's tier key, then each chunk (a scan page, a segment)
 * evaluated against the cut-offs, keeping only the customers at risk. Chunks are regenerated rather than
 * kept, as pages of a table scan would be, so the heap holds one chunk; only evaluation is timed.
 * Returns the microseconds a profile took (tier keys, cut-offs, rules and risk, sorting).
 */
export function benchRules(asOf: Day, count: number, chunk = 100_000): number {
  const chunks = Math.ceil(count / chunk);
  const generate = (i: number) =>
    syntheticProfiles(Math.min(chunk, count - i * chunk), asOf, 1000 + i, i * chunk);
  let facts = 0;
  let keyMs = 0;
  let scanMs = 0;
  const keys = new TierKeyList();
  let cpuMs = 0;
  for (let i = 0; i < chunks; i++) {
    const profiles = generate(i);
    for (const profile of profiles) facts += profile.orders.days.length;
    scanMs += timed(() => bareScan(profiles))[1];
    const [, ms, cpu] = timed(() => {
      for (const profile of profiles) addTierKey(keys, profile, asOf, DEFAULT_CONFIG);
    });
    keyMs += ms;
    cpuMs += cpu;
  }
  const [cutoffs, cutoffMs, cutoffCpu] = timed(() => tierCutoffs(keys, DEFAULT_CONFIG.tiers));
  cpuMs += cutoffCpu;
  const rules = ruleSet(DEFAULT_CONFIG);
  const atRisk: CustomerEvaluation[] = [];
  let evalMs = 0;
  for (let i = 0; i < chunks; i++) {
    const profiles = generate(i);
    const [, ms, cpu] = timed(() => {
      for (const profile of profiles) {
        const evaluation = evaluateCustomer(profile, { asOf, config: DEFAULT_CONFIG, cutoffs, rules });
        if (evaluation.atRisk) atRisk.push(evaluation);
      }
    });
    evalMs += ms;
    cpuMs += cpu;
  }
  const [, sortMs, sortCpu] = timed(() => sortByMoneyAtRisk(atRisk));
  cpuMs += sortCpu;
  const totalMs = keyMs + cutoffMs + evalMs + sortMs;
  console.log(
    `\n${count.toLocaleString('en')} synthetic profiles, ${facts.toLocaleString('en')} order facts, in chunks of ${chunk.toLocaleString('en')}`,
  );
  console.log(
    `rule evaluation: ${seconds(totalMs)} s on one core, ${target('rule evaluation per profile', (totalMs * 1000) / count, 5, { unit: ' µs' })} (1M ≤ 5 s): ` +
      `tier keys ${seconds(keyMs)} s, cut-offs ${seconds(cutoffMs)} s, 9 rules + risk ${seconds(evalMs)} s, ` +
      `sorting ${atRisk.length.toLocaleString('en')} at risk ${seconds(sortMs)} s; ` +
      `CPU time ${((cpuMs * 1000) / count).toFixed(2)} µs/profile`,
  );
  console.log(
    `bare scan of the same facts: ${seconds(scanMs)} s → evaluation ÷ bare scan = ${(totalMs / scanMs).toFixed(1)}`,
  );
  return (totalMs * 1000) / count;
}

/**
 * The same evaluation with every profile in memory at once, as `churn-watch evaluate` holds an export.
 * Returns the microseconds a profile took.
 */
export function benchRulesInMemory(asOf: Day, count: number): number {
  const profiles = syntheticProfiles(count, asOf);
  const [, scanMs] = timed(() => bareScan(profiles));
  const [result, evalMs, cpuMs] = timed(() => evaluateCustomers({ profiles, asOf, config: DEFAULT_CONFIG }));
  console.log(
    `in memory (evaluateCustomers, ${count.toLocaleString('en')} profiles, ${result.customers.length.toLocaleString('en')} results kept): ` +
      `${seconds(evalMs)} s, ${((evalMs * 1000) / count).toFixed(2)} µs/profile; ÷ bare scan = ${(evalMs / scanMs).toFixed(1)}; CPU time ${((cpuMs * 1000) / count).toFixed(2)} µs/profile (${mib()})`,
  );
  return (evalMs * 1000) / count;
}
