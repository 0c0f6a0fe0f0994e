// `npx tsx test/bench/ingest-probe.ts`: a bounded load probe of the local ingest API. Not a vitest test (it
// runs for up to 30 s on a shared machine); it prints its figures and exits 1 when a check fails.
//
// It starts dynalite and the local ingest API in this process on 127.0.0.1 (the same server and handler
// `npm start` runs), then 50 clients post 100-record order batches over 500 shared customers until 30 s
// or 2,000 batches have passed. A fifth of the batches are copies of another client's batch sent at the
// same time (they must count as duplicates, not be stored twice), and one in twenty re-sends another
// client's order ids for other customers (each order must end in one profile, the orders table's). A
// client that gets 503 sends the same batch again after Retry-After, as an ERP should. At the end it reads
// both tables and checks:
//   - no 5xx answers at all (a 503 fails the check too, though its batch is retried so the data checks
//     still hold),
//   - every acknowledged record is stored (records lost: 0),
//   - each stored order is counted exactly once, in the profile of the customer the orders table names,
//     so per customer the profile's order count and sum equal the orders table's,
//   - `accepted` summed over all answers equals the orders stored: copies count as duplicates, and only an
//     order moved between customers may count once more per send that changed it (a 503's retry counts
//     what the 503 attempt stored as duplicates, so with 503 answers it may also be less).
// Settings: PROBE_SECONDS (default 30, at most 30), PROBE_BATCHES (default 2000), PROBE_CLIENTS (50).
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { profileFromItem } from '../../functions/adapters/dynamodb/profile-item.ts';
import { configuredRetention, dynamoIngestStore } from '../../functions/adapters/dynamodb/ingest-store.ts';
import { createIngestHandler } from '../../functions/use-cases/ingest/ingest-http.ts';
import { dayOfInstant, formatDay } from '../../functions/core/days.ts';
import { startIngestApiServer } from '../../functions/entry-points/local/ingest-api-server.ts';
import { startLocalDynamo } from '../use-cases/ingest/dynalite.ts';

const SECONDS = Math.min(30, Number(process.env.PROBE_SECONDS ?? 30));
const MAX_BATCHES = Number(process.env.PROBE_BATCHES ?? 2000);
const CLIENTS = Number(process.env.PROBE_CLIENTS ?? 50);
const RECORDS_PER_BATCH = 100;
const CUSTOMERS = 500;
const TIME_ZONE = 'Asia/Shanghai';

interface Order {
  orderId: string;
  customerId: string;
  orderDate: string;
  amount: string;
}

const dynamo = await startLocalDynamo();
const tables = await dynamo.freshTables();
const apiKey = randomBytes(18).toString('base64url');
const serverErrors: string[] = [];
const server = await startIngestApiServer({
  port: 0,
  host: '127.0.0.1',
  apiKey,
  handler: createIngestHandler((locale) => ({
    store: dynamoIngestStore(dynamo.doc, tables),
    timeZone: TIME_ZONE,
    retentionDays: configuredRetention(dynamo.doc, tables.config),
    locale,
    today: dayOfInstant(Date.now(), TIME_ZONE),
  })),
  onError: (error) => serverErrors.push((error as Error)?.message ?? String(error)),
});

const today = dayOfInstant(Date.now(), TIME_ZONE);
const random = (n: number) => Math.floor(Math.random() * n);
const batchOf = (client: number, n: number): Order[] =>
  Array.from({ length: RECORDS_PER_BATCH }, (_, i) => ({
    orderId: `P${client}-${n}-${i}`,
    customerId: `C${String(random(CUSTOMERS)).padStart(3, '0')}`,
    orderDate: formatDay(today - random(300)),
    amount: `${1 + random(5000)}.${String(random(100)).padStart(2, '0')}`,
  }));

const statuses = new Map<number, number>();
const latencies: number[] = [];
const acknowledged = new Map<string, Order>();
let accepted = 0;
let duplicates = 0;
let batches = 0;
let retries = 0;
let recordsSent = 0;
let movedRecords = 0;
/** How often each original batch was sent as it was and moved to other customers. */
const sends = new Map<Order[], { same: number; moved: number }>();
const toNextCustomer = (order: Order): Order => ({
  ...order,
  customerId: `C${String((Number(order.customerId.slice(1)) + 1) % CUSTOMERS).padStart(3, '0')}`,
});
const recent: Order[][] = [];

async function send(batch: Order[]): Promise<void> {
  for (;;) {
    const started = performance.now();
    const response = await fetch(`${server.url}/v1/orders`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ records: batch }),
    });
    const body = (await response.json()) as { accepted?: number; duplicates?: number; rejected?: unknown[] };
    latencies.push(performance.now() - started);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    recordsSent += batch.length;
    if (response.status === 503) {
      retries++;
      const wait = Number(response.headers.get('retry-after') ?? 1);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      continue;
    }
    if (response.status === 200 && body.rejected?.length === 0) {
      accepted += body.accepted ?? 0;
      duplicates += body.duplicates ?? 0;
      for (const order of batch) acknowledged.set(order.orderId, order);
    }
    return;
  }
}

