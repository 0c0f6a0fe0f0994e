import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanItems } from '../../../functions/adapters/dynamodb/scan.ts';
import { TABLE_KINDS, type TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { runDaily } from '../../../functions/use-cases/cycle/run-daily.ts';
import type { SesServer } from '../../../functions/entry-points/local/ses-server.ts';
import type { WecomReceiver } from '../../../functions/entry-points/local/wecom-receiver.ts';
import { day } from '../../core/helpers.ts';
import type { LocalDynamo } from '../ingest/dynalite.ts';
import { type CycleServices, startCycleServices } from './services.ts';
import { memoryWebhookVault } from '../../support/memory-webhook-vault.ts';
import { AS_OF, cycleDeps, type ScenarioServices, seedScenario } from './scenario.ts';

let dynamo: LocalDynamo;
let ses: SesServer;
let wecom: WecomReceiver;
let services: ScenarioServices;
let keyCounter = 0;

let running: CycleServices;

beforeAll(async () => {
  running = await startCycleServices();
  ({ dynamo, ses, wecom, scenario: services } = running);
});
afterAll(async () => {
  await running.close();
});

/** A fresh distributor whose robots went into a vault at ingest, as on AWS. */
async function freshWithVault() {
  const tables = await dynamo.freshTables();
  const key = `vault-robot-${++keyCounter}-SECRET`;
  wecom.registerKey(key);
  const vault = memoryWebhookVault();
  await seedScenario(services, tables, key, { webhookVault: vault });
  const clock = { now: Date.parse('2026-11-20T00:00:00Z') };
  return { tables, key, vault, clock };
}

async function everythingStored(tables: TableNames): Promise<string> {
  const items: unknown[] = [];
  for (const kind of TABLE_KINDS)
    for await (const item of scanItems(dynamo.doc, tables[kind])) items.push(item);
  return JSON.stringify(items);
}

async function emailsTo(address: string, before: Set<string>) {
  return (await ses.emails()).filter(
    (email) => email.destination.to.includes(address) && !before.has(email.messageId),
  );
}

describe('the daily cycle with the robots in a webhook vault', () => {
  it('sends the WeCom digest to the robot the vault holds, reading it once, and stores none of the key', async () => {
    // Prepare
    const { tables, key, vault, clock } = await freshWithVault();
    const since = new Set((await ses.emails()).map((email) => email.messageId));
    const readsAtIngest = vault.counts.reads;

    // Act
    const run = await runDaily(cycleDeps(services, tables, clock, { webhookVault: vault }), day(AS_OF));

    // Assess
    expect(vault.entries.get('R02')).toBe(wecom.webhookUrl(key));
    const robot = wecom.messages(key);
    expect(robot).toHaveLength(1);
    expect(robot[0]?.content).toContain('<@zhenghao>');
    expect(await emailsTo('r02@example.com', since)).toHaveLength(0);
    expect(run.notify).toMatchObject({ sentNow: 3 });
    expect(vault.counts.reads - readsAtIngest).toBe(1);
    expect(await everythingStored(tables)).not.toContain(key);
  });

  it('reaches a rep by email when the vault has no entry for their marker', async () => {
    // Prepare: someone removed R02's robot from the secret by hand
    const { tables, key, vault, clock } = await freshWithVault();
    vault.entries.delete('R02');
    const since = new Set((await ses.emails()).map((email) => email.messageId));

    // Act
    await runDaily(cycleDeps(services, tables, clock, { webhookVault: vault }), day(AS_OF));

    // Assess
    expect(wecom.messages(key)).toHaveLength(0);
    expect(await emailsTo('r02@example.com', since)).toHaveLength(1);
  });

  it('refuses to send when robots are in the vault and this run was not told the secret', async () => {
    // Prepare: an admin runs `churn-watch run daily` against AWS without CHURN_WATCH_WECOM_SECRET
    const { tables, key, clock } = await freshWithVault();
    const since = new Set((await ses.emails()).map((email) => email.messageId));

    // Act / Assess: nothing goes out by email instead, and nothing is marked as handled
    await expect(runDaily(cycleDeps(services, tables, clock), day(AS_OF))).rejects.toThrow(
      /set CHURN_WATCH_WECOM_SECRET|请设置 CHURN_WATCH_WECOM_SECRET/,
    );
    expect(wecom.messages(key)).toHaveLength(0);
    expect(await emailsTo('r02@example.com', since)).toHaveLength(0);
  });
});
