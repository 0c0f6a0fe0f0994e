import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../functions/adapters/dynamodb/config-store.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { runEvaluation } from '../../../functions/use-cases/cycle/run-evaluation.ts';
import { day } from '../../core/helpers.ts';
import { type CycleServices, startCycleServices } from './services.ts';
import { AS_OF, seedScenario, setConfig } from './scenario.ts';
import { dynamoCycleStores } from '../../../functions/adapters/dynamodb/cycle-stores.ts';

/**
 * A rep answers while the daily run is under way: the run read every alert at its start and writes the changed
 * ones later. A snooze ("not a real risk") or closed mark set in between must survive the run's write.
 */

let running: CycleServices;
let robots = 0;

beforeAll(async () => {
  running = await startCycleServices();
}, 60_000);
afterAll(async () => {
  await running?.close();
});

async function fresh(): Promise<TableNames> {
  const tables = await running.dynamo.freshTables();
  const key = `during-run-robot-${++robots}`;
  running.wecom.registerKey(key);
  await seedScenario(running.scenario, tables, key);
  await setConfig(running.dynamo.doc, tables, { riskModel: { enabled: false } });
  return tables;
}

/** The store, with `meanwhile` run once just after the run has read the alerts (its first customers read). */
function answeringDuringRun(tables: TableNames, meanwhile: () => Promise<void>): DynamoDBDocumentClient {
  let done = false;
  return new Proxy(running.dynamo.doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { constructor: { name: string }; input: { RequestItems?: object } }) => {
        const customersRead =
          command.constructor.name === 'BatchGetCommand' &&
          tables.customers in (command.input.RequestItems ?? {});
        if (customersRead && !done) {
          done = true;
          await meanwhile();
        }
        return target.send(command as never);
      };
    },
  });
}

async function evaluate(doc: DynamoDBDocumentClient, tables: TableNames, onDay: number) {
  const { config } = await loadConfig(running.dynamo.doc, tables.config);
  return runEvaluation(
    { stores: dynamoCycleStores(doc, tables), config, configVersion: 1, totalSegments: 2 },
    day(AS_OF) + onDay,
  );
}

const alertOf = async (tables: TableNames, customerId: string) =>
  (await running.dynamo.doc.send(new GetCommand({ TableName: tables.alerts, Key: { customerId } }))).Item;

describe('an answer given while the daily run is under way', () => {
  it("keeps a rep's snooze and closed mark that the run's own write would have overwritten", async () => {
    // Prepare: C01 and C02 are warned on AS_OF; a week later both are due a reminder, so the run rewrites them
    const tables = await fresh();
    await evaluate(running.dynamo.doc, tables, 0);
    const doc = answeringDuringRun(tables, async () => {
      await running.dynamo.doc.send(
        new UpdateCommand({
          TableName: tables.alerts,
          Key: { customerId: 'C01' },
          UpdateExpression: 'SET snoozeUntil = :until',
          ExpressionAttributeValues: { ':until': '2026-12-31' },
        }),
      );
      await running.dynamo.doc.send(
        new UpdateCommand({
          TableName: tables.alerts,
          Key: { customerId: 'C02' },
          UpdateExpression: 'SET closed = :mark',
          ExpressionAttributeValues: { ':mark': { day: '2026-11-26', repId: 'R02' } },
        }),
      );
    });
    // Act
    await evaluate(doc, tables, 7);
    // Assess: the run wrote both records for the 27th, with the answers' marks
    const c01 = await alertOf(tables, 'C01');
    const c02 = await alertOf(tables, 'C02');
    expect(c01?.day).toBe('2026-11-27');
    expect(c01?.snoozeUntil).toBe('2026-12-31');
    expect(c02?.day).toBe('2026-11-27');
    expect(c02?.closed).toEqual({ day: '2026-11-26', repId: 'R02' });
  });
});

describe('a shop its rep marked closed', () => {
  it('is counted lost, not at risk, by the next run, though its signals still fire', async () => {
    // Prepare: two distributors warned alike on AS_OF; in one, R02 answers that C02 has closed
    const marked = await fresh();
    const unmarked = await fresh();
    const first = await evaluate(running.dynamo.doc, marked, 0);
    await evaluate(running.dynamo.doc, unmarked, 0);
    await running.dynamo.doc.send(
      new UpdateCommand({
        TableName: marked.alerts,
        Key: { customerId: 'C02' },
        UpdateExpression: 'SET closed = :mark',
        ExpressionAttributeValues: { ':mark': { day: AS_OF, repId: 'R02' } },
      }),
    );
    // Act
    const next = await evaluate(running.dynamo.doc, marked, 1);
    const alike = await evaluate(running.dynamo.doc, unmarked, 1);
    // Assess
    expect(first.summary.atRisk).toBe(alike.summary.atRisk);
    expect(next.summary.atRisk).toBe(alike.summary.atRisk - 1);
    expect((await alertOf(marked, 'C02'))?.state).toMatchObject({ open: false, endedReason: 'lost' });
  });
});
