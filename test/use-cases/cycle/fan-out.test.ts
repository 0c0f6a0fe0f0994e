import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { alertFromItem } from '../../../functions/adapters/dynamodb/alert-item.ts';
import { loadConfig, saveConfig } from '../../../functions/adapters/dynamodb/config-store.ts';
import { scanItems } from '../../../functions/adapters/dynamodb/scan.ts';
import { decodeKeys, encodeKeys } from '../../../functions/adapters/dynamodb/segment-rank-store.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { importFile } from '../../../functions/entry-points/cli/import-command.ts';
import type { StoreContext } from '../../../functions/entry-points/cli/store-context.ts';
import type { AlertRecord } from '../../../functions/core/alerts.ts';
import type { Day } from '../../../functions/core/days.ts';
import {
  combineRanks,
  evaluateSegment,
  FanOutError,
  finishRun,
  prepareRun,
  rankSegment,
  runFannedOut,
  segmentsFor,
} from '../../../functions/use-cases/cycle/fan-out.ts';
import { lastEvaluatedDay } from '../../../functions/adapters/dynamodb/run-records.ts';
import { runEvaluation } from '../../../functions/use-cases/cycle/run-evaluation.ts';
import { fixture } from '../../entry-points/cli/run-cli.ts';
import { day } from '../../core/helpers.ts';
import { ingestDeps } from './scenario.ts';
import { type LocalDynamo, startLocalDynamo } from '../ingest/dynalite.ts';
import { dynamoCycleStores } from '../../../functions/adapters/dynamodb/cycle-stores.ts';

// Each test seeds its own distributor into dynalite and runs the fan-out steps over it: on a loaded 2-core
// machine that alone took 42 s, past the 30 s default, so these integration tests get two minutes.
vi.setConfig({ testTimeout: 120_000 });

/**
 * The evaluation split over segment invocations, as the Step Functions state machine runs it, must come to
 * exactly what the single-process run comes to: same tiers, same alert states, same counts.
 */
let dynamo: LocalDynamo;
const AS_OF = '2026-11-20';
// 200 shops in 7 segments of about 30: tiers cut across segments, and visits are in some segments only.
// (dynalite reports no item count, so the minimum decides here.)
const SIZING = { itemsPerSegment: 30, minSegments: 7, maxSegments: 40 };

beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

async function seeded(): Promise<TableNames> {
  const tables = await dynamo.freshTables();
  const store = {
    ingestDeps: () => ({ ...ingestDeps(dynamo.doc, tables), today: day(AS_OF) }),
  } as unknown as StoreContext;
  const io = { out: () => undefined, err: () => undefined };
  for (const kind of ['customers', 'orders', 'visits'] as const) {
    await importFile(kind, fixture(`sample-small/${kind}.csv`), store, io, 'en', false);
  }
  return tables;
}

async function storedAlerts(tables: TableNames): Promise<AlertRecord[]> {
  const records: AlertRecord[] = [];
  for await (const item of scanItems(dynamo.doc, tables.alerts)) records.push(alertFromItem(item));
  return records.sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
}

async function rankItemCount(tables: TableNames, runId: string): Promise<number> {
  const { Items } = await dynamo.doc.send(
    new QueryCommand({
      TableName: tables.config,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `rank#${runId}` },
    }),
  );
  return Items?.length ?? 0;
}

describe('evaluation fanned out over segment invocations', () => {
  let tables: TableNames;
  beforeAll(async () => {
    tables = await seeded();
  });

  it('comes to the same tiers, alert states and counts as the single-process run, day after day', async () => {
    const { config } = await loadConfig(dynamo.doc, tables.config);
    const deps = { stores: dynamoCycleStores(dynamo.doc, tables) };
    for (const [index, asOf] of [day(AS_OF), day(AS_OF) + 1, day(AS_OF) + 8].entries()) {
      // Prepare: what the single-process run would do, without writing
      const expected = await runEvaluation(
        {
          stores: dynamoCycleStores(dynamo.doc, tables),
          config,
          configVersion: 0,
          totalSegments: 3,
          dryRun: true,
        },
        asOf as Day,
      );
      // Act
      const prepared = await prepareRun(deps, {
        runId: `run-${index}`,
        asOf: asOf as Day,
        configVersion: 0,
        sizing: SIZING,
      });
      const ranks = await Promise.all(prepared.segments.map((segment) => rankSegment(deps, segment)));
      const cutoffs = await combineRanks(deps, prepared, ranks);
      const results = await Promise.all(
        prepared.segments.map((segment) => evaluateSegment(deps, { ...segment, ...cutoffs })),
      );
      const summary = await finishRun(deps, prepared, results, cutoffs);
      // Assess
      expect(prepared.totalSegments).toBe(7);
      expect(cutoffs.cutoffs).toEqual(expected.cutoffs);
      expect(cutoffs.visitsTracked).toBe(true);
      expect(summary).toEqual({ ...expected.summary, alertWrites: summary.alertWrites });
      expect(summary.atRisk).toBeGreaterThan(5);
      expect(await storedAlerts(tables)).toEqual(
        [...expected.alerts.values()].sort((a, b) => (a.customerId < b.customerId ? -1 : 1)),
      );
      expect(await lastEvaluatedDay(dynamo.doc, tables.config)).toBe(summary.asOf);
      expect(await rankItemCount(tables, `run-${index}`)).toBe(0);
    }
  });

  it('writes nothing when the same day is run again, and refuses an earlier day', async () => {
    const deps = { stores: dynamoCycleStores(dynamo.doc, tables) };
    const again = await runFannedOut(deps, {
      runId: 'again',
      asOf: (day(AS_OF) + 8) as Day,
      configVersion: 0,
      sizing: SIZING,
    });
    expect(again.alertWrites).toBe(0);
    await expect(
      runFannedOut(deps, { runId: 'earlier', asOf: day(AS_OF), configVersion: 0, sizing: SIZING }),
    ).rejects.toThrow(/already evaluated up to/);
  });
});

