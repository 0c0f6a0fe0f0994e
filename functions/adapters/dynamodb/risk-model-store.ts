import {
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type PutCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { isConditionFailure } from './conditions.ts';
import { type Day, formatDay } from '../../core/days.ts';
import type { LearnedRiskModel } from '../../core/learned/model.ts';
import { RISK_MODEL_PK } from '../../contracts/tables.ts';

/**
 * The learned risk models in the config table, one per weekly fit: `{pk: 'model', sk: 'risk#YYYY-MM-DD'}`
 * (the model's as-of day). Kept, not overwritten, so a run can be evaluated again with the model it used,
 * and an admin can see how the model moved; a model is about 3 KB, 52 a year.
 */
export { RISK_MODEL_PK };
export const riskModelSk = (asOf: string): string => `risk#${asOf}`;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const numbers = z.array(z.number());

/** The model as we write it; checked for shape, since a run scores every customer with it. */
const modelSchema = z
  .object({
    kind: z.literal('learned-risk'),
    // Models stored before the BG/NBD fallback were all learned ones with an F1 line.
    source: z.enum(['learned', 'bgnbd']).default('learned'),
    thresholdRule: z.enum(['f1', 'expected_f1', 'even_odds']).default('f1'),
    bgnbdBasis: z.enum(['fitted', 'fixed_dropout', 'prior']).nullable().default(null),
    variant: z.enum(['full', 'bgnbd', 'silence']).optional(),
    validation: z.partialRecord(z.enum(['full', 'bgnbd', 'silence']), z.number().nullable()).optional(),
    notLearned: z
      .discriminatedUnion('reason', [
        z.object({
          reason: z.literal('short_history_days'),
          historyDays: z.number(),
          neededDays: z.number(),
        }),
        z.object({ reason: z.enum(['too_few_rows', 'one_outcome']), rows: z.number(), lapsed: z.number() }),
        z.object({ reason: z.literal('short_history'), customers: z.number(), neededDays: z.number() }),
      ])
      .optional(),
    featureNames: z.array(z.string()),
    means: numbers,
    scales: numbers,
    weights: numbers,
    intercept: z.number(),
    horizonDays: z.number().int().positive(),
    threshold: z.number(),
    asOf: isoDay,
    trainedOn: z.array(isoDay),
    l2: z.number(),
    converged: z.boolean(),
    rows: z.number().int(),
    lapsed: z.number().int(),
    training: z.object({
      auc: z.number().nullable(),
      f1: z.number(),
      precision: z.number(),
      recall: z.number(),
    }),
    bgnbd: z
      .object({
        r: z.number().positive(),
        alpha: z.number().positive(),
        a: z.number().positive(),
        b: z.number().positive(),
      })
      .nullable(),
  })
  // Every customer is scored with these arrays: one of another length, or a zero scale, would fail or give
  // NaN for everyone (and NaN reads as "not at risk", which would quietly close every alert).
  .refine(
    (model) =>
      [model.means, model.scales, model.weights].every((list) => list.length === model.featureNames.length) &&
      model.scales.every((scale) => scale > 0) &&
      [...model.means, ...model.scales, ...model.weights, model.intercept, model.threshold].every(
        Number.isFinite,
      ),
    { message: 'means, scales and weights must be finite, one per feature, scales above 0' },
  );

export interface StoredRiskModel {
  model: LearnedRiskModel;
  /** Settings version in force when it was fitted, and when (ISO instant). */
  configVersion: number;
  fittedAt: string;
}

export type ReadRiskModel =
  | { ok: true; stored: StoredRiskModel }
  | { ok: false; reason: 'none' }
  | { ok: false; reason: 'unreadable'; modelAsOf: string; detail: string };

/**
 * Stores a fit unless one is already stored for its day (a retried weekly run, a second `risk fit` the same
 * day): a model that scored a run is never replaced, so the run can be repeated with it. True when written.
 */
export function writeRiskModel(
  doc: DynamoDBDocumentClient,
  table: string,
  stored: StoredRiskModel,
): Promise<boolean> {
  return putRiskModel(doc, table, stored, { ConditionExpression: 'attribute_not_exists(sk)' });
}

/**
 * Replaces the model stored for its day, but only while that one was fitted for `horizonDays` (a model for
 * another horizon is of no use to any run, so a re-run of the day cannot have used it). False when the stored
 * one changed meanwhile.
 */
export function replaceRiskModel(
  doc: DynamoDBDocumentClient,
  table: string,
  stored: StoredRiskModel,
  horizonDays: number,
): Promise<boolean> {
  return putRiskModel(doc, table, stored, {
    ConditionExpression: '#model.#horizon = :horizon',
    ExpressionAttributeNames: { '#model': 'model', '#horizon': 'horizonDays' },
    ExpressionAttributeValues: { ':horizon': horizonDays },
  });
}

/** Puts the model under its day if `condition` holds; false when it did not. */
async function putRiskModel(
  doc: DynamoDBDocumentClient,
  table: string,
  stored: StoredRiskModel,
  condition: Pick<
    PutCommandInput,
    'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
  >,
): Promise<boolean> {
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { pk: RISK_MODEL_PK, sk: riskModelSk(stored.model.asOf), ...stored },
        ...condition,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** How many models back a run looks past unreadable ones (a hand edit, an older version's item). */
const LOOK_BACK_MODELS = 5;

/**
 * The newest readable model fitted before `asOf` (strictly: a model fitted on the day itself, by the weekly
 * run after the morning's, would make a re-run of that morning differ from the first). An unreadable newer
 * one is reported only when no older one can be read.
 */
export async function latestRiskModelBefore(
  doc: DynamoDBDocumentClient,
  table: string,
  asOf: Day,
): Promise<ReadRiskModel> {
  const { Items } = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': RISK_MODEL_PK,
        ':from': riskModelSk(''),
        ':to': riskModelSk(formatDay(asOf - 1)),
      },
      ScanIndexForward: false,
      Limit: LOOK_BACK_MODELS,
      ConsistentRead: true,
    }),
  );
  const read = (Items ?? []).map(parseStoredModel);
  return read.find((model) => model.ok) ?? read[0] ?? { ok: false, reason: 'none' };
}

/** One model by its as-of day (what a fanned-out run's segments read, so they all score with the same). */
export async function readRiskModel(
  doc: DynamoDBDocumentClient,
  table: string,
  modelAsOf: string,
): Promise<ReadRiskModel> {
  const { Item } = await doc.send(
    new GetCommand({
      TableName: table,
      Key: { pk: RISK_MODEL_PK, sk: riskModelSk(modelAsOf) },
      ConsistentRead: true,
    }),
  );
  return Item ? parseStoredModel(Item) : { ok: false, reason: 'none' };
}

function parseStoredModel(item: Record<string, unknown>): ReadRiskModel {
  const sk = String(item.sk);
  const parsed = z
    .object({ model: modelSchema, configVersion: z.number().int().min(0), fittedAt: z.string() })
    .safeParse(item);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`).join('; ');
    return { ok: false, reason: 'unreadable', modelAsOf: sk.slice('risk#'.length), detail };
  }
  return { ok: true, stored: parsed.data };
}
