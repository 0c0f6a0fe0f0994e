import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDaily } from '../../../functions/use-cases/cycle/run-daily.ts';
import { runWeekly } from '../../../functions/use-cases/cycle/run-weekly.ts';
import { ingest } from '../../../functions/use-cases/ingest/ingest.ts';
import { day } from '../../core/helpers.ts';
import { type CycleServices, startCycleServices } from '../cycle/services.ts';
import { AS_OF, cycleDeps, ingestDeps, seedScenario } from '../cycle/scenario.ts';

/**
 * A broken robot's notice goes to the rep's manager. When there is no manager to tell (the top manager's own
 * robot, or a manager id that is not in the reps table), nothing could have been delivered: the run says so as
 * a warning naming the rep and the missing manager, and does not count a failed delivery.
 */

let running: CycleServices;
let keyCounter = 0;

beforeAll(async () => {
  running = await startCycleServices();
}, 60_000);
afterAll(async () => {
  await running.close();
});

/** The scenario with `reps` ingested over it; `removeRobot` makes their robot answer "removed" next. */
async function distributor(reps: (robot: string) => Record<string, unknown>[]) {
  const tables = await running.dynamo.freshTables();
  const key = `notice-robot-${++keyCounter}`;
  running.wecom.registerKey(key);
  await seedScenario(running.scenario, tables, `other-${key}`);
  const result = await ingest(
    'reps',
    reps(running.wecom.webhookUrl(key)),
    ingestDeps(running.dynamo.doc, tables),
  );
  expect(result.rejected).toEqual([]);
  const clock = { now: Date.parse('2026-11-20T00:00:00Z') };
  return {
    deps: cycleDeps(running.scenario, tables, clock),
    removeRobot: () => running.wecom.failNext(key, 93000, 1),
  };
}

describe('a broken robot with no manager to tell', () => {
  it("warns about the top manager's own robot in the weekly run instead of failing a notice to nobody", async () => {
    // Prepare: the top manager M01 (no manager above) reads the weekly summary on a robot that was removed
    const { deps, removeRobot } = await distributor((robot) => [
      {
        repId: 'M01',
        name: '吴刚',
        role: 'manager',
        channel: 'wecom',
        wecomWebhook: robot,
        email: 'm01@example.com',
      },
    ]);
    await runDaily(deps, day(AS_OF));
    removeRobot();
    // Act
    const run = await runWeekly(deps, day(AS_OF));
    // Assess: the summary went by email; no notice is queued to nobody, and the run is not a failure
    expect(run.deliveries.find((record) => record.kind === 'weekly')).toMatchObject({
      status: 'sent',
      channel: 'email',
      fellBackFrom: 'wecom',
    });
    expect(run.deliveries.filter((record) => record.status === 'failed')).toEqual([]);
    expect(run.byStatus.failed).toBe(0);
    expect(run.warnings).toEqual([
      { code: 'notice-unsent', values: { repId: 'M01', managerId: null, errcode: 93000 } },
    ]);
  });

  it('names the rep and the manager who is not in the reps table', async () => {
    // Prepare: R02's manager is M09, who is not on record
    const { deps, removeRobot } = await distributor((robot) => [
      {
        repId: 'R02',
        name: '郑浩',
        role: 'rep',
        managerId: 'M09',
        channel: 'wecom',
        wecomWebhook: robot,
        email: 'r02@example.com',
      },
    ]);
    removeRobot();
    // Act
    const run = await runDaily(deps, day(AS_OF));
    // Assess
    expect(run.notify.deliveries.find((record) => record.pk === `digest#R02#${AS_OF}`)).toMatchObject({
      status: 'sent',
      channel: 'email',
    });
    expect(run.notify.deliveries.filter((record) => record.kind === 'channel-broken')).toEqual([]);
    expect(run.notify.warnings).toEqual([
      { code: 'notice-unsent', values: { repId: 'R02', managerId: 'M09', errcode: 93000 } },
    ]);
  });
});

describe('why a delivery failed, as stored', () => {
  it('keeps codes and their values, not a sentence, for a removed robot with no email to fall back to', async () => {
    // Prepare: R02 reads digests on WeCom only
    const { deps, removeRobot } = await distributor((robot) => [
      { repId: 'R02', name: '郑浩', role: 'rep', managerId: 'M01', channel: 'wecom', wecomWebhook: robot },
    ]);
    removeRobot();
    // Act
    const run = await runDaily(deps, day(AS_OF));
    // Assess
    const digest = run.notify.deliveries.find((record) => record.pk === `digest#R02#${AS_OF}`);
    expect(digest?.status).toBe('failed');
    expect(digest?.lastError).toBeUndefined();
    expect(digest?.problems).toMatchObject([
      { code: 'robot-error', values: { errcode: 93000, retried: null, fellBack: true } },
      { code: 'no-fallback-email' },
    ]);
  });
});
