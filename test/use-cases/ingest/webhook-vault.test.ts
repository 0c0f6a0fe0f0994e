import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type PutSecretValueCommandInput,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scanItems } from '../../../functions/adapters/dynamodb/scan.ts';
import { TABLE_KINDS, type TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { WEBHOOK_LEASE_KEY } from '../../../functions/adapters/secrets/webhook-vault.ts';
import {
  WEBHOOK_IN_VAULT,
  WEBHOOK_LOCATION_ATTRIBUTE,
  WECOM_SECRET_ENV,
  type WebhookVault,
  WebhookVaultBusyError,
} from '../../../functions/adapters/secrets/webhook-vault.ts';
import { repSchema } from '../../../functions/core/records.ts';
import { dynamoCycleStores } from '../../../functions/adapters/dynamodb/cycle-stores.ts';
import { readReps } from '../../../functions/use-cases/cycle/cycle-deps.ts';
import { ingest } from '../../../functions/use-cases/ingest/ingest.ts';
import type { IngestDeps } from '../../../functions/use-cases/ingest/ingest-deps.ts';
import { createIngestHandler } from '../../../functions/use-cases/ingest/ingest-http.ts';
import { fixture, runCli } from '../../entry-points/cli/run-cli.ts';
import { memoryWebhookVault } from '../../support/memory-webhook-vault.ts';
import { type LocalDynamo, startLocalDynamo } from './dynalite.ts';
import { dynamoIngestStore } from '../../../functions/adapters/dynamodb/ingest-store.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

const url = (key: string) => `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`;

const deps = (tables: TableNames, webhookVault?: WebhookVault): IngestDeps => ({
  store: dynamoIngestStore(dynamo.doc, tables),
  timeZone: 'Asia/Shanghai',
  retentionDays: 400,
  locale: 'en',
  webhookVault,
});

const reps = (r01Webhook: string) => [
  { repId: 'R01', name: '郑浩', channel: 'wecom', wecomWebhook: r01Webhook, email: 'r01@example.com' },
  { repId: 'R02', name: '李娜', channel: 'email', email: 'r02@example.com' },
];

async function storedReps(tables: TableNames): Promise<Map<string, Record<string, unknown>>> {
  const items = new Map<string, Record<string, unknown>>();
  for await (const item of scanItems(dynamo.doc, tables.reps)) items.set(String(item.repId), item);
  return items;
}

/** Every attribute of every item of every table, as text. */
async function everythingStored(tables: TableNames): Promise<string> {
  const items: unknown[] = [];
  for (const kind of TABLE_KINDS)
    for await (const item of scanItems(dynamo.doc, tables[kind])) items.push(item);
  return JSON.stringify(items);
}

describe('ingest of reps with a webhook vault', () => {
  it('moves the webhook into the vault and stores a marker the notifier can read, with no trace of the key', async () => {
    // Prepare
    const tables = await dynamo.freshTables();
    const vault = memoryWebhookVault();

    // Act
    const result = await ingest('reps', reps(url('SECRET-R01')), deps(tables, vault));

    // Assess
    expect(result).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(vault.entries).toEqual(new Map([['R01', url('SECRET-R01')]]));
    expect(await everythingStored(tables)).not.toContain('SECRET-R01');
    const stored = await storedReps(tables);
    expect(stored.get('R01')).toMatchObject({ repId: 'R01', [WEBHOOK_LOCATION_ATTRIBUTE]: WEBHOOK_IN_VAULT });
    expect(stored.get('R01')).not.toHaveProperty('wecomWebhook');
    expect(stored.get('R02')).not.toHaveProperty(WEBHOOK_LOCATION_ATTRIBUTE);
    // The item as stored is still a valid rep; the notifier gets the URL back from the vault
    expect(repSchema.safeParse(stored.get('R01')).success).toBe(true);
    const { reps: read, unreadable } = await readReps(dynamoCycleStores(dynamo.doc, tables).reps, vault);
    expect(unreadable).toEqual([]);
    expect(read.get('R01')?.wecomWebhook).toBe(url('SECRET-R01'));
    expect(read.get('R02')?.wecomWebhook).toBeUndefined();
  });

  it('writes nothing, to the table or the vault, when the same reps come again', async () => {
    // Prepare
    const tables = await dynamo.freshTables();
    const vault = memoryWebhookVault();
    await ingest('reps', reps(url('SECRET-R01')), deps(tables, vault));
    const before = await storedReps(tables);

    // Act
    const again = await ingest('reps', reps(url('SECRET-R01')), deps(tables, vault));

    // Assess
    expect(again).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect(vault.counts.writes).toBe(1);
    expect(await storedReps(tables)).toEqual(before);
  });

  it('counts a new robot alone as a change, made in the vault only', async () => {
    const tables = await dynamo.freshTables();
    const vault = memoryWebhookVault();
    await ingest('reps', reps(url('SECRET-OLD')), deps(tables, vault));
    const before = await storedReps(tables);

    const moved = await ingest('reps', reps(url('SECRET-NEW')), deps(tables, vault));

    expect(moved).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect(vault.entries.get('R01')).toBe(url('SECRET-NEW'));
    expect(await storedReps(tables)).toEqual(before);
  });

  it('removes the vault entry and the marker when a rep comes again without a webhook', async () => {
    // Prepare
    const tables = await dynamo.freshTables();
    const vault = memoryWebhookVault();
    await ingest('reps', reps(url('SECRET-R01')), deps(tables, vault));

    // Act
    const cleared = await ingest('reps', reps(''), deps(tables, vault));

    // Assess
    expect(cleared).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect(vault.entries.size).toBe(0);
    expect((await storedReps(tables)).get('R01')).not.toHaveProperty(WEBHOOK_LOCATION_ATTRIBUTE);
    expect(
      (await readReps(dynamoCycleStores(dynamo.doc, tables).reps, vault)).reps.get('R01')?.wecomWebhook,
    ).toBeUndefined();
  });

  it('refuses a bad URL as before, naming the record and field, and keeps it out of the vault', async () => {
    const tables = await dynamo.freshTables();
    const vault = memoryWebhookVault();

    const result = await ingest(
      'reps',
      [{ repId: 'R01', wecomWebhook: 'qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-R01' }],
      deps(tables, vault),
    );

    expect(result).toEqual({
      accepted: 0,
      duplicates: 0,
      rejected: [{ index: 0, errors: [{ path: 'wecomWebhook', message: 'must be an http(s) URL' }] }],
    });
    expect(vault.entries.size).toBe(0);
    expect(vault.counts.reads).toBe(0);
  });

  it('refuses, without the vault, a rep whose robot is in it, rather than put the URL back in the table', async () => {
    // Prepare
    const tables = await dynamo.freshTables();
    const vault = memoryWebhookVault();
    await ingest('reps', reps(url('SECRET-R01')), deps(tables, vault));
    const before = await storedReps(tables);

    // Act
    const result = await ingest('reps', reps(url('SECRET-R01-NEW')), deps(tables));

    // Assess
    expect(result.rejected).toEqual([
      { index: 0, errors: [{ path: 'wecomWebhook', message: expect.stringContaining(WECOM_SECRET_ENV) }] },
    ]);
    expect(await storedReps(tables)).toEqual(before);
    expect(await everythingStored(tables)).not.toContain('SECRET-R01');
  });

  it('answers 503 through the API while another request holds the vault, so the ERP sends again', async () => {
    const tables = await dynamo.freshTables();
    const busy: WebhookVault = {
      read: async () => new Map(),
      put: async () => {
        throw new WebhookVaultBusyError();
      },
    };
    const handler = createIngestHandler((locale) => ({ ...deps(tables, busy), locale }));

    const response = await handler({
      httpMethod: 'POST',
      pathParameters: { kind: 'reps' },
      headers: { 'Accept-Language': 'zh-CN', 'Content-Type': 'application/json' },
      body: JSON.stringify({ records: reps(url('SECRET-R01')) }),
    });

    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body).message).toContain('请稍后重新发送');
    expect(response.body).not.toContain('SECRET-R01');
  });
});

