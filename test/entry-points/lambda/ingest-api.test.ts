import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../../support/captured-output.ts';

/**
 * The ingest Lambda's entry point around the use case (functions/use-cases/ingest/ingest-http.ts, replaced here by a
 * stub answering as it would): one log line per request with counts, never the records, and the counts as
 * metrics. The environment is read at import (cold start), so each case imports afresh.
 */
const answer = vi.hoisted(() => ({ statusCode: 207, body: '' }));
vi.mock('../../../functions/use-cases/ingest/ingest-http.ts', () => ({
  createIngestHandler: () => async () => ({
    statusCode: answer.statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: answer.body,
  }),
}));

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.restoreAllMocks();
  vi.resetModules();
});

async function coldStart() {
  Object.assign(process.env, {
    CHURN_WATCH_TABLE_PREFIX: 'churn-watch-test-',
    CHURN_WATCH_STAGE: 'prod',
    AWS_REGION: 'cn-north-1',
  });
  return import('../../../functions/entry-points/lambda/ingest-api.ts');
}

const event = (body: string) => ({
  httpMethod: 'POST',
  path: '/v1/orders',
  pathParameters: { kind: 'orders' },
  headers: { 'content-type': 'application/json' },
  body,
});

describe('ingest Lambda handler', () => {
  it('logs each request with its counts and publishes them, without the records', async () => {
    // Prepare
    answer.statusCode = 207;
    answer.body = JSON.stringify({
      accepted: 2,
      duplicates: 1,
      rejected: [{ index: 3, errors: [{ path: 'amount', message: '金额不是数字' }] }],
    });
    const { handler } = await coldStart();
    const output = captureOutput();

    // Act
    const response = await handler(event('{"records":[{"customerId":"C-SECRET-SHOP"}]}'));
    vi.restoreAllMocks();

    // Assess
    expect(response.statusCode).toBe(207);
    const records = output.records();
    expect(records).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'ingest done',
        service: 'ingest',
        stage: 'prod',
        path: '/v1/orders',
        statusCode: 207,
        accepted: 2,
        duplicates: 1,
        rejected: 1,
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({ service: 'ingest', stage: 'prod', RecordsAccepted: 2, RecordsRejected: 1 }),
    );
    expect(output.text()).not.toContain('C-SECRET-SHOP');
    expect(output.text()).not.toContain('金额不是数字');
  });

  it('logs a refused request by its status only and publishes no counts', async () => {
    // Prepare
    answer.statusCode = 415;
    answer.body = JSON.stringify({ message: 'send the body as JSON' });
    const { handler } = await coldStart();
    const output = captureOutput();

    // Act
    const response = await handler(event('a,b,c'));
    vi.restoreAllMocks();

    // Assess
    expect(response.statusCode).toBe(415);
    const records = output.records();
    expect(records).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: 'ingest refused',
        statusCode: 415,
        path: '/v1/orders',
      }),
    ]);
  });
});
