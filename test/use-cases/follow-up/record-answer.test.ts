import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alertFromItem, alertToItem } from '../../../functions/adapters/dynamodb/alert-item.ts';
import { answersSince } from '../../../functions/adapters/dynamodb/answer-store.ts';
import { profileFromItem } from '../../../functions/adapters/dynamodb/profile-item.ts';
import { queryItems } from '../../../functions/adapters/dynamodb/scan.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { type AlertRecord, QUIET_DAY, stepAlert } from '../../../functions/core/alerts.ts';
import { type ChurnConfig, DEFAULT_CONFIG } from '../../../functions/core/config.ts';
import { formatDay, parseIsoDay } from '../../../functions/core/days.ts';
import type { CustomerEvaluation } from '../../../functions/core/evaluate.ts';
import { dynamoFollowUpStores } from '../../../functions/entry-points/follow-up-stores.ts';
import type { FollowUpAction } from '../../../functions/core/follow-up.ts';
import type { ActionClaims } from '../../../functions/use-cases/follow-up/action-link.ts';
import { recordAnswer, type RecordAnswerDeps } from '../../../functions/use-cases/follow-up/record-answer.ts';
import { type LocalDynamo, startLocalDynamo } from '../ingest/dynalite.ts';

/**
 * Recording a rep's answer against dynalite: stored once, and what each answer does to the visit records
 * and the alert record, including an episode that has since ended and an evaluator writing in between.
 */

/** 2026-12-01 09:00 in Asia/Shanghai (still 2026-12-01 01:00 UTC). */
const NOW = Date.parse('2026-12-01T01:00:00Z');
const EPISODE = '2026-11-28';

let dynamo: LocalDynamo;
let tables: TableNames;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
}, 60_000);
afterAll(async () => {
  await dynamo?.close();
});
beforeEach(async () => {
  tables = await dynamo.freshTables();
}, 60_000);

const deps = (config: ChurnConfig = DEFAULT_CONFIG, doc: DynamoDBDocumentClient = dynamo.doc) => {
  const { answers, events } = dynamoFollowUpStores(doc, tables);
  return { answers, events, config, now: NOW } satisfies RecordAnswerDeps;
};

const claims = (action: FollowUpAction, episode = EPISODE): ActionClaims & { action: FollowUpAction } => ({
  repId: 'R01',
  customerId: 'C001',
  episode,
  action,
  expires: NOW / 1000 + 86_400,
});

function alertRecord(overrides: { open?: boolean; firstSeenDate?: string; day?: string } = {}): AlertRecord {
  const open = overrides.open ?? true;
  const state = {
    customerId: 'C001',
    repId: 'R01',
    open,
    firstSeenDate: overrides.firstSeenDate ?? EPISODE,
    lastOrderAtStart: '2026-10-20',
    lastNotifiedDate: overrides.firstSeenDate ?? EPISODE,
    notifiedRules: ['inactive' as const],
    notifiedTier: 'important' as const,
    snoozeUntil: null,
    managerEscalatedDate: null,
    endedDate: open ? null : '2026-11-30',
    endedReason: open ? null : ('cleared' as const),
    previousEpisode: null,
    facts: {
      name: '张记便利店',
      tier: 'important' as const,
      risk: 0.6,
      moneyAtRisk: 100_000,
      lastPeriodSales: 0,
      periodDays: 30,
      lastOrderDate: '2026-10-20',
      daysSinceLastOrder: 41,
      lastVisitDate: null,
      daysSinceLastVisit: null,
      lastCouponDate: null,
      findings: [],
    },
  };
  return {
    customerId: 'C001',
    day: overrides.day ?? '2026-11-30',
    before: null,
    state,
    outcome: QUIET_DAY,
  };
}

async function storeAlert(record: AlertRecord): Promise<void> {
  await dynamo.doc.send(new PutCommand({ TableName: tables.alerts, Item: alertToItem(record) }));
}

async function storedAlert(): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo.doc.send(
    new GetCommand({ TableName: tables.alerts, Key: { customerId: 'C001' }, ConsistentRead: true }),
  );
  return Item;
}

async function events(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const item of queryItems(dynamo.doc, {
    TableName: tables.events,
    KeyConditionExpression: 'customerId = :c',
    ExpressionAttributeValues: { ':c': 'C001' },
  })) {
    items.push(item);
  }
  return items;
}