describe('churn-watch import reps with CHURN_WATCH_WECOM_SECRET', () => {
  const secrets = mockClient(SecretsManagerClient);
  const SECRET_ID = 'churn-watch/test/wecom-webhooks';
  const SAVED_ENV = ['AWS_ENDPOINT_URL_DYNAMODB', 'CHURN_WATCH_TABLE_PREFIX', WECOM_SECRET_ENV] as const;
  afterEach(() => {
    secrets.reset();
    for (const name of SAVED_ENV) delete process.env[name];
  });

  it('puts the robots in Secrets Manager, under the lease, and a second import writes nothing', async () => {
    // Prepare: a secret that starts empty and keeps what is written to it
    const tables = await dynamo.freshTables();
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
    process.env.CHURN_WATCH_TABLE_PREFIX = tables.reps.slice(0, -'reps'.length);
    process.env[WECOM_SECRET_ENV] = SECRET_ID;
    let value = '{}';
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ID }).callsFake(() => ({ SecretString: value }));
    secrets
      .on(PutSecretValueCommand, { SecretId: SECRET_ID })
      .callsFake((input: PutSecretValueCommandInput) => {
        value = input.SecretString ?? '';
        return {};
      });
    const file = fixture('sample-small/reps.csv');

    // Act
    const first = await runCli('import', 'reps', file, '--lang', 'en');
    const second = await runCli('import', 'reps', file, '--lang', 'en');

    // Assess
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('4 stored');
    expect(JSON.parse(value)).toEqual({ R02: 'http://127.0.0.1:8790/cgi-bin/webhook/send?key=demo-r02' });
    expect(await everythingStored(tables)).not.toContain('demo-r02');
    const lease = await dynamo.doc.send(new GetCommand({ TableName: tables.config, Key: WEBHOOK_LEASE_KEY }));
    expect(lease.Item).toBeUndefined();
    expect(second.stdout).toContain('0 stored, 4 duplicates');
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(1);
    expect(`${first.stdout}${first.stderr}${second.stdout}${second.stderr}`).not.toContain('demo-r02');
  });
});
