import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { AlertRecord } from '../../core/alerts.ts';
import { FOLLOW_UP_ACTIONS, type FollowUpAnswer } from '../../core/follow-up.ts';
import type { AnswerStore } from '../../use-cases/follow-up/record-answer.ts';
import type { SnoozeStore } from '../../use-cases/follow-up/snooze-warning.ts';
import { alertFromItem, alertToItem, CorruptAlertError } from './alert-item.ts';
import { isConditionFailure } from './conditions.ts';
import { queryItems, scanItems } from './scan.ts';
import type { TableNames } from './tables.ts';

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

/**
 * The answers in the followups table and the alert records they act on, for the follow-up use case: the
 * answer is a conditional put (one per episode and action), the alert writes conditional updates on the
 * record as it was read.
 */
export function dynamoAnswerStore(
  doc: DynamoDBDocumentClient,
  tables: Pick<TableNames, 'followups' | 'alerts'>,
): AnswerStore {
  /** Writes `update` if `condition` holds; false when it no longer does (someone wrote the record meanwhile). */
  const updateIf = async (
    customerId: string,
    update: Pick<
      ConstructorParameters<typeof UpdateCommand>[0],
      'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
  ): Promise<boolean> => {
    try {
      await doc.send(new UpdateCommand({ TableName: tables.alerts, Key: { customerId }, ...update }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };
  return {
    put: (answer) => putAnswer(doc, tables.followups, answer),
    ofCustomer: (customerId) => customerAnswers(doc, tables.followups, customerId),
    async alert(customerId): Promise<AlertRecord | null> {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tables.alerts, Key: { customerId }, ConsistentRead: true }),
      );
      if (!Item) return null;
      try {
        return alertFromItem(Item);
      } catch (error) {
        // A record the evaluator cannot read either: it starts the customer afresh; the answer stays stored.
        if (error instanceof CorruptAlertError) return null;
        throw error;
      }
    },
    snooze: (customerId, until, read) =>
      updateIf(customerId, {
        UpdateExpression: 'SET snoozeUntil = :until',
        ConditionExpression: `#day = :day AND #state.#open = :open AND #state.firstSeenDate = :episode AND ${
          read.current === null ? unset('snoozeUntil') : 'snoozeUntil = :current'
        }`,
        ExpressionAttributeNames: { '#day': 'day', '#state': 'state', '#open': 'open' },
        ExpressionAttributeValues: {
          ':until': until,
          ':day': read.day,
          ':open': true,
          ':episode': read.episode,
          ...(read.current === null ? { ':null': 'NULL' } : { ':current': read.current }),
        },
      }),
    markClosed: (customerId, mark, read) =>
      updateIf(customerId, {
        UpdateExpression: 'SET closed = :mark',
        ConditionExpression: `#day = :day AND ${read.previous === null ? unset('closed') : 'closed.#day = :previous'}`,
        ExpressionAttributeNames: { '#day': 'day' },
        ExpressionAttributeValues: {
          ':mark': mark,
          ':day': read.day,
          ...(read.previous === null ? { ':null': 'NULL' } : { ':previous': read.previous }),
        },
      }),
  };
}

/**
 * The alert records `churn-watch snooze` changes: read consistently (a record that cannot be read is an error
 * the admin sees, not "never at risk"), written whole.
 */
export function dynamoSnoozeStore(doc: DynamoDBDocumentClient, table: string): SnoozeStore {
  return {
    async alert(customerId) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: table, Key: { customerId }, ConsistentRead: true }),
      );
      return Item ? alertFromItem(Item) : null;
    },
    async replace(record) {
      await doc.send(new PutCommand({ TableName: table, Item: alertToItem(record) }));
    },
  };
}

/** Absent, or stored as null (a snooze cleared with `churn-watch snooze --clear`). */
const unset = (attribute: string): string =>
  `(attribute_not_exists(${attribute}) OR attribute_type(${attribute}, :null))`;