describe('fanned out with low_p_alive on', () => {
  it('fits the same BG/NBD model on everyone as the single-process run, and guards it the same way', async () => {
    // Prepare: the rule switched on, as an admin would after a backtest
    const tables = await seeded();
    const saved = await saveConfig(dynamo.doc, tables.config, {
      overrides: { rules: { low_p_alive: { enabled: true } } },
      changedBy: 'test',
      reason: 'try P(alive)',
      expectedVersion: 0,
    });
    const { config, version } = await loadConfig(dynamo.doc, tables.config);
    expect(version).toBe(saved.version);
    const expected = await runEvaluation(
      {
        stores: dynamoCycleStores(dynamo.doc, tables),
        config,
        configVersion: version,
        totalSegments: 2,
        dryRun: true,
      },
      day(AS_OF),
    );
    // Act
    const summary = await runFannedOut(
      { stores: dynamoCycleStores(dynamo.doc, tables) },
      { runId: 'p-alive', asOf: day(AS_OF), configVersion: version, sizing: SIZING },
    );
    // Assess
    // The generated shops order like wholesale shops, on a schedule, and few have left: the fit collapses
    // (dropout ≈ 0), the known failure, and both runs leave the rule out. The fitted parameters are part of
    // the model record, so equal records mean the fan-out fitted on the same summaries.
    expect(expected.summary.pAliveModel).toMatchObject({
      status: 'skipped',
      reason: 'degenerate',
      customers: 200,
      params: expect.any(Object),
    });
    expect(summary).toEqual({ ...expected.summary, alertWrites: summary.alertWrites });
    expect(expected.evaluations.some((e) => e.findings.some((f) => f.rule === 'low_p_alive'))).toBe(false);
    expect(await storedAlerts(tables)).toEqual(
      [...expected.alerts.values()].sort((a, b) => (a.customerId < b.customerId ? -1 : 1)),
    );
  });
});

describe('fan-out steps guard against an incomplete run', () => {
  it('refuses to record a run that lacks a segment, and a rank that was not stored in full', async () => {
    const tables = await seeded();
    const deps = { stores: dynamoCycleStores(dynamo.doc, tables) };
    const prepared = await prepareRun(deps, {
      runId: 'partial',
      asOf: day(AS_OF),
      configVersion: 0,
      sizing: SIZING,
    });
    const ranks = await Promise.all(prepared.segments.map((segment) => rankSegment(deps, segment)));
    const claimed = ranks.map((rank, i) => (i === 2 ? { ...rank, customers: rank.customers + 1 } : rank));
    await expect(combineRanks(deps, prepared, claimed)).rejects.toThrow(/segment 2 .* ranked/);
    const cutoffs = await combineRanks(deps, prepared, ranks);
    const results = await Promise.all(
      prepared.segments.slice(1).map((segment) => evaluateSegment(deps, { ...segment, ...cutoffs })),
    );
    await expect(finishRun(deps, prepared, results)).rejects.toThrow(FanOutError);
    expect(await lastEvaluatedDay(dynamo.doc, tables.config)).toBeNull();
  });

  it('refuses a run id that cannot go into a key', async () => {
    const tables = await dynamo.freshTables();
    await expect(
      prepareRun(
        { stores: dynamoCycleStores(dynamo.doc, tables) },
        { runId: 'a#b', asOf: day(AS_OF), configVersion: 0 },
      ),
    ).rejects.toThrow(/run id/);
  });
});

describe('segment sizing and tier-key chunks', () => {
  it('splits the table so that no segment holds more than the target, within the limits', () => {
    const sizing = { itemsPerSegment: 25_000, minSegments: 8, maxSegments: 64 };
    expect(segmentsFor(0, sizing)).toBe(8);
    expect(segmentsFor(200_000, sizing)).toBe(8);
    expect(segmentsFor(200_001, sizing)).toBe(9);
    expect(segmentsFor(1_000_000, sizing)).toBe(40);
    expect(segmentsFor(5_000_000, sizing)).toBe(64);
    expect(segmentsFor(10, { itemsPerSegment: 25_000, minSegments: 0, maxSegments: 64 })).toBe(1);
  });

  it('keeps every key, in order, across chunks small enough for a DynamoDB item', () => {
    // Long, incompressible ids force the chunks to split below the item size limit.
    const keys = Array.from({ length: 30_000 }, (_, i) => ({
      customerId: `${i}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`,
      trailingSales: i * 37,
    }));
    const chunks = encodeKeys(keys.map((key) => ({ key })));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.byteLength).toBeLessThanOrEqual(300_000);
    expect(chunks.flatMap((chunk) => decodeKeys(chunk)).map((entry) => entry.key)).toEqual(keys);
    expect(encodeKeys([]).map((chunk) => decodeKeys(chunk))).toEqual([[]]);
    const summaries = [{ frequency: 3, recency: 10.5, T: 20 }, null];
    const withSummaries = encodeKeys(keys.slice(0, 2).map((key, i) => ({ key, summary: summaries[i] })));
    expect(withSummaries.flatMap((chunk) => decodeKeys(chunk)).map((entry) => entry.summary)).toEqual(
      summaries,
    );
  });
});
