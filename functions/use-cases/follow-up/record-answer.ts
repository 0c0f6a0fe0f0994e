import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { alertFromItem, CorruptAlertError } from '../../adapters/dynamodb/alert-item.ts';
import { customerAnswers, putAnswer } from '../../adapters/dynamodb/answer-store.ts';
import { isConditionFailure } from '../../adapters/dynamodb/conditions.ts';
import { dynamoIngestStore } from '../../adapters/dynamodb/ingest-store.ts';
import type { TableNames } from '../../adapters/dynamodb/tables.ts';
import type { AlertRecord, ClosedMark } from '../../core/alerts.ts';
import { type ChurnConfig, effectiveRetentionDays } from '../../core/config.ts';
import { dayOfInstant, formatDay, parseIsoDay } from '../../core/days.ts';
import type { FollowUpAction, FollowUpAnswer } from '../../core/follow-up.ts';
import { LocalizedError } from '../../core/localized-error.ts';
import { worded } from '../../text/errors.ts';
import { ingestEvents } from '../ingest/ingest-events.ts';
import type { IngestDeps } from '../ingest/ingest-deps.ts';
import type { ActionClaims } from './action-link.ts';

/**
 * A rep's answer to a warning, from a verified action link: stored once per episode and action (a second
 * tap records nothing new), then made to count:
 * - 已上门拜访 / 已发优惠券 become a visit / coupon record through the ingest path, so `visit_overdue`, the
 *   manager's escalation and the coupon facts see them as if the ERP had sent them (same customer and day:
 *   one record, whoever sends it first);
 * - 不是真的流失 pauses reminders of that warning for `followUp.notRealSnoozeDays` (escalations still get
 *   through), while the episode it was given for is the open one;
 * - 客户已关店 marks the customer closed: from the next evaluated day its warning ends as lost and no new one
 *   starts until it orders again (core/alerts.ts).
 * An answer to an episode that has since ended is kept against that episode; it pauses nothing later.
 */

export interface RecordAnswerDeps {
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  config: ChurnConfig;
  /** Epoch milliseconds of the tap. */
  now: number;
}

/** What an answer did besides being stored, so the page can tell the rep. */
export type AnswerEffect =
  | { kind: 'none' }
  | { kind: 'visit'; day: string }
  | { kind: 'coupon'; day: string }
  /** Reminders pause until this day (the later of an earlier pause and this one). */
  | { kind: 'snoozed'; until: string }
  | { kind: 'closed'; mark: ClosedMark }
  /** The warning the answer was for has ended (or its record is gone): kept, pausing nothing. */
  | { kind: 'episode_ended' };

export type RecordAnswerResult =
  | { kind: 'recorded' | 'already'; answer: FollowUpAnswer; effect: AnswerEffect }
  /** `followUp.enabled` is off: nothing recorded. */
  | { kind: 'disabled' }
  /** The action is not among `followUp.actions` (any more): nothing recorded. */
  | { kind: 'not_offered' }
  /** "Not a real risk" needs one of `followUp.reasons`; `given` is what came, null for none. */
  | { kind: 'needs_reason'; given: string | null };

/** The alert record kept changing under us (the evaluator writing the same customer): try again shortly. */
export class AlertContentionError extends LocalizedError {
  override readonly name = 'AlertContentionError';
  constructor(customerId: string) {
    super(worded((text) => text.answers.error.alertContention(customerId)));
  }
}

/** The visit or coupon an answer stands for was refused by ingest (it names the record and field). */
export class AnswerEffectError extends LocalizedError {
  override readonly name = 'AnswerEffectError';
  constructor(customerId: string, problem: string) {
    super(worded((text) => text.answers.error.effectRefused(customerId, problem)));
  }
}

/** Conditional writes on the alert record before giving up; the evaluator writes a customer once a day. */
const ALERT_ATTEMPTS = 3;

export async function recordAnswer(
  claims: ActionClaims & { action: FollowUpAction },
  reasonGiven: string | null,
  deps: RecordAnswerDeps,
): Promise<RecordAnswerResult> {
  const { followUp } = deps.config;
  if (!followUp.enabled) return { kind: 'disabled' };
  if (!followUp.actions.includes(claims.action)) return { kind: 'not_offered' };
  let reason: string | null = null;
  if (claims.action === 'not_real') {
    const given = reasonGiven?.trim() ?? '';
    if (!followUp.reasons.includes(given)) return { kind: 'needs_reason', given: reasonGiven };
    reason = given;
  }
  const day = formatDay(dayOfInstant(deps.now, deps.config.timeZone));
  const answer: FollowUpAnswer = {
    customerId: claims.customerId,
    episode: claims.episode,
    action: claims.action,
    reason,
    repId: claims.repId,
    answeredAt: new Date(deps.now).toISOString(),
    day,
  };
  const stored = await putAnswer(deps.doc, deps.tables.followups, answer);
  // A second tap records nothing new, but completes what the first one may not have done (a store error
  // after the answer was written): every effect is idempotent, and it is the stored answer's (its day, its
  // reason) that is applied again, never this tap's.
  const kept = stored === 'recorded' ? answer : ((await storedAnswer(deps, answer)) ?? answer);
  return { kind: stored, answer: kept, effect: await applyAnswer(kept, deps) };
}

async function storedAnswer(deps: RecordAnswerDeps, answer: FollowUpAnswer): Promise<FollowUpAnswer | null> {
  const answers = await customerAnswers(deps.doc, deps.tables.followups, answer.customerId);
  return answers.find((a) => a.episode === answer.episode && a.action === answer.action) ?? null;
}

