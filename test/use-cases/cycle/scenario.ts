import { SESv2Client } from '@aws-sdk/client-sesv2';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CURRENT_CONFIG_KEY } from '../../../functions/adapters/dynamodb/config-store.ts';
import { dynamoCycleStores } from '../../../functions/adapters/dynamodb/cycle-stores.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import type { WebhookVault } from '../../../functions/adapters/secrets/webhook-vault.ts';
import { createEmailSender } from '../../../functions/adapters/ses/email-sender.ts';
import { createWecomSender } from '../../../functions/adapters/wecom/wecom-client.ts';
import { formatDay } from '../../../functions/core/days.ts';
import { type CycleDeps, createCycleDeps } from '../../../functions/use-cases/cycle/cycle-deps.ts';
import { ingest } from '../../../functions/use-cases/ingest/ingest.ts';
import type { IngestDeps } from '../../../functions/use-cases/ingest/ingest-deps.ts';
import { dynamoIngestStore } from '../../../functions/adapters/dynamodb/ingest-store.ts';
import { day } from '../../core/helpers.ts';

/**
 * A small distributor for the daily-cycle tests, with known outcomes as of {@link AS_OF}:
 * - C01 (R01, the biggest buyer) ordered weekly, stopped 40 days ago, never visited;
 * - C02 and C03 (R02, WeCom) stopped about 40 days ago; 张记「特价」<b>&amp; has a hostile-looking name;
 * - C04 (R03, English) stopped about 40 days ago;
 * - C05…C20 order weekly until the as-of day.
 */
export const AS_OF = '2026-11-20';

export interface ScenarioServices {
  doc: DynamoDBDocumentClient;
  sesUrl: string;
  wecomWebhook: (key: string) => string;
}

export function ingestDeps(doc: DynamoDBDocumentClient, tables: TableNames): IngestDeps {
  // The robots are the local WeCom receiver's, on loopback, as `npm start` runs them.
  return {
    store: dynamoIngestStore(doc, tables),
    timeZone: 'Asia/Shanghai',
    retentionDays: 400,
    locale: 'zh-CN',
    allowLoopbackWebhooks: true,
  };
}

export async function seedScenario(
  services: ScenarioServices,
  tables: TableNames,
  /** R02's robot key: give each test its own, as the receiver keeps a rate-limit window per robot. */
  wecomKey: string,
  /** `webhookVault`: R02's robot goes there, as on AWS, instead of into the reps table. */
  options: { r02Email?: boolean; webhookVault?: WebhookVault } = {},
): Promise<void> {
  const deps = { ...ingestDeps(services.doc, tables), webhookVault: options.webhookVault };
  const reps = [
    { repId: 'R01', name: '李娜', role: 'rep', managerId: 'M01', channel: 'email', email: 'r01@example.com' },
    {
      repId: 'R02',
      name: '郑浩',
      role: 'rep',
      managerId: 'M01',
      channel: 'wecom',
      wecomWebhook: services.wecomWebhook(wecomKey),
      wecomUserid: 'zhenghao',
      ...(options.r02Email === false ? {} : { email: 'r02@example.com' }),
    },
    {
      repId: 'R03',
      name: 'Chen Jing',
      role: 'rep',
      managerId: 'M01',
      channel: 'email',
      email: 'r03@example.com',
      locale: 'en',
    },
    { repId: 'M01', name: '吴刚', role: 'manager', channel: 'email', email: 'm01@example.com' },
  ];
  const names: Record<string, string> = {
    C01: '大润发超市',
    C02: '张记「特价」<b>&amp;',
    C03: '好又多便利店',
    C04: 'Corner Shop',
  };
  const repOf = (n: number) => (n === 1 ? 'R01' : n <= 3 ? 'R02' : n === 4 ? 'R03' : `R0${(n % 3) + 1}`);
  const customers = Array.from({ length: 20 }, (_, i) => {
    const id = `C${String(i + 1).padStart(2, '0')}`;
    return { customerId: id, name: names[id] ?? `门店${i + 1}`, repId: repOf(i + 1) };
  });
  const end = day(AS_OF);
  const orders: Record<string, unknown>[] = [];
  for (let n = 1; n <= 20; n++) {
    const stopAt = n <= 4 ? end - 40 : end;
    const amount = n === 1 ? 5000 : 800 + n * 10;
    for (let d = end - 300; d <= stopAt; d += 7) {
      orders.push({
        orderId: `O${n}-${d}`,
        customerId: customers[n - 1]?.customerId,
        orderDate: formatDay(d),
        amount,
        repId: repOf(n),
      });
    }
  }
  await ingestAll(deps, { reps, customers, orders });
}

/** Ingests a distributor's records in API-sized batches; any rejected record fails the seeding. */
export async function ingestAll(
  deps: IngestDeps,
  records: { reps: readonly unknown[]; customers: readonly unknown[]; orders: readonly unknown[] },
): Promise<void> {
  for (const kind of ['reps', 'customers', 'orders'] as const) {
    const list = records[kind];
    for (let i = 0; i < list.length; i += 500) {
      const result = await ingest(kind, list.slice(i, i + 500), deps);
      if (result.rejected.length > 0) throw new Error(`seed ${kind}: ${JSON.stringify(result.rejected)}`);
    }
  }
}

/** Stores config overrides as the current config (what `config set` will do). */
export async function setConfig(
  doc: DynamoDBDocumentClient,
  tables: TableNames,
  overrides: Record<string, unknown>,
  version = 1,
): Promise<void> {
  await doc.send(
    new PutCommand({ TableName: tables.config, Item: { ...CURRENT_CONFIG_KEY, version, overrides } }),
  );
}

/** The cycle's dependencies against the embedded services, with a controllable clock and no real waiting. */
export function cycleDeps(
  services: ScenarioServices,
  tables: TableNames,
  clock: { now: number },
  overrides: Partial<Pick<CycleDeps, 'email' | 'wecom' | 'webhookVault'>> = {},
): CycleDeps {
  const sleep = async () => undefined;
  return createCycleDeps({
    stores: dynamoCycleStores(services.doc, tables),
    email:
      overrides.email !== undefined
        ? overrides.email
        : createEmailSender({
            client: new SESv2Client({
              endpoint: services.sesUrl,
              region: 'us-east-1',
              credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
              maxAttempts: 1,
            }),
            from: 'churn-watch@example.com',
            sleep,
          }),
    wecom: overrides.wecom ?? createWecomSender({ sleep, now: () => clock.now }),
    now: () => clock.now,
    totalSegments: 2,
    webhookVault: overrides.webhookVault,
  });
}
