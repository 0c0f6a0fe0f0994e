import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryProblemSentence } from '../../../functions/entry-points/cli/delivery-problem-text.ts';
import { createWecomSender } from '../../../functions/adapters/wecom/wecom-client.ts';
import { dynamoCycleStores } from '../../../functions/adapters/dynamodb/cycle-stores.ts';
import { readReps } from '../../../functions/use-cases/cycle/cycle-deps.ts';
import { runDaily } from '../../../functions/use-cases/cycle/run-daily.ts';
import { deliver } from '../../../functions/use-cases/notify/deliver.ts';
import { day } from '../../core/helpers.ts';
import { type CycleServices, startCycleServices } from './services.ts';
import { AS_OF, cycleDeps, seedScenario } from './scenario.ts';

let running: CycleServices;

beforeAll(async () => {
  running = await startCycleServices();
});
afterAll(async () => {
  await running.close();
});

describe('a send whose outcome is unknown', () => {
  it('reaches a slow robot once, is marked uncertain, and goes again only when an admin resends it', async () => {
    // Prepare: R02's robot shows every message but answers only after the sender stopped waiting.
    const { dynamo, wecom, scenario } = running;
    const tables = await dynamo.freshTables();
    const key = 'robot-slow-1';
    wecom.registerKey(key);
    await seedScenario(scenario, tables, key);
    const clock = { now: Date.parse('2026-11-20T00:00:00Z') };
    const answersLate: typeof fetch = async (input, init) => {
      await fetch(input, { ...init, signal: null });
      // On a loaded machine the sender may give up while the message is still on its way: a signal that has
      // already aborted fires no event, so it is checked first (else the send would hang for good).
      return await new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        if (signal?.aborted) reject(signal.reason);
        else signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    };
    const slowRobot = createWecomSender({
      fetch: answersLate,
      timeoutMs: 50,
      sleep: async () => undefined,
      now: () => clock.now,
    });
    const deps = cycleDeps(scenario, tables, clock, { wecom: slowRobot });

    // Act: the morning run, then two later runs after any backoff would have passed
    const first = await runDaily(deps, day(AS_OF));
    clock.now += 30 * 60_000;
    await runDaily(deps, day(AS_OF));
    clock.now += 3 * 3600_000;
    const later = await runDaily(deps, day(AS_OF));

    // Assess: one copy, not a retry loop, and the day's summary says a person must check it
    const pk = `digest#R02#${AS_OF}`;
    expect(wecom.messages(key)).toHaveLength(1);
    expect(first.notify.deliveries.find((record) => record.pk === pk)?.status).toBe('uncertain');
    expect(later.notify.byStatus.uncertain).toBe(1);
    const record = await deps.store.get(pk);
    expect(deliveryProblemSentence(record ?? {})).toContain('the message may have arrived');

    // Act: the admin checked with the rep and resends it, now that the robot answers in time
    const { reps } = await readReps(dynamoCycleStores(scenario.doc, tables).reps);
    const requeued = {
      ...record!,
      status: 'pending' as const,
      attempts: 0,
      version: record!.version + 1,
    };
    await deps.store.update(requeued, record!.version);
    const resent = await deliver(requeued, {
      ...cycleDeps(scenario, tables, clock),
      reps,
    });

    // Assess
    expect(resent.status).toBe('sent');
    expect(wecom.messages(key)).toHaveLength(2);
  });
});
