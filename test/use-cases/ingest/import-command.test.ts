import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { profileFromItem } from '../../../functions/adapters/dynamodb/profile-item.ts';
import { tableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { DEFAULT_CONFIG } from '../../../functions/core/config.ts';
import { evaluateWithRiskModel } from '../../../functions/core/learned/scoring.ts';
import { fixture, runCli } from '../../entry-points/cli/run-cli.ts';
import { day } from '../../core/helpers.ts';
import { type LocalDynamo, startLocalDynamo } from './dynalite.ts';

// Each import stores thousands of sample orders through the exact ingest path (one conditional write per
// order): two of them took over 30 s on a loaded 2-core machine, so these tests get two minutes.
vi.setConfig({ testTimeout: 120_000 });

let dynamo: LocalDynamo;
const prefix = 'imp-';
const tables = tableNames(prefix);

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  process.env.CHURN_WATCH_TABLE_PREFIX = prefix;
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  delete process.env.CHURN_WATCH_TABLE_PREFIX;
  await dynamo.close();
});

async function storedProfiles() {
  const profiles = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.doc.send(
      new ScanCommand({ TableName: tables.profiles, ExclusiveStartKey: start }),
    );
    profiles.push(...(page.Items ?? []).map(profileFromItem));
    start = page.LastEvaluatedKey;
  } while (start);
  return profiles.sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
}

describe('churn-watch init, import and rebuild-profiles against dynalite', () => {
  it('creates the tables once', async () => {
    const first = await runCli('init', '--lang', 'en');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Created 9 tables');
    expect((await runCli('init', '--lang', 'en')).stdout).toContain('All tables exist');
  });

  it('imports the sample orders and changes nothing on a second import', async () => {
    const orders = fixture('sample-small/orders.csv');
    const first = await runCli('import', 'orders', orders, '--lang', 'en');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/19252 rows read; 6823 stored, 0 duplicates, 0 rows rejected/);
    expect(first.stderr).toContain('importing orders');
    const before = await storedProfiles();
    const second = await runCli('import', 'orders', orders, '--lang', 'en');
    expect(second.stdout).toMatch(/6823 duplicates/);
    expect(await storedProfiles()).toEqual(before);
    expect(before).toHaveLength(200);
  });

  it('imports the Chinese-header GBK export of the same orders as duplicates', async () => {
    const run = await runCli('import', 'orders', fixture('sample-small-zh/orders.csv'));
    expect(run.stdout).toContain('新增或更新 0 条，重复 6823 条');
    // The progress line names the kind in the admin's words.
    expect(run.stderr).toContain('导入订单（orders）');
  });

  it('imports visits and master data, and reports bad rows with file and line while storing the rest', async () => {
    expect((await runCli('import', 'visits', fixture('sample-small/visits.csv'))).code).toBe(0);
    expect((await runCli('import', 'customers', fixture('sample-small/customers.csv'))).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'churn-watch-import-'));
    const bad = join(dir, 'late.csv');
    writeFileSync(
      bad,
      'order_id,customer_id,order_date,amount\nL1,C90001,2026-11-19,50\nL2,C90001,2026-02-30,60\n',
    );
    const run = await runCli('import', 'orders', bad);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('新增或更新 1 条');
    expect(run.stdout).toContain('late.csv 第 3 行，列「order_date」');
  });

  it('rebuilds the same profiles the ingest kept up to date', async () => {
    const kept = await storedProfiles();
    const run = await runCli('rebuild-profiles', '--lang', 'en');
    expect(run.stdout).toContain('Rebuilt 201 customer profiles');
    expect(await storedProfiles()).toEqual(kept);
  });

  it('evaluates the stored profiles to the same answer as evaluate on the CSV', async () => {
    const profiles = await storedProfiles();
    const { result: stored } = evaluateWithRiskModel({
      profiles: profiles.filter((p) => p.customerId !== 'C90001'),
      asOf: day('2026-11-20'),
      config: DEFAULT_CONFIG,
    });
    const csv = await runCli(
      'evaluate',
      '--orders',
      fixture('sample-small/orders.csv'),
      '--visits',
      fixture('sample-small/visits.csv'),
      '--as-of',
      '2026-11-20',
      '--format',
      'json',
      '--all',
    );
    const fromCsv = JSON.parse(csv.stdout).customers as {
      customerId: string;
      risk: number;
      atRisk: boolean;
    }[];
    const pick = (c: { customerId: string; risk: number; atRisk: boolean }) => [
      c.customerId,
      c.risk,
      c.atRisk,
    ];
    expect(stored.customers.map(pick)).toEqual(fromCsv.map(pick));
  });
});
