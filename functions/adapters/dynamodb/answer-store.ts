import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { FOLLOW_UP_ACTIONS, type FollowUpAnswer } from '../../core/follow-up.ts';
import { isConditionFailure } from './conditions.ts';
import { queryItems, scanItems } from './scan.ts';

/**
 * Answers to warnings in the followups table, one item per customer, episode and action
 * (`entry = answer#<episode>#<action>`): a second tap on the same action finds the item there and records
 * nothing, so a retried request or a double tap is one answer. The warning log shares the table under
 * `warning#<episode>` (warning-log.ts).
 */

export const ANSWER_PREFIX = 'answer#';

export const answerEntry = (episode: string, action: string): string =>
  `${ANSWER_PREFIX}${episode}#${action}`;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const answerSchema = z.object({
  customerId: z.string(),
  episode: isoDay,
  action: z.enum(FOLLOW_UP_ACTIONS),
  reason: z.string().nullable(),
  repId: z.string(),
  answeredAt: z.string(),
  day: isoDay,
});

/** Stores an answer unless the same action was already answered for that episode. */
export async function putAnswer(
  doc: DynamoDBDocumentClient,
  table: string,
  answer: FollowUpAnswer,
): Promise<'recorded' | 'already'> {
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...answer, entry: answerEntry(answer.episode, answer.action) },
        ConditionExpression: 'attribute_not_exists(entry)',
      }),
    );
    return 'recorded';
  } catch (error) {
    if (isConditionFailure(error)) return 'already';
    throw error;
  }
}

function answerOf(item: Record<string, unknown>): FollowUpAnswer | null {
  const parsed = answerSchema.safeParse(item);
  return parsed.success ? parsed.data : null;
}

/** One customer's answers, of every episode (a handful). */
export async function customerAnswers(
  doc: DynamoDBDocumentClient,
  table: string,
  customerId: string,
): Promise<FollowUpAnswer[]> {
  const answers: FollowUpAnswer[] = [];
  for await (const item of queryItems(doc, {
    TableName: table,
    KeyConditionExpression: 'customerId = :c AND begins_with(entry, :p)',
    ExpressionAttributeValues: { ':c': customerId, ':p': ANSWER_PREFIX },
    ConsistentRead: true,
  })) {
    const answer = answerOf(item);
    if (answer) answers.push(answer);
  }
  return answers;
}

/**
 * Every answer given on `fromDay` or later (`YYYY-MM-DD`), for the weekly summary and the effect report. A
 * scan: answers are a few per warning, far fewer than orders. Items that do not read as answers (a hand edit)
 * are left out.
 */
export async function answersSince(
  doc: DynamoDBDocumentClient,
  table: string,
  fromDay: string | null,
): Promise<FollowUpAnswer[]> {
  const answers: FollowUpAnswer[] = [];
  for await (const item of scanItems(doc, table, undefined, {
    FilterExpression: fromDay === null ? 'begins_with(entry, :p)' : 'begins_with(entry, :p) AND #day >= :d',
    ExpressionAttributeNames: fromDay === null ? undefined : { '#day': 'day' },
    ExpressionAttributeValues: { ':p': ANSWER_PREFIX, ...(fromDay === null ? {} : { ':d': fromDay }) },
  })) {
    const answer = answerOf(item);
    if (answer) answers.push(answer);
  }
  return answers.sort((a, b) => a.answeredAt.localeCompare(b.answeredAt));
}
