import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { createIngestHandler } from '../../../functions/use-cases/ingest/ingest-http.ts';
import { type LocalDynamo, startLocalDynamo } from './dynalite.ts';
import { dynamoIngestStore } from '../../../functions/adapters/dynamodb/ingest-store.ts';

let dynamo: LocalDynamo;
let tables: TableNames;
let handler: ReturnType<typeof createIngestHandler>;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  tables = await dynamo.freshTables();
  handler = createIngestHandler((locale) => ({
    store: dynamoIngestStore(dynamo.doc, tables),
    timeZone: 'Asia/Shanghai',
    retentionDays: 400,
    locale,
  }));
});
afterAll(async () => {
  await dynamo.close();
});

const post = (kind: string, body: unknown, headers: Record<string, string> = {}) =>
  handler({
    httpMethod: 'POST',
    pathParameters: { kind },
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /v1/{kind}', () => {
  it('answers 200 with counts when every record is good, and counts a retry as duplicates', async () => {
    const body = { records: [{ orderId: 'A1', customerId: 'C1', orderDate: '2026-11-01', amount: 10 }] };
    const first = await post('orders', body);
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(JSON.parse((await post('orders', body)).body)).toEqual({
      accepted: 0,
      duplicates: 1,
      rejected: [],
    });
  });

  it('answers 207 naming the rejected records and fields, in Chinese on request', async () => {
    const response = await post(
      'orders',
      {
        records: [
          { orderId: 'B1', customerId: 'C1', orderDate: '2026-11-02', amount: 10 },
          { orderId: 'B2', orderDate: '2026-11-02', amount: 10 },
        ],
      },
      { 'Accept-Language': 'zh-CN,zh;q=0.9' },
    );
    expect(response.statusCode).toBe(207);
    expect(JSON.parse(response.body)).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [{ index: 1, errors: [{ path: 'customerId', message: '不能为空' }] }],
    });
  });

  it('answers 400 for a body that is not {records: [...]}, 413 over 1,000 records, 404 and 405 otherwise', async () => {
    expect((await post('orders', 'not json')).statusCode).toBe(400);
    expect((await post('orders', { rows: [] })).statusCode).toBe(400);
    const tooMany = { records: Array.from({ length: 1001 }, () => ({})) };
    expect((await post('orders', tooMany)).statusCode).toBe(413);
    expect((await post('invoices', { records: [] })).statusCode).toBe(404);
    expect((await handler({ httpMethod: 'GET', pathParameters: { kind: 'orders' } })).statusCode).toBe(405);
  });

  it('answers 415 for a body not sent as JSON, whatever the case of the header and its charset', async () => {
    const body = { records: [{ orderId: 'J1', customerId: 'C1', orderDate: '2026-11-01', amount: 10 }] };
    const form = await post('orders', body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(415);
    expect(JSON.parse(form.body).message).toContain('content-type: application/json');
    expect((await post('orders', body, { 'content-type': 'text/plain' })).statusCode).toBe(415);
    const none = await handler({ httpMethod: 'POST', pathParameters: { kind: 'orders' }, body: '{}' });
    expect(none.statusCode).toBe(415);
    const mixedCase = await handler({
      httpMethod: 'POST',
      pathParameters: { kind: 'orders' },
      headers: { 'Content-Type': 'Application/JSON; charset=UTF-8' },
      body: JSON.stringify(body),
    });
    expect(mixedCase.statusCode).toBe(200);
  });
});
