import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { dynamoCycleStores } from '../../adapters/dynamodb/cycle-stores.ts';
import { tableNames } from '../../adapters/dynamodb/tables.ts';
import { actionLinksSource } from '../../adapters/secrets/action-key-loader.ts';
import { createSecretsManagerVault } from '../../adapters/secrets/secrets-manager-vault.ts';
import { WECOM_SECRET_ENV } from '../../adapters/secrets/webhook-vault.ts';
import { createEmailSender, createSesClient } from '../../adapters/ses/email-sender.ts';
import { createWecomSender } from '../../adapters/wecom/wecom-client.ts';
import { createCycleDeps } from '../../use-cases/cycle/cycle-deps.ts';
import { notifyDailyDigests, retryDeliveries } from '../../use-cases/cycle/run-daily.ts';
import { runWeekly } from '../../use-cases/cycle/run-weekly.ts';
import { dayOfEvent, parseCycleEvent } from './cycle-event.ts';
import { integerEnv, optionalEnv, requiredEnv } from './handler-env.ts';
import { telemetry } from './telemetry.ts';
import { METRICS } from '../../contracts/telemetry.ts';

const { logger, count } = telemetry('notifier');
const doc = createDocumentClient();
const tables = tableNames(requiredEnv('CHURN_WATCH_TABLE_PREFIX'));
// Set on AWS: the reps' robot URLs are in Secrets Manager, not in the reps table.
const wecomSecret = optionalEnv(WECOM_SECRET_ENV);
const secretsClient = new SecretsManagerClient({});
// Set on AWS: digests carry signed answer links (checked here; the key is read on first use, then now and then).
const actionLinks = actionLinksSource({ secretsClient });
// Unset where SES is not available (AWS China regions): WeCom is then the only channel.
const emailFrom = optionalEnv('CHURN_WATCH_EMAIL_FROM');
const configurationSet = optionalEnv('CHURN_WATCH_SES_CONFIGURATION_SET');
const baseDeps = createCycleDeps({
  stores: dynamoCycleStores(doc, tables),
  email: emailFrom
    ? createEmailSender({
        client: createSesClient(),
        from: emailFrom,
        ...(configurationSet ? { configurationSet } : {}),
      })
    : null,
  wecom: createWecomSender(),
  totalSegments: integerEnv('CHURN_WATCH_SCAN_SEGMENTS', 4, { min: 1, max: 64 }),
  webhookVault: wecomSecret
    ? createSecretsManagerVault({
        client: secretsClient,
        secretId: wecomSecret,
        lease: { doc, table: tables.config },
      })
    : undefined,
});

/**
 * Sends what the day owes: `daily` (from the evaluator) the reps' digests and managers' escalations,
 * `weekly` (from the weekly schedule) the managers' summaries, `retry` (every few minutes) what earlier
 * runs could not send yet. Every message goes through the outbox, so
 * a retried invocation sends only what has not gone out.
 */
export async function handler(event: unknown): Promise<Record<string, unknown>> {
  const parsed = parseCycleEvent(event);
  // A key that cannot be read fails the run (Lambda retries it; the errors alarm fires) rather than send
  // digests without the links the reps answer with, which the outbox would never send again.
  const deps = actionLinks ? { ...baseDeps, actionLinks: await actionLinks() } : baseDeps;
  const asOf = await dayOfEvent(parsed, deps);
  const run =
    parsed.kind === 'weekly'
      ? await runWeekly(deps, asOf)
      : parsed.kind === 'retry'
        ? await retryDeliveries(deps, asOf)
        : (await notifyDailyDigests(deps, asOf)).summary;
  const { byStatus, sentNow, alreadySent, errors } = run;
  const problems = run.deliveries
    .filter((record) => record.status === 'failed' || record.status === 'uncertain')
    .map((record) => record.pk);
  // Ids and counts only: the messages hold customer data, and webhook URLs hold the robots' keys.
  logger.info(`${parsed.kind} notifications done`, {
    byStatus,
    sentNow,
    alreadySent,
    problems,
    problemCount: problems.length,
    errors,
    // What the admin should fix although nothing failed (a broken robot with nobody to tell): codes and ids.
    warnings: run.warnings,
    // The weekly refit of the learned risk: counts and figures only.
    ...('riskModel' in run && run.riskModel ? { riskModel: run.riskModel } : {}),
  });
  // The `undelivered` alarm reads this count (lib/constructs/alarms.ts); 0 is published too, so the metric
  // shows the notifier ran.
  count({ [METRICS.sent]: sentNow, [METRICS.undelivered]: problems.length });
  // A store error left records unsent: fail the invocation so Lambda retries it (sent ones are not resent).
  if (errors.length > 0)
    throw new Error(`${errors.length} deliveries could not be worked: ${errors[0]?.message}`);
  return { kind: parsed.kind, byStatus, sentNow, alreadySent, problems };
}
