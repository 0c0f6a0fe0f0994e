import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The daily run's records in the config table, one per evaluated day: `{pk: 'run', sk: 'daily#YYYY-MM-DD'}`.
 * A record's existence marks its day as evaluated; what it holds is the run's summary and inputs
 * (cycle/run-evaluation.ts).
 */
const runKey = (day: string) => ({ pk: 'run', sk: `daily#${day}` });

/** The day of the newest (`latest`) or oldest run record, or null when no day was evaluated. */
async function edgeDay(doc: DynamoDBDocumentClient, table: string, latest: boolean): Promise<string | null> {
  const { Items } = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :run AND begins_with(sk, :daily)',
      ExpressionAttributeValues: { ':run': 'run', ':daily': 'daily#' },
      ScanIndexForward: !latest,
      Limit: 1,
      ...(latest ? { ConsistentRead: true } : {}),
    }),
  );
  const sk = Items?.[0]?.sk;
  return typeof sk === 'string' ? sk.slice('daily#'.length) : null;
}

/** The latest day the daily run evaluated, from its run records (`run/daily#YYYY-MM-DD`), or null. */
export async function lastEvaluatedDay(doc: DynamoDBDocumentClient, table: string): Promise<string | null> {
  return edgeDay(doc, table, true);
}

/** The first day the daily run evaluated (its oldest run record), or null: where history starts. */
export async function firstEvaluatedDay(doc: DynamoDBDocumentClient, table: string): Promise<string | null> {
  return edgeDay(doc, table, false);
}

/** Writes (or replaces) the record of the run of `day`. */
export async function putRunRecord(
  doc: DynamoDBDocumentClient,
  table: string,
  day: string,
  record: Record<string, unknown>,
): Promise<void> {
  await doc.send(new PutCommand({ TableName: table, Item: { ...runKey(day), ...record } }));
}

/** The record of the run of `day`, or null when the day was not evaluated. */
export async function getRunRecord(
  doc: DynamoDBDocumentClient,
  table: string,
  day: string,
): Promise<Record<string, unknown> | null> {
  const { Item } = await doc.send(
    new GetCommand({ TableName: table, Key: runKey(day), ConsistentRead: true }),
  );
  return Item ?? null;
}
