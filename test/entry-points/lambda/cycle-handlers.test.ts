import { type CfnElement, cx_api } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { alertFromItem } from '../../../functions/adapters/dynamodb/alert-item.ts';
import { loadConfig, saveConfig } from '../../../functions/adapters/dynamodb/config-store.ts';
import { writeRiskModel } from '../../../functions/adapters/dynamodb/risk-model-store.ts';
import { scanItems } from '../../../functions/adapters/dynamodb/scan.ts';
import { tableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import type { AlertRecord } from '../../../functions/core/alerts.ts';
import { RISK_FEATURES } from '../../../functions/core/learned/features.ts';
import type { LearnedRiskModel } from '../../../functions/core/learned/model.ts';
import { createApp } from '../../../lib/create-app.ts';
import type { WecomReceiver } from '../../../functions/entry-points/local/wecom-receiver.ts';
import { AS_OF } from '../../use-cases/cycle/scenario.ts';
import { type CycleServices, seededEnvironment, startCycleServices } from '../../use-cases/cycle/services.ts';
import { captureOutput } from '../../support/captured-output.ts';
import { type Invocation, runStateMachine, stateMachineDefinition } from '../../support/state-machine.ts';

/**
 * The Lambda entry points as the schedules call them, against the embedded services: the environment is
 * read at import (cold start), so each test file imports the handlers after setting it.
 */
let services: CycleServices;
let wecom: WecomReceiver;
const saved = { ...process.env };

beforeAll(async () => {
  services = await startCycleServices();
  ({ wecom } = services);
  Object.assign(process.env, {
    ...(await seededEnvironment(services, 'handler-robot')),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    CHURN_WATCH_EMAIL_FROM: 'churn-watch@example.com',
    // As the stack sets it on every function: a dimension of the metrics the alarms read.
    CHURN_WATCH_STAGE: 'dev',
  });
});
afterAll(async () => {
  process.env = saved;
  await services.close();
});

/**
 * The evaluation state machine exactly as the stack synthesizes it, run in this process against the real
 * evaluator handler; the notifier's asynchronous invocation is recorded, not run.
 */
async function runEvaluation(
  input: unknown,
  executionName: string,
): Promise<{ output: unknown; notified: Invocation[] }> {
  const { stack } = createApp({ [cx_api.BUNDLING_STACKS]: [] });
  const template = Template.fromStack(stack);
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const evaluatorId = logicalId(stack.dailyCycle.evaluator);
  const notifierId = logicalId(stack.dailyCycle.notifier);
  const evaluator = await import('../../../functions/entry-points/lambda/evaluator.ts');
  const notified: Invocation[] = [];
  const output = await runStateMachine(stateMachineDefinition(template), input, {
    executionName,
    invoke: async (call) => {
      if (call.logicalId === evaluatorId) return evaluator.handler(call.payload);
      if (call.logicalId === notifierId && call.invocationType === 'Event') {
        notified.push(call);
        return null;
      }
      throw new Error(`unexpected invocation of ${call.logicalId}`);
    },
  });
  return { output, notified };
}

describe('daily evaluation state machine and notifier handler', () => {
  it('evaluates the day segment by segment and hands it to the notifier asynchronously', async () => {
    // Act
    const { output, notified } = await runEvaluation({ kind: 'daily', asOf: AS_OF }, 'exec-1');
    // Assess
    expect(output).toMatchObject({
      asOf: AS_OF,
      totalSegments: 8,
      // The counts only: the execution's state stays small.
      summary: { customers: 20, atRisk: 4, newAlerts: 4, alertWrites: 4 },
    });
    expect(Object.keys((output as { summary: object }).summary).sort()).toEqual([
      'alertWrites',
      'atRisk',
      'customers',
      'newAlerts',
    ]);
    expect(notified).toHaveLength(1);
    expect(notified[0]?.payload).toEqual({ kind: 'daily', asOf: AS_OF });
  });

  it('sends the digests of the day it is given, and nothing more when invoked again', async () => {
    // Prepare
    const { handler } = await import('../../../functions/entry-points/lambda/notifier.ts');
    const output = captureOutput();
    // Act
    const first = await handler({ kind: 'daily', asOf: AS_OF });
    const retried = await handler({ kind: 'daily', asOf: AS_OF });
    vi.restoreAllMocks();
    // Assess
    expect(first).toMatchObject({ kind: 'daily', sentNow: 3, problems: [] });
    expect(retried).toMatchObject({ sentNow: 0 });
    expect(wecom.messages('handler-robot')).toHaveLength(1);
    // One JSON log line per run, and the counts as metrics in the shape the stack's `undelivered` alarm reads
    const records = output.records();
    expect(records.filter((record) => record.message === 'daily notifications done')).toEqual([
      expect.objectContaining({
        level: 'INFO',
        service: 'notifier',
        stage: 'dev',
        sentNow: 3,
        problemCount: 0,
        warnings: [],
      }),
      expect.objectContaining({ sentNow: 0 }),
    ]);
    const metrics = records.filter((record) => '_aws' in record);
    expect(metrics.map((record) => [record.MessagesSent, record.UndeliveredMessages])).toEqual([
      [3, 0],
      [0, 0],
    ]);
    const { stack } = createApp({ [cx_api.BUNDLING_STACKS]: [] });
    const alarm = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).find(
      (resource) => resource.Properties.AlarmName === 'churn-watch-dev-undelivered',
    )?.Properties;
    const emitted = (
      metrics[0] as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] } }
    )._aws.CloudWatchMetrics[0];
    expect(emitted?.Namespace).toBe(alarm.Namespace);
    expect(alarm.MetricName).toBe('UndeliveredMessages');
    const dimensions = alarm.Dimensions as { Name: string; Value: string }[];
    expect([...(emitted?.Dimensions[0] ?? [])].sort()).toEqual(dimensions.map((d) => d.Name).sort());
    for (const { Name, Value } of dimensions) expect(metrics[0]?.[Name]).toBe(Value);
  });

  it('works on the day the schedule fired for, and retries only what is owed', async () => {
    // Prepare
    const notifier = await import('../../../functions/entry-points/lambda/notifier.ts');
    // Act: fired at 07:30 on the 20th in Shanghai (23:30 UTC the day before)
    const { output } = await runEvaluation({ kind: 'daily', scheduledAt: '2026-11-19T23:30:00Z' }, 'exec-2');
    const retry = await notifier.handler({ kind: 'retry' });
    // Assess
    expect(output).toMatchObject({ asOf: AS_OF, summary: { alertWrites: 0 } });
    expect(retry).toMatchObject({ kind: 'retry', sentNow: 0, problems: [] });
  });

  it('refuses an earlier day unless forced, and a step event it does not know', async () => {
    // Prepare
    const evaluator = await import('../../../functions/entry-points/lambda/evaluator.ts');
    // Act / Assess
    await expect(runEvaluation({ asOf: '2026-11-19' }, 'exec-3')).rejects.toThrow(/already evaluated up to/);
    await expect(runEvaluation({ asOf: '2026-11-19', force: true }, 'exec-4')).resolves.toMatchObject({
      output: { asOf: '2026-11-19' },
    });
    await expect(evaluator.handler({ step: 'shuffle' })).rejects.toThrow(/invalid step event/);
    await expect(runEvaluation({ kind: 'weekly' }, 'exec-5')).rejects.toThrow(/daily cycle/);
  });

  it('refuses an event that is not a cycle event, naming the field', async () => {
    // Prepare
    const { handler } = await import('../../../functions/entry-points/lambda/notifier.ts');
    // Act / Assess
    await expect(handler({ kind: 'monthly' })).rejects.toThrow(/kind/);
    await expect(handler({ asOf: '2026-13-01' })).rejects.toThrow(/asOf must be YYYY-MM-DD/);
  });

  it('scores with the stored learned model in every segment, and the run record names it', async () => {
    // Prepare: the admin turns the learned risk on; a model fitted the day before (by hand here: it reads
    // silence only, risky from about three weeks, as a fitted model on this data would)
    const doc = services.dynamo.doc;
    const tables = tableNames(process.env.CHURN_WATCH_TABLE_PREFIX as string);
    const { version } = await loadConfig(doc, tables.config);
    await saveConfig(doc, tables.config, {
      overrides: { riskModel: { enabled: true }, profile: { retentionDays: 560 } },
      changedBy: 'admin',
      reason: 'learned risk',
      expectedVersion: version,
    });
    const weights = RISK_FEATURES.map((name) => (name === 'daysSinceLastPurchase' ? 3 : 0));
    const model: LearnedRiskModel = {
      kind: 'learned-risk',
      source: 'learned',
      thresholdRule: 'f1',
      bgnbdBasis: null,
      featureNames: [...RISK_FEATURES],
      means: weights.map((w) => (w ? 3 : 0)),
      scales: weights.map(() => 1),
      weights,
      intercept: 0,
      horizonDays: 90,
      threshold: 0.5,
      asOf: '2026-11-26',
      trainedOn: ['2026-08-28'],
      l2: 0.001,
      converged: true,
      rows: 400,
      lapsed: 60,
      training: { auc: 0.9, f1: 0.7, precision: 0.7, recall: 0.7 },
      bgnbd: null,
    };
    await writeRiskModel(doc, tables.config, {
      model,
      configVersion: version + 1,
      fittedAt: '2026-11-26T00:00:00Z',
    });

    // Act
    const { output } = await runEvaluation({ kind: 'daily', asOf: '2026-11-27' }, 'exec-learned');

    // Assess: the four silent shops, flagged by the model, each with its verdict
    expect(output).toMatchObject({ summary: { customers: 20, atRisk: 4 } });
    const { Item } = await doc.send(
      new GetCommand({ TableName: tables.config, Key: { pk: 'run', sk: 'daily#2026-11-27' } }),
    );
    expect(Item?.learnedRisk).toEqual({
      status: 'applied',
      modelAsOf: '2026-11-26',
      threshold: 0.5,
      trainingAuc: 0.9,
      horizonDays: 90,
      source: 'learned',
      // Stored without a BG/NBD fit (too few shops for one, as the scenario's 20 would be).
      bgnbdBasis: null,
    });
    const alerts: AlertRecord[] = [];
    for await (const item of scanItems(doc, tables.alerts)) alerts.push(alertFromItem(item));
    const open = alerts.filter((record) => record.state?.open);
    expect(open).toHaveLength(4);
    for (const record of open) {
      expect(record.state?.facts.learned).toMatchObject({ threshold: 0.5, modelAsOf: '2026-11-26' });
      expect(record.state?.facts.learned?.risk).toBeGreaterThan(0.8);
    }
  });
});
