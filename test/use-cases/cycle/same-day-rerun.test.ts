import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../functions/adapters/dynamodb/config-store.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { runEvaluation } from '../../../functions/use-cases/cycle/run-evaluation.ts';
import { day } from '../../core/helpers.ts';
import { type CycleServices, startCycleServices } from './services.ts';
import { AS_OF, seedScenario } from './scenario.ts';
import { dynamoCycleStores } from '../../../functions/adapters/dynamodb/cycle-stores.ts';

/**
 * An operator who runs the day again (a retry after a failed notifier, `churn-watch run daily` by hand) waits
 * no longer than the morning's run took: the re-run reads what a new day's run reads and writes nothing but
 * its run record. Counted by request, which holds on a loaded machine where a time would not.
 */

let running: CycleServices;

beforeAll(async () => {
  running = await startCycleServices();
}, 60_000);
afterAll(async () => {
  await running?.close();
});

/** The store, counting each command it is sent by name and table. */
function counting(requests: string[]): DynamoDBDocumentClient {
  const { doc } = running.dynamo;
  return new Proxy(doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: {
        constructor: { name: string };
        input: { TableName?: string; RequestItems?: object };
      }) => {
        const table = command.input.TableName ?? Object.keys(command.input.RequestItems ?? {}).join('+');
        requests.push(`${command.constructor.name} ${table.replace(/^t\d+-/, '')}`);
        return target.send(command as never);
      };
    },
  });
}

async function evaluate(doc: DynamoDBDocumentClient, tables: TableNames, asOf: number) {
  const { config, version } = await loadConfig(running.dynamo.doc, tables.config);
  return runEvaluation(
    { stores: dynamoCycleStores(doc, tables), config, configVersion: version, totalSegments: 2 },
    asOf,
  );
}

const tally = (requests: string[]) => {
  const counts: Record<string, number> = {};
  for (const request of requests) counts[request] = (counts[request] ?? 0) + 1;
  return counts;
};

describe('the same day evaluated again', () => {
  it('asks the store for no more than the next day’s run does, and writes only its run record', async () => {
    // Prepare: the scenario evaluated for the day, with alerts opened and a risk model stored
    const tables = await running.dynamo.freshTables();
    running.wecom.registerKey('rerun-robot');
    await seedScenario(running.scenario, tables, 'rerun-robot');
    const first = await evaluate(running.dynamo.doc, tables, day(AS_OF));
    expect(first.summary.alertWrites).toBeGreaterThan(0);

    // Act: the same day again, then the next day
    const rerunRequests: string[] = [];
    const rerun = await evaluate(counting(rerunRequests), tables, day(AS_OF));
    const nextRequests: string[] = [];
    await evaluate(counting(nextRequests), tables, day(AS_OF) + 1);

    // Assess: the same outcomes, found with the reads a new day makes and no other
    // (the first run fitted the day's risk model and says so; the re-run scores with that model)
    expect({ ...rerun.summary, learnedRisk: null }).toEqual({
      ...first.summary,
      learnedRisk: null,
      alertWrites: 0,
    });
    expect(tally(rerunRequests)).toEqual({
      'ScanCommand profiles': 2,
      'ScanCommand alerts': 2,
      'QueryCommand config': 2,
      'PutCommand config': 1,
    });
    for (const [request, count] of Object.entries(tally(rerunRequests))) {
      expect(tally(nextRequests)[request], request).toBeGreaterThanOrEqual(count);
    }
  });
});