describe('recording an answer', () => {
  it('stores a visit once, as a visit record on the distributor’s day that the profile sees', async () => {
    // Prepare
    await storeAlert(alertRecord());

    // Act
    const first = await recordAnswer(claims('visited'), null, deps());
    const second = await recordAnswer(claims('visited'), null, { ...deps(), now: NOW + 3_600_000 });

    // Assess
    expect(first).toMatchObject({ kind: 'recorded', effect: { kind: 'visit', day: '2026-12-01' } });
    expect(second).toMatchObject({ kind: 'already', effect: { kind: 'visit', day: '2026-12-01' } });
    const answers = await answersSince(dynamo.doc, tables.followups, null);
    expect(answers).toEqual([
      {
        customerId: 'C001',
        episode: EPISODE,
        action: 'visited',
        reason: null,
        repId: 'R01',
        answeredAt: '2026-12-01T01:00:00.000Z',
        day: '2026-12-01',
      },
    ]);
    expect(await events()).toEqual([
      expect.objectContaining({
        kind: 'visits',
        repId: 'R01',
        eventKey: expect.stringMatching(/^visit#2026-12-01#/),
      }),
    ]);
    const { Item } = await dynamo.doc.send(
      new GetCommand({ TableName: tables.profiles, Key: { customerId: 'C001' } }),
    );
    const profile = profileFromItem(Item as Record<string, unknown>);
    expect(profile.lastVisitDay === null ? null : formatDay(profile.lastVisitDay)).toBe('2026-12-01');
  });

  it('stores a coupon as a coupon record, and a call as the answer alone', async () => {
    // Prepare
    await storeAlert(alertRecord());

    // Act
    const coupon = await recordAnswer(claims('coupon'), null, deps());
    const called = await recordAnswer(claims('called'), null, deps());

    // Assess
    expect(coupon).toMatchObject({ kind: 'recorded', effect: { kind: 'coupon' } });
    expect(called).toMatchObject({ kind: 'recorded', effect: { kind: 'none' } });
    expect((await events()).map((item) => item.kind)).toEqual(['coupons']);
    expect(await answersSince(dynamo.doc, tables.followups, null)).toHaveLength(2);
  });

  it('records nothing when the feature is off or the action is no longer offered', async () => {
    // Prepare
    await storeAlert(alertRecord());
    const off = { ...DEFAULT_CONFIG, followUp: { ...DEFAULT_CONFIG.followUp, enabled: false } };
    const noClosed = {
      ...DEFAULT_CONFIG,
      followUp: { ...DEFAULT_CONFIG.followUp, actions: ['called', 'visited'] as FollowUpAction[] },
    };

    // Act
    const disabled = await recordAnswer(claims('visited'), null, deps(off));
    const notOffered = await recordAnswer(claims('closed'), null, deps(noClosed));

    // Assess
    expect(disabled).toEqual({ kind: 'disabled' });
    expect(notOffered).toEqual({ kind: 'not_offered' });
    expect(await answersSince(dynamo.doc, tables.followups, null)).toEqual([]);
    expect(await events()).toEqual([]);
    expect((await storedAlert())?.closed).toBeUndefined();
  });
});

describe('not a real risk', () => {
  it('needs one of the configured reasons, and records nothing without one', async () => {
    // Prepare
    await storeAlert(alertRecord());

    // Act
    const none = await recordAnswer(claims('not_real'), null, deps());
    const unknown = await recordAnswer(claims('not_real'), 'because', deps());

    // Assess
    expect(none).toEqual({ kind: 'needs_reason', given: null });
    expect(unknown).toEqual({ kind: 'needs_reason', given: 'because' });
    expect(await answersSince(dynamo.doc, tables.followups, null)).toEqual([]);
    expect((await storedAlert())?.snoozeUntil).toBeUndefined();
  });

  it('pauses reminders of the open episode for notRealSnoozeDays, keeping a later pause', async () => {
    // Prepare
    await storeAlert(alertRecord());
    const laterPause = { ...alertRecord(), customerId: 'C002', snoozeUntil: '2027-06-01' };
    laterPause.state = { ...(laterPause.state as NonNullable<AlertRecord['state']>), customerId: 'C002' };
    await storeAlert(laterPause);

    // Act
    const result = await recordAnswer(claims('not_real'), 'seasonal', deps());
    const kept = await recordAnswer({ ...claims('not_real'), customerId: 'C002' }, 'seasonal', deps());

    // Assess
    expect(result).toMatchObject({ kind: 'recorded', answer: { reason: 'seasonal' } });
    expect(result).toMatchObject({ effect: { kind: 'snoozed', until: '2026-12-31' } });
    expect((await storedAlert())?.snoozeUntil).toBe('2026-12-31');
    expect(kept).toMatchObject({ effect: { kind: 'snoozed', until: '2027-06-01' } });
  });

  it('keeps the answer of an episode that has ended, and pauses nothing of a later one', async () => {
    // Prepare: the answered episode ended, and a new one is open
    await storeAlert(alertRecord({ firstSeenDate: '2026-11-30' }));

    // Act
    const result = await recordAnswer(claims('not_real'), 'new_contact', deps());

    // Assess
    expect(result).toMatchObject({
      kind: 'recorded',
      answer: { episode: EPISODE, reason: 'new_contact' },
      effect: { kind: 'episode_ended' },
    });
    expect((await storedAlert())?.snoozeUntil).toBeUndefined();
  });

  it('does not undo an evaluator write made between reading and writing the alert', async () => {
    // Prepare: the evaluator moves the record on to the next day just before the snooze is written
    await storeAlert(alertRecord());
    const next = alertRecord({ day: '2026-12-01' });
    next.state = { ...(next.state as NonNullable<AlertRecord['state']>), managerEscalatedDate: '2026-12-01' };
    const racing = evaluatorWritesFirst(next);

    // Act
    const result = await recordAnswer(claims('not_real'), 'seasonal', deps(DEFAULT_CONFIG, racing.doc));

    // Assess: both writes are there
    expect(racing.raced()).toBe(true);
    expect(result).toMatchObject({ effect: { kind: 'snoozed', until: '2026-12-31' } });
    const item = await storedAlert();
    expect(item).toMatchObject({ day: '2026-12-01', snoozeUntil: '2026-12-31' });
    expect((item?.state as { managerEscalatedDate: string }).managerEscalatedDate).toBe('2026-12-01');
  });

  it('pauses nothing when the episode ends between reading and writing the alert', async () => {
    // Prepare: the customer recovered and slipped again: a new episode opened as the snooze was being written
    await storeAlert(alertRecord());
    const racing = evaluatorWritesFirst(alertRecord({ day: '2026-12-01', firstSeenDate: '2026-12-01' }));

    // Act
    const result = await recordAnswer(claims('not_real'), 'seasonal', deps(DEFAULT_CONFIG, racing.doc));

    // Assess
    expect(racing.raced()).toBe(true);
    expect(result).toMatchObject({ kind: 'recorded', effect: { kind: 'episode_ended' } });
    expect((await storedAlert())?.snoozeUntil).toBeUndefined();
  });
});

/** A client on which the evaluator writes `record` just before the first conditional update goes out. */
function evaluatorWritesFirst(record: AlertRecord): { doc: DynamoDBDocumentClient; raced(): boolean } {
  let raced = false;
  const doc = new Proxy(dynamo.doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: object) => {
        if (command instanceof UpdateCommand && !raced) {
          raced = true;
          await target.send(new PutCommand({ TableName: tables.alerts, Item: alertToItem(record) }));
        }
        return target.send(command as never);
      };
    },
  });
  return { doc, raced: () => raced };
}

