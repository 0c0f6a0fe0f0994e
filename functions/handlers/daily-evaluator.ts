import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { loadConfig } from '../adapters/dynamodb/config-store.ts';
import { tableNames } from '../adapters/dynamodb/tables.ts';
import { formatDay } from '../core/days.ts';
import { runEvaluation } from '../cycle/run-evaluation.ts';
import { dayOfEvent, parseCycleEvent } from './cycle-event.ts';
import { integerEnv, requiredEnv } from './handler-env.ts';

const tables = tableNames(requiredEnv('CHURN_WATCH_TABLE_PREFIX'));
const notifierFunction = requiredEnv('CHURN_WATCH_NOTIFIER_FUNCTION');
const totalSegments = integerEnv('CHURN_WATCH_SCAN_SEGMENTS', 4, { min: 1, max: 64 });
const doc = createDocumentClient();
const lambda = new LambdaClient({});

/**
 * The daily schedule's target: evaluates every customer, moves the alert states on, then hands the day to
 * the notifier (asynchronously, so only the notifier needs permission to send email). A retry by the
 * scheduler re-evaluates the same day, which writes nothing new and lets the notifier send only what is owed.
 */
export async function handler(event: unknown): Promise<Record<string, unknown>> {
  const parsed = parseCycleEvent(event);
  if (parsed.kind !== 'daily') throw new Error(`the evaluator runs the daily cycle, not "${parsed.kind}"`);
  const asOf = await dayOfEvent(parsed, { doc, tables, now: Date.now });
  const { config, version } = await loadConfig(doc, tables.config);
  const { summary } = await runEvaluation(
    { doc, tables, config, configVersion: version, totalSegments },
    asOf,
  );
  await lambda.send(
    new InvokeCommand({
      FunctionName: notifierFunction,
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify({ kind: 'daily', asOf: formatDay(asOf) })),
    }),
  );
  console.log(JSON.stringify({ message: 'daily evaluation done', ...summary }));
  return { ...summary };
}
