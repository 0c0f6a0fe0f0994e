import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, batchPutAll } from '../adapters/dynamodb/batch.ts';
import { alertFromItem, alertToItem, CorruptAlertError } from '../adapters/dynamodb/alert-item.ts';
import { customerFromItem } from '../adapters/dynamodb/customer-items.ts';
import { readAllProfiles } from '../adapters/dynamodb/profile-scan.ts';
import { scanParsed } from '../adapters/dynamodb/scan.ts';
import type { TableNames } from '../adapters/dynamodb/tables.ts';
import { type AlertRecord, stepAlert } from '../core/alerts.ts';
import type { ChurnConfig } from '../core/config.ts';
import { LocalizedError } from '../core/localized-error.ts';
import { type Day, formatDay } from '../core/days.ts';
import {
  compareByMoneyAtRisk,
  type CustomerEvaluation,
  evaluateCustomer,
  ruleSet,
  tierKeyOf,
} from '../core/evaluate.ts';
import { type TierCutoffs, tierCutoffs } from '../core/tiers.ts';

export interface EvaluatorDeps {
  doc: DynamoDBDocumentClient;
  tables: Pick<TableNames, 'profiles' | 'customers' | 'alerts' | 'config'>;
  config: ChurnConfig;
  configVersion: number;
  /** Parallel scan segments read at once (DynamoDB spreads them over partitions). Default 4. */
  totalSegments?: number;
  /** Work out the day's outcomes without writing them (a digest preview). */
  dryRun?: boolean;
  /**
   * Evaluate a day older than the last one evaluated. Off by default: it would start alerts dated in the
   * past and send digests about a day that is over.
   */
  allowEarlierDay?: boolean;
}

export class EarlierDayError extends LocalizedError {
  override readonly name = 'EarlierDayError';
}

/** The latest day the daily run evaluated, from its run records (`run/daily#YYYY-MM-DD`), or null. */
export async function lastEvaluatedDay(doc: DynamoDBDocumentClient, table: string): Promise<string | null> {
  const { Items } = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :run AND begins_with(sk, :daily)',
      ExpressionAttributeValues: { ':run': 'run', ':daily': 'daily#' },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const sk = Items?.[0]?.sk;
  return typeof sk === 'string' ? sk.slice('daily#'.length) : null;
}

export interface EvaluationRunSummary {
  asOf: string;
  configVersion: number;
  customers: number;
  atRisk: number;
  lost: number;
  /** Outcomes of the day for reps and managers. */
  newAlerts: number;
  reminders: number;
  escalated: number;
  recovered: number;
  managerEscalations: number;
  /** Alert records written; 0 when the day was already evaluated with the same data. */
  alertWrites: number;
  /** Alerts already evaluated for a later day (an older --as-of), left as they were. */
  laterDayKept: number;
  /** Profiles that could not be read, by customer id (reported, never silently skipped). */
  unreadableProfiles: string[];
  /** Alert items that could not be read: their customers start afresh (a hand edit, an older version). */
  unreadableAlerts: string[];
}

/** The results of a run, for callers (the CLI, the weekly summary) that also show or reuse them. */
export interface EvaluationRun {
  summary: EvaluationRunSummary;
  /** Sorted by money at risk, as every list shows them. */
  evaluations: CustomerEvaluation[];
  cutoffs: TierCutoffs;
  /** Every alert record after the run, by customer id. */
  alerts: Map<string, AlertRecord>;
}

/**
 * The daily evaluator: reads every profile once (parallel scan segments, read concurrently), computes the
 * tier cut-offs from everyone's trailing sales, evaluates each customer and moves its alert state one day
 * on. Evaluating a day twice starts both times from the state before that day, so the second run writes
 * nothing and the notifier finds the same outcomes.
 */
