import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanItems } from '../../../functions/adapters/dynamodb/scan.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { applyWarningLogChanges, readWarningLog } from '../../../functions/adapters/dynamodb/warning-log.ts';
import { DEFAULT_CONFIG } from '../../../functions/core/config.ts';
import { formatDay } from '../../../functions/core/days.ts';
import { runFannedOut } from '../../../functions/use-cases/cycle/fan-out.ts';
import { runEvaluation } from '../../../functions/use-cases/cycle/run-evaluation.ts';
import { ingest } from '../../../functions/use-cases/ingest/ingest.ts';
import { day } from '../../core/helpers.ts';
import { type LocalDynamo, startLocalDynamo } from '../ingest/dynalite.ts';
import { AS_OF, ingestDeps, seedScenario } from './scenario.ts';
import { dynamoCycleStores } from '../../../functions/adapters/dynamodb/cycle-stores.ts';

let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
}, 60_000);
afterAll(async () => {
  await dynamo.close();
});

async function seeded(): Promise<TableNames> {
  const tables = await dynamo.freshTables();
  await seedScenario(
    {
      doc: dynamo.doc,
      sesUrl: 'http://127.0.0.1:9',
      wecomWebhook: (key) => `http://127.0.0.1:9/robot/${key}`,
    },
    tables,
    'robot',
  );
  return tables;
}

const evaluate = (tables: TableNames, date: string, options: { allowEarlierDay?: boolean } = {}) =>
  runEvaluation(
    {
      stores: dynamoCycleStores(dynamo.doc, tables),
      config: DEFAULT_CONFIG,
      configVersion: 0,
      totalSegments: 2,
      ...options,
    },
    day(date),
  );

const logOf = (tables: TableNames) => readWarningLog(dynamo.doc, tables.followups, null, null);

async function followupItems(tables: TableNames): Promise<number> {
  let n = 0;
  for await (const item of scanItems(dynamo.doc, tables.followups)) if (item) n++;
  return n;
}

async function order(tables: TableNames, customerId: string, date: string): Promise<void> {
  const result = await ingest(
    'orders',
    [{ orderId: `late-${customerId}-${date}`, customerId, orderDate: date, amount: 5000 }],
    { ...ingestDeps(dynamo.doc, tables), today: day(date) },
  );
  expect(result.rejected).toEqual([]);
}

describe('the warning log the daily evaluation keeps', () => {
  it('logs each warned episode once, with what the rep was told, and nothing more on a re-run', async () => {
    // Prepare
    const tables = await seeded();
    // Act
    await evaluate(tables, AS_OF);
    const again = await evaluate(tables, AS_OF);
    // Assess
    expect(again.summary.alertWrites).toBe(0);
    const log = await logOf(tables);
    expect(log.map((entry) => [entry.customerId, entry.repId])).toEqual([
      ['C01', 'R01'],
      ['C02', 'R02'],
      ['C03', 'R02'],
      ['C04', 'R03'],
    ]);
    expect(log[0]).toMatchObject({
      episode: AS_OF,
      warnedDay: AS_OF,
      endedDate: null,
      endedReason: null,
    });
    expect(log[0]?.rules.length).toBeGreaterThan(0);
    expect(log[0]?.risk).toBeGreaterThan(0);
    expect(await followupItems(tables)).toBe(4);
  });

  it('completes the entry when the customer orders again', async () => {
    // Prepare
    const tables = await seeded();
    await evaluate(tables, AS_OF);
    const next = formatDay(day(AS_OF) + 1);
    await order(tables, 'C01', next);
    // Act
    await evaluate(tables, next);
    // Assess
    const log = await logOf(tables);
    expect(log.find((entry) => entry.customerId === 'C01')).toMatchObject({
      endedDate: next,
      endedReason: 'recovered',
    });
    expect(log.filter((entry) => entry.endedDate === null)).toHaveLength(3);
  });

  it('drops a warning the same day takes back once a late order is imported and the day runs again', async () => {
    // Prepare
    const tables = await seeded();
    await evaluate(tables, AS_OF);
    await order(tables, 'C04', AS_OF);
    // Act
    await evaluate(tables, AS_OF);
    // Assess
    const log = await logOf(tables);
    expect(log.map((entry) => entry.customerId)).toEqual(['C01', 'C02', 'C03']);
  });

  it('is written alike by the fanned-out run', async () => {
    // Prepare
    const tables = await seeded();
    // Act
    await runFannedOut(
      { stores: dynamoCycleStores(dynamo.doc, tables) },
      {
        runId: 'log-run',
        asOf: day(AS_OF),
        configVersion: 0,
        sizing: { itemsPerSegment: 5, minSegments: 2, maxSegments: 4 },
      },
    );
    // Assess
    expect((await logOf(tables)).map((entry) => entry.customerId)).toEqual(['C01', 'C02', 'C03', 'C04']);
  });

  it('reopens an ended entry, drops a taken-back one, and leaves alone an episode it never logged', async () => {
    // Prepare
    const tables = await dynamo.freshTables();
    const entry = {
      customerId: 'C01',
      episode: '2026-11-01',
      warnedDay: '2026-11-01',
      repId: 'R01',
      tier: 'vip' as const,
      risk: 0.4,
      rules: ['inactive' as const],
      endedDate: null,
      endedReason: null,
    };
    await applyWarningLogChanges(dynamo.doc, tables.followups, [
      { kind: 'start', entry },
      { kind: 'start', entry: { ...entry, customerId: 'C02' } },
    ]);
    await applyWarningLogChanges(dynamo.doc, tables.followups, [
      {
        kind: 'end',
        customerId: 'C01',
        episode: entry.episode,
        endedDate: '2026-11-05',
        endedReason: 'recovered',
      },
    ]);
    // Act
    const result = await applyWarningLogChanges(dynamo.doc, tables.followups, [
      { kind: 'reopen', customerId: 'C01', episode: entry.episode },
      { kind: 'drop', customerId: 'C02', episode: entry.episode },
      { kind: 'end', customerId: 'C03', episode: '2026-10-01', endedDate: '2026-11-05', endedReason: 'lost' },
    ]);
    // Assess
    expect(result).toEqual({ written: 1, deleted: 1 });
    expect(await logOf(tables)).toEqual([entry]);
  });
});