async function applyAnswer(answer: FollowUpAnswer, deps: RecordAnswerDeps): Promise<AnswerEffect> {
  switch (answer.action) {
    case 'called':
      return { kind: 'none' };
    case 'visited':
      await ingestEvent('visits', { visitDate: answer.day }, answer, deps);
      return { kind: 'visit', day: answer.day };
    case 'coupon':
      await ingestEvent('coupons', { issuedAt: answer.day }, answer, deps);
      return { kind: 'coupon', day: answer.day };
    case 'not_real':
      return snoozeEpisode(answer, deps);
    case 'closed':
      return markClosed(answer, deps);
  }
}

/** The visit or coupon through the same path as the ERP's, so profiles and every rule see it. */
async function ingestEvent(
  kind: 'visits' | 'coupons',
  date: { visitDate: string } | { issuedAt: string },
  answer: FollowUpAnswer,
  deps: RecordAnswerDeps,
): Promise<void> {
  const ingestDeps: IngestDeps = {
    store: dynamoIngestStore(deps.doc, deps.tables),
    timeZone: deps.config.timeZone,
    retentionDays: effectiveRetentionDays(deps.config),
    locale: 'en',
    today: dayOfInstant(deps.now, deps.config.timeZone),
  };
  const result = await ingestEvents(
    kind,
    [{ customerId: answer.customerId, repId: answer.repId, ...date }],
    ingestDeps,
  );
  const refused = result.rejected[0];
  if (refused) {
    throw new AnswerEffectError(
      answer.customerId,
      refused.errors.map((error) => `${error.path}: ${error.message}`).join('; '),
    );
  }
}

async function readAlert(deps: RecordAnswerDeps, customerId: string): Promise<AlertRecord | null> {
  const { Item } = await deps.doc.send(
    new GetCommand({ TableName: deps.tables.alerts, Key: { customerId }, ConsistentRead: true }),
  );
  if (!Item) return null;
  try {
    return alertFromItem(Item);
  } catch (error) {
    // A record the evaluator cannot read either: it starts the customer afresh; the answer stays stored.
    if (error instanceof CorruptAlertError) return null;
    throw error;
  }
}

const addDays = (day: string, days: number): string => formatDay((parseIsoDay(day) as number) + days);

/**
 * The snooze of "not a real risk": the record's `snoozeUntil` becomes the later of what it was and the
 * answer's day plus `notRealSnoozeDays`, while the answered episode is the open one. Written only if the
 * record is still as read (same day, same episode open, same snooze), so an evaluator write in between is
 * not undone: then it is read again and tried again.
 */
async function snoozeEpisode(answer: FollowUpAnswer, deps: RecordAnswerDeps): Promise<AnswerEffect> {
  const wanted = addDays(answer.day, deps.config.followUp.notRealSnoozeDays);
  for (let attempt = 0; attempt < ALERT_ATTEMPTS; attempt++) {
    const record = await readAlert(deps, answer.customerId);
    const state = record?.state;
    if (!record || !state?.open || state.firstSeenDate !== answer.episode) return { kind: 'episode_ended' };
    const current = record.snoozeUntil ?? null;
    if (current !== null && current >= wanted) return { kind: 'snoozed', until: current };
    try {
      await deps.doc.send(
        new UpdateCommand({
          TableName: deps.tables.alerts,
          Key: { customerId: answer.customerId },
          UpdateExpression: 'SET snoozeUntil = :until',
          ConditionExpression: `#day = :day AND #state.#open = :open AND #state.firstSeenDate = :episode AND ${
            current === null ? unset('snoozeUntil') : 'snoozeUntil = :current'
          }`,
          ExpressionAttributeNames: { '#day': 'day', '#state': 'state', '#open': 'open' },
          ExpressionAttributeValues: {
            ':until': wanted,
            ':day': record.day,
            ':open': true,
            ':episode': answer.episode,
            ...(current === null ? { ':null': 'NULL' } : { ':current': current }),
          },
        }),
      );
      return { kind: 'snoozed', until: wanted };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new AlertContentionError(answer.customerId);
}

/** Absent, or stored as null (a snooze cleared with `churn-watch snooze --clear`). */
const unset = (attribute: string): string =>
  `(attribute_not_exists(${attribute}) OR attribute_type(${attribute}, :null))`;

/**
 * "Shop closed" marks the customer, whichever episode the answer was for. A mark that still stands (no order
 * after its day, as far as the last evaluation knows) is kept: the earlier day is when the shop closed.
 */
async function markClosed(answer: FollowUpAnswer, deps: RecordAnswerDeps): Promise<AnswerEffect> {
  const mark: ClosedMark = { day: answer.day, repId: answer.repId };
  for (let attempt = 0; attempt < ALERT_ATTEMPTS; attempt++) {
    const record = await readAlert(deps, answer.customerId);
    if (!record) return { kind: 'episode_ended' };
    const existing = record.closed ?? null;
    const lastOrder = record.state?.facts.lastOrderDate ?? null;
    if (existing && existing.day <= mark.day && !(lastOrder !== null && lastOrder > existing.day)) {
      return { kind: 'closed', mark: existing };
    }
    try {
      await deps.doc.send(
        new UpdateCommand({
          TableName: deps.tables.alerts,
          Key: { customerId: answer.customerId },
          UpdateExpression: 'SET closed = :mark',
          ConditionExpression: `#day = :day AND ${existing === null ? unset('closed') : 'closed.#day = :previous'}`,
          ExpressionAttributeNames: { '#day': 'day' },
          ExpressionAttributeValues: {
            ':mark': mark,
            ':day': record.day,
            ...(existing === null ? { ':null': 'NULL' } : { ':previous': existing.day }),
          },
        }),
      );
      return { kind: 'closed', mark };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new AlertContentionError(answer.customerId);
}
