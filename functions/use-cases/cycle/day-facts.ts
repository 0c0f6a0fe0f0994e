import { type AlertFacts, factsOf } from '../../core/alerts.ts';
import { type Day, parseIsoDay } from '../../core/days.ts';
import type { ChurnConfig } from '../../core/config.ts';
import type { FactsOfDay } from '../notify/notify-day.ts';
import type { CycleStores } from './cycle-stores.ts';
import { readRunInputs, runEvaluator } from './run-evaluation.ts';

/**
 * The facts of a day for customers whose alert was last written on an earlier day (held over from a list
 * cut at `digest.maxCustomers`, or from a message that never went out): each evaluated again from its
 * profile exactly as that day's run did (its settings version, tier cut-offs, BG/NBD parameters and learned
 * model, kept with the run record), so a digest never repeats an earlier day's numbers or thresholds. Reads
 * only those customers, not the whole table: on AWS the notifier runs apart from the evaluator.
 */
export function factsAsEvaluated(
  stores: Pick<CycleStores, 'runs' | 'settings' | 'models' | 'profiles' | 'customers'>,
  current?: { config: ChurnConfig; version: number },
): FactsOfDay {
  return async (day, records) => {
    const asOf = parseIsoDay(day) as Day;
    const run = await readRunInputs(stores, asOf, current);
    if (run === null) return null;
    const ids = records.map((record) => record.customerId);
    const [profiles, masters] = await Promise.all([
      stores.profiles.readOf(ids),
      stores.customers.readOf(ids),
    ]);
    const evaluate = runEvaluator(run);
    const periodDays = run.config.rules.sales_drop.windowDays;
    const facts = new Map<string, AlertFacts>();
    for (const record of records) {
      const profile = profiles.get(record.customerId);
      if (!profile) continue;
      if (run.visitsTracked) profile.visitsTracked = true;
      const evaluation = evaluate(profile, record);
      if (evaluation.status !== 'at_risk') continue;
      const name =
        masters.get(record.customerId)?.name ?? evaluation.name ?? record.state?.facts.name ?? null;
      facts.set(record.customerId, factsOf({ ...evaluation, name }, periodDays));
    }
    return facts;
  };
}
