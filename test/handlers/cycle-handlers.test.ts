import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SesServer, startSesServer } from '../../lib/local/ses-server.ts';
import { startWecomReceiver, type WecomReceiver } from '../../lib/local/wecom-receiver.ts';
import { AS_OF, seedScenario } from '../cycle/scenario.ts';
import { type LocalDynamo, startLocalDynamo } from '../ingest/dynalite.ts';

/**
 * The Lambda entry points as the schedules call them, against the embedded services: the environment is
 * read at import (cold start), so each test file imports the handlers after setting it.
 */
let dynamo: LocalDynamo;
let ses: SesServer;
let wecom: WecomReceiver;
const lambda = mockClient(LambdaClient);
const saved = { ...process.env };

beforeAll(async () => {
  [dynamo, ses, wecom] = await Promise.all([startLocalDynamo(), startSesServer(), startWecomReceiver()]);
  wecom.registerKey('handler-robot');
  const tables = await dynamo.freshTables();
  await seedScenario(
    { doc: dynamo.doc, sesUrl: ses.url, wecomWebhook: (key) => wecom.webhookUrl(key) },
    tables,
    'handler-robot',
  );
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SESV2: ses.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    CHURN_WATCH_TABLE_PREFIX: tables.orders.slice(0, -'orders'.length),
    CHURN_WATCH_NOTIFIER_FUNCTION: 'churn-watch-test-notifier',
    CHURN_WATCH_EMAIL_FROM: 'churn-watch@example.com',
  });
});
afterEach(() => {
  lambda.reset();
});
afterAll(async () => {
  process.env = saved;
  lambda.restore();
  await Promise.all([dynamo.close(), ses.close(), wecom.close()]);
});

describe('daily evaluator and notifier handlers', () => {
  it('evaluates the day and hands it to the notifier asynchronously', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const { handler } = await import('../../functions/handlers/daily-evaluator.ts');
    // Act
    const result = await handler({ kind: 'daily', asOf: AS_OF });
    // Assess
    expect(result).toMatchObject({ asOf: AS_OF, customers: 20, atRisk: 4, newAlerts: 4 });
    const calls = lambda.commandCalls(InvokeCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.FunctionName).toBe('churn-watch-test-notifier');
    expect(input?.InvocationType).toBe('Event');
    expect(JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array))).toEqual({
      kind: 'daily',
      asOf: AS_OF,
    });
  });

  it('sends the digests of the day it is given, and nothing more when invoked again', async () => {
    // Prepare
    const { handler } = await import('../../functions/handlers/notifier.ts');
    // Act
    const first = await handler({ kind: 'daily', asOf: AS_OF });
    const retried = await handler({ kind: 'daily', asOf: AS_OF });
    // Assess
    expect(first).toMatchObject({ kind: 'daily', sentNow: 3, problems: [] });
    expect(retried).toMatchObject({ sentNow: 0 });
    expect(wecom.messages('handler-robot')).toHaveLength(1);
  });

  it('works on the day the schedule fired for, and retries only what is owed', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const evaluator = await import('../../functions/handlers/daily-evaluator.ts');
    const notifier = await import('../../functions/handlers/notifier.ts');
    // Act: fired at 07:30 on the 20th in Shanghai (23:30 UTC the day before)
    const result = await evaluator.handler({ kind: 'daily', scheduledAt: '2026-11-19T23:30:00Z' });
    const retry = await notifier.handler({ kind: 'retry' });
    // Assess
    expect(result).toMatchObject({ asOf: AS_OF });
    expect(retry).toMatchObject({ kind: 'retry', sentNow: 0, problems: [] });
  });

  it('refuses an event that is not a cycle event, naming the field', async () => {
    // Prepare
    const { handler } = await import('../../functions/handlers/notifier.ts');
    // Act / Assess
    await expect(handler({ kind: 'monthly' })).rejects.toThrow(/kind/);
    await expect(handler({ asOf: '2026-13-01' })).rejects.toThrow(/asOf must be YYYY-MM-DD/);
  });
});