describe('shop closed', () => {
  it('marks the customer closed on the answer’s day, also when the answered episode has ended', async () => {
    // Prepare
    await storeAlert(alertRecord({ open: false }));

    // Act
    const result = await recordAnswer(claims('closed'), null, deps());
    const again = await recordAnswer({ ...claims('closed'), repId: 'R02' }, null, {
      ...deps(),
      now: NOW + 86_400_000,
    });

    // Assess
    expect(result).toMatchObject({
      kind: 'recorded',
      effect: { kind: 'closed', mark: { day: '2026-12-01' } },
    });
    // The same answer to the same warning a day later, by whoever holds a link: the first one stands
    expect(again).toMatchObject({ kind: 'already' });
    expect((await storedAlert())?.closed).toEqual({ day: '2026-12-01', repId: 'R01' });
  });

  it('ends the open warning as lost at the next evaluation, as the evaluator reads the record back', async () => {
    // Prepare
    await storeAlert(alertRecord());
    await recordAnswer(claims('closed'), null, deps());
    const stored = alertFromItem((await storedAlert()) as Record<string, unknown>);
    const stillSilent = {
      customerId: 'C001',
      name: '张记便利店',
      repId: 'R01',
      tier: 'important',
      status: 'at_risk',
      atRisk: true,
      risk: 0.7,
      moneyAtRisk: 100_000,
      findings: [
        {
          rule: 'inactive',
          severity: 0.5,
          daysSinceLastOrder: 43,
          thresholdDays: 30,
          lastOrderDate: '2026-10-20',
        },
      ],
      flaggedBy: [],
      lastOrderDate: '2026-10-20',
      lastVisitDate: null,
      lastCouponDate: null,
    } as unknown as CustomerEvaluation;

    // Act
    const step = stepAlert(stored, stillSilent, parseIsoDay('2026-12-02') as number, DEFAULT_CONFIG, 30);

    // Assess
    expect(step.kind).toBe('write');
    expect(step.record?.state).toMatchObject({ open: false, endedDate: '2026-12-02', endedReason: 'lost' });
    expect(step.record?.outcome).toEqual(QUIET_DAY);
  });
});