const started = Date.now();
const deadline = started + SECONDS * 1000;
await Promise.all(
  Array.from({ length: CLIENTS }, async (_, client) => {
    for (let n = 0; Date.now() < deadline && batches < MAX_BATCHES; n++) {
      batches++;
      // A fifth of the time, another client's latest batch again, at once: concurrent copies. One time in
      // twenty, its orders again for other customers: the same order ids moved while they may be in flight.
      const pick = Math.random();
      const other = recent.length > 0 ? recent[random(recent.length)] : undefined;
      const copy = other && pick < 0.2 ? other : undefined;
      const moved = other && pick >= 0.2 && pick < 0.25 ? other.map(toNextCustomer) : undefined;
      const batch = copy ?? moved ?? batchOf(client, n);
      const original = other && (copy || moved) ? other : batch;
      if (!copy && !moved) recent[client % 20] = batch;
      if (moved) movedRecords += moved.length;
      const counts = sends.get(original) ?? { same: 0, moved: 0 };
      if (moved) counts.moved++;
      else counts.same++;
      sends.set(original, counts);
      await send(batch);
    }
  }),
);
const elapsed = (Date.now() - started) / 1000;

// Read back both tables.
const scanAll = async (table: string) => {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
};
const stored = await scanAll(tables.orders);
const profiles = (await scanAll(tables.profiles)).map(profileFromItem);

const storedById = new Map(stored.map((item) => [String(item.orderId), item]));
const lost = [...acknowledged.keys()].filter((orderId) => !storedById.has(orderId));
const perCustomer = new Map<string, { orders: number; sum: number }>();
for (const item of stored) {
  const entry = perCustomer.get(String(item.customerId)) ?? { orders: 0, sum: 0 };
  entry.orders++;
  entry.sum += Number(item.net);
  perCustomer.set(String(item.customerId), entry);
}
const inProfiles = new Map<string, number>();
let profileMismatches = 0;
let misplaced = 0;
for (const profile of profiles) {
  const entry = perCustomer.get(profile.customerId) ?? { orders: 0, sum: 0 };
  const sum = profile.orders.nets.reduce((a, b) => a + b, 0);
  if (entry.orders !== profile.orders.ids.length || entry.sum !== sum) profileMismatches++;
  for (const orderId of profile.orders.ids) {
    inProfiles.set(orderId, (inProfiles.get(orderId) ?? 0) + 1);
    if (storedById.get(orderId)?.customerId !== profile.customerId) misplaced++;
  }
}
const customersWithoutProfile = [...perCustomer.keys()].filter(
  (customerId) => !profiles.some((profile) => profile.customerId === customerId),
).length;
const notOnce = stored.filter((item) => inProfiles.get(String(item.orderId)) !== 1).length;
const fiveHundreds = [...statuses].filter(([status]) => status >= 500);
const sorted = [...latencies].sort((a, b) => a - b);
const quantile = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))] ?? 0);

let rewritable = 0;
for (const [batch, { same, moved }] of sends) if (moved > 0) rewritable += (same + moved - 1) * batch.length;

const checks = {
  '5xx answers: 0': fiveHundreds.length === 0,
  'records lost: 0': lost.length === 0,
  'every stored order in exactly one profile, its customer’s': notOnce === 0 && misplaced === 0,
  'profile order counts and sums equal the orders table':
    profileMismatches === 0 && customersWithoutProfile === 0,
  // A batch answered 503 stored part of its orders; its retry counts those as duplicates.
  // Each order of a batch never moved is accepted once however many copies went; one moved back and forth
  // is accepted at most once per send that changed it.
  'accepted summed over answers equals orders stored (moves aside)':
    (retries > 0 || accepted >= stored.length) && accepted <= stored.length + rewritable,
};
console.log(
  [
    `ingest probe: ${CLIENTS} clients, ${RECORDS_PER_BATCH}-record batches, ${CUSTOMERS} shared customers, on ${server.url}`,
    `  ran ${elapsed.toFixed(1)} s (bound ${SECONDS} s / ${MAX_BATCHES} batches): ${batches} batches, ${latencies.length} requests (${retries} retried after 503), ${recordsSent.toLocaleString('en')} records sent (${movedRecords.toLocaleString('en')} of them order ids re-sent for another customer)`,
    `  answers: ${[...statuses].map(([status, count]) => `${status}×${count}`).join(', ')}; latency p50 ${quantile(0.5)} ms, p95 ${quantile(0.95)} ms, max ${quantile(1)} ms`,
    `  accepted ${accepted.toLocaleString('en')}, duplicates ${duplicates.toLocaleString('en')}; orders stored ${stored.length.toLocaleString('en')}, distinct acknowledged ${acknowledged.size.toLocaleString('en')}; records lost ${lost.length}; moved orders may add up to ${rewritable.toLocaleString('en')} to accepted`,
    `  profiles ${profiles.length} (customers with orders ${perCustomer.size}); orders not in exactly one profile ${notOnce}, in the wrong profile ${misplaced}; profiles whose count or sum differ ${profileMismatches}`,
    `  errors logged by the server: ${serverErrors.length}${serverErrors.length ? ` (first: ${serverErrors[0]})` : ''}`,
    `  load average (1/5/15 min): ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
    ...Object.entries(checks).map(([name, ok]) => `  ${ok ? 'ok  ' : 'FAIL'} ${name}`),
  ].join('\n'),
);
await server.close();
await dynamo.close();
process.exitCode = Object.values(checks).every(Boolean) ? 0 : 1;