export async function runEvaluation(deps: EvaluatorDeps, asOf: Day): Promise<EvaluationRun> {
  const { doc, tables, config } = deps;
  const totalSegments = deps.totalSegments ?? 4;
  if (!deps.dryRun && !deps.allowEarlierDay) {
    const last = await lastEvaluatedDay(doc, tables.config);
    if (last !== null && last > formatDay(asOf)) {
      throw new EarlierDayError({
        'zh-CN': `已经评估到 ${last}，不再评估更早的 ${formatDay(asOf)}（否则会发出过时的晨报）。查看过去某天请用 churn-watch digest --preview；确实要重跑请加 --force。`,
        en: `already evaluated up to ${last}; not evaluating the earlier ${formatDay(asOf)} (it would send out-of-date digests). To look at a past day use churn-watch digest --preview; to re-run it anyway add --force.`,
      });
    }
  }

  const [{ profiles, unreadable: unreadableProfiles }, storedAlerts] = await Promise.all([
    readAllProfiles(doc, tables.profiles, totalSegments),
    scanParsed(
      doc,
      tables.alerts,
      totalSegments,
      alertFromItem,
      (error) => error instanceof CorruptAlertError,
      (item) => String(item.customerId),
    ),
  ]);
  const unreadableAlerts = storedAlerts.unreadable;
  const alerts = new Map<string, AlertRecord>(
    storedAlerts.items.map((record) => [record.customerId, record]),
  );

  const cutoffs = tierCutoffs(
    profiles.map((profile) => tierKeyOf(profile, asOf, config)),
    config.tiers,
  );
  const rules = ruleSet(config);
  let evaluations = profiles.map((profile) => evaluateCustomer(profile, { asOf, config, cutoffs, rules }));

  // Names and assigned reps come from master data. An alert keeps them as they were when it was last
  // written, which is all a quiet day needs; master data is read only for the alerts that will be written
  // today (their facts go into a message) and for customers at risk for the first time.
  const periodDays = config.rules.sales_drop.windowDays;
  const asRecorded = (e: CustomerEvaluation): CustomerEvaluation => {
    const state = alerts.get(e.customerId)?.state;
    return state ? { ...e, name: state.facts.name, repId: state.repId ?? e.repId } : e;
  };
  const needMaster = evaluations
    .filter((e) => {
      const stored = alerts.get(e.customerId) ?? null;
      if (stored === null) return e.status === 'at_risk';
      return stepAlert(stored, asRecorded(e), asOf, config, periodDays).kind === 'write';
    })
    .map((e) => e.customerId);
  const masters = await readCustomers(doc, tables.customers, needMaster);
  evaluations = evaluations.map((evaluation) => {
    const master = masters.get(evaluation.customerId);
    if (!master) return alerts.has(evaluation.customerId) ? asRecorded(evaluation) : evaluation;
    return { ...evaluation, name: master.name ?? null, repId: master.repId ?? evaluation.repId };
  });

  const summary: EvaluationRunSummary = {
    asOf: formatDay(asOf),
    configVersion: deps.configVersion,
    customers: evaluations.length,
    atRisk: 0,
    lost: 0,
    newAlerts: 0,
    reminders: 0,
    escalated: 0,
    recovered: 0,
    managerEscalations: 0,
    alertWrites: 0,
    laterDayKept: 0,
    unreadableProfiles,
    unreadableAlerts,
  };
  const writes: Record<string, unknown>[] = [];
  for (const evaluation of evaluations) {
    if (evaluation.status === 'at_risk') summary.atRisk++;
    if (evaluation.status === 'lost') summary.lost++;
    const stored = alerts.get(evaluation.customerId) ?? null;
    if (stored === null && evaluation.status !== 'at_risk') continue;
    const step = stepAlert(stored, evaluation, asOf, config, periodDays);
    if (step.kind === 'later-day-kept') {
      summary.laterDayKept++;
      continue;
    }
    if (step.record === null) continue;
    alerts.set(evaluation.customerId, step.record);
    if (step.kind === 'write') writes.push(alertToItem(step.record));
    if (step.record.day !== summary.asOf) continue;
    const { outcome } = step.record;
    if (outcome.section === 'new') summary.newAlerts++;
    if (outcome.section === 'still_at_risk') summary.reminders++;
    if (outcome.section === 'recovered') summary.recovered++;
    if (outcome.escalated) summary.escalated++;
    if (outcome.escalateToManager) summary.managerEscalations++;
  }
  evaluations.sort(compareByMoneyAtRisk);
  if (deps.dryRun) return { summary, evaluations, cutoffs, alerts };
  await inStreams(writes, (chunk) => batchPutAll(doc, tables.alerts, chunk));
  summary.alertWrites = writes.length;
  // What the day's run used, for the digests' footer and for anyone asking "why was this flagged".
  await doc.send(
    new PutCommand({
      TableName: tables.config,
      Item: { pk: 'run', sk: `daily#${summary.asOf}`, ...summary },
    }),
  );
  return { summary, evaluations, cutoffs, alerts };
}

/** Splits work over a few concurrent request streams: one BatchWriteItem/BatchGetItem at a time is slow. */
async function inStreams<T, R>(
  items: readonly T[],
  run: (chunk: T[]) => Promise<R>,
  streams = 4,
): Promise<R[]> {
  // Whole batches of 100 (BatchGetItem's size, four of BatchWriteItem's) per stream.
  const size = Math.max(100, Math.ceil(items.length / streams / 100) * 100);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return Promise.all(chunks.map(run));
}

/** Master data of the given customers. */
async function readCustomers(
  doc: DynamoDBDocumentClient,
  table: string,
  customerIds: string[],
): Promise<Map<string, { name?: string; repId?: string }>> {
  const chunks = await inStreams(customerIds, (ids) =>
    batchGetAll(
      doc,
      table,
      ids.map((customerId) => ({ customerId })),
    ),
  );
  return new Map(chunks.flat().map((item) => [String(item.customerId), customerFromItem(item)]));
}
