import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, inStreams } from '../../adapters/dynamodb/batch.ts';
import { CorruptProfileError, profileFromItem } from '../../adapters/dynamodb/profile-item.ts';
import type { TableNames } from '../../adapters/dynamodb/tables.ts';
import { type AlertFacts, factsOf } from '../../core/alerts.ts';
import { type Day, parseIsoDay } from '../../core/days.ts';
import type { ChurnConfig } from '../../core/config.ts';
import type { CustomerProfile } from '../../core/profile.ts';
import type { FactsOfDay } from '../notify/notify-day.ts';
import { readCustomers, readRunInputs, runEvaluator } from './run-evaluation.ts';

/**
 * The facts of a day for customers whose alert was last written on an earlier day (held over from a list
 * cut at `digest.maxCustomers`, or from a message that never went out): each evaluated again from its
 * profile exactly as that day's run did (its settings version, tier cut-offs, BG/NBD parameters and learned
 * model, kept with the run record), so a digest never repeats an earlier day's numbers or thresholds. Reads
 * only those customers, not the whole table: on AWS the notifier runs apart from the evaluator.
 */
export function factsAsEvaluated(
  deps: {
    doc: DynamoDBDocumentClient;
    tables: Pick<TableNames, 'config' | 'profiles' | 'customers'>;
  },
  current?: { config: ChurnConfig; version: number },
): FactsOfDay {
  return async (day, records) => {
    const asOf = parseIsoDay(day) as Day;
    const run = await readRunInputs(deps.doc, deps.tables.config, asOf, current);
    if (run === null) return null;
    const ids = records.map((record) => record.customerId);
    const [profiles, masters] = await Promise.all([
      readProfiles(deps.doc, deps.tables.profiles, ids),
      readCustomers(deps.doc, deps.tables.customers, ids),
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

async function readProfiles(
  doc: DynamoDBDocumentClient,
  table: string,
  customerIds: readonly string[],
): Promise<Map<string, CustomerProfile>> {
  const chunks = await inStreams([...customerIds], (ids) =>
    batchGetAll(
      doc,
      table,
      ids.map((customerId) => ({ customerId })),
    ),
  );
  const profiles = new Map<string, CustomerProfile>();
  for (const item of chunks.flat()) {
    try {
      const profile = profileFromItem(item);
      profiles.set(profile.customerId, profile);
    } catch (error) {
      // Reported by the evaluator; such a customer keeps the facts its alert was written with.
      if (!(error instanceof CorruptProfileError)) throw error;
    }
  }
  return profiles;
}
