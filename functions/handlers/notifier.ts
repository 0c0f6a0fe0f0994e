import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { tableNames } from '../adapters/dynamodb/tables.ts';
import { createCycleDeps } from '../cycle/cycle-deps.ts';
import { notifyDailyDigests } from '../cycle/run-daily.ts';
import { runWeekly } from '../cycle/run-weekly.ts';
import { dayOfEvent, parseCycleEvent } from './cycle-event.ts';
import { integerEnv, optionalEnv, requiredEnv } from './handler-env.ts';

const deps = createCycleDeps({
  doc: createDocumentClient(),
  tables: tableNames(requiredEnv('CHURN_WATCH_TABLE_PREFIX')),
  // Unset where SES is not available (AWS China regions): WeCom is then the only channel.
  emailFrom: optionalEnv('CHURN_WATCH_EMAIL_FROM'),
  configurationSet: optionalEnv('CHURN_WATCH_SES_CONFIGURATION_SET'),
  totalSegments: integerEnv('CHURN_WATCH_SCAN_SEGMENTS', 4, { min: 1, max: 64 }),
});

/**
 * Sends what the day owes: `daily` (from the evaluator) the reps' digests and managers' escalations,
 * `weekly` (from the weekly schedule) the managers' summaries. Every message goes through the outbox, so
 * a retried invocation sends only what has not gone out.
 */
export async function handler(event: unknown): Promise<Record<string, unknown>> {
  const parsed = parseCycleEvent(event);
  const asOf = await dayOfEvent(parsed, deps);
  const deliveries =
    parsed.kind === 'weekly'
      ? (await runWeekly(deps, asOf)).deliveries
      : (await notifyDailyDigests(deps, asOf)).summary.deliveries;
  const byStatus: Record<string, number> = {};
  for (const record of deliveries) byStatus[record.status] = (byStatus[record.status] ?? 0) + 1;
  // Ids and statuses only: the messages hold customer data, and webhooks never leave the reps table.
  console.log(JSON.stringify({ message: `${parsed.kind} notifications done`, byStatus }));
  const problems = deliveries.filter((record) => record.status === 'failed' || record.status === 'uncertain');
  return { kind: parsed.kind, byStatus, problems: problems.map((record) => record.pk) };
}
