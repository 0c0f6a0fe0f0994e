import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../../support/captured-output.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import type { ActionDeps, ActionHttpEvent } from '../../../functions/use-cases/follow-up/action-http.ts';

/**
 * The Lambda entry point of the action route: what it hands the use case (functions/use-cases/follow-up/action-http.ts,
 * replaced here by a recorder, so these checks are about the handler alone) and what it answers and logs when
 * the key or the use case fails. The environment is read at import (cold start), so each case imports afresh.
 */
const calls = vi.hoisted(() => ({
  seen: [] as { event: ActionHttpEvent; deps: ActionDeps }[],
  fail: undefined as Error | undefined,
  /** The tables the handler's stores were built on. */
  storeTables: [] as TableNames[],
}));
vi.mock('../../../functions/entry-points/follow-up-stores.ts', () => ({
  dynamoFollowUpStores: (_doc: unknown, tables: TableNames) => {
    calls.storeTables.push(tables);
    return { answers: {}, events: async () => ({ rejected: [] }), directory: {} };
  },
}));
vi.mock('../../../functions/use-cases/follow-up/action-http.ts', () => ({
  handleActionRequest: async (event: ActionHttpEvent, deps: ActionDeps) => {
    calls.seen.push({ event, deps });
    if (calls.fail) throw calls.fail;
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<p>已记录</p>',
    };
  },
}));

const KEY = 'Zq8v2LmN4pR7tW1xY3aB5cD6eF9gH0jK2lM4nP6qR8sT1uV3wX5yZ7aB9cD0eF2g';
const TOKEN = 'WyJSMDEiLCJDMDAxIiwiMjAyNi0xMS0yMCIsImNhbGxlZCIsMTc5NTAwMDAwMF0.c2lnbmF0dXJlc2lnbmF0dQ';
const saved = { ...process.env };
let dir: string;
let keyFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'action-api-'));
  keyFile = path.join(dir, 'action-key');
  await writeFile(keyFile, `${KEY}\n`, { mode: 0o600 });
});
afterEach(() => {
  process.env = { ...saved };
  calls.seen.length = 0;
  calls.storeTables.length = 0;
  calls.fail = undefined;
  vi.restoreAllMocks();
  vi.resetModules();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function coldStart(env: Record<string, string>) {
  Object.assign(process.env, {
    CHURN_WATCH_TABLE_PREFIX: 'churn-watch-test-',
    AWS_REGION: 'cn-north-1',
    ...env,
  });
  delete process.env.CHURN_WATCH_ACTION_KEY_SECRET;
  return import('../../../functions/entry-points/lambda/action-api.ts');
}

/** An API Gateway proxy event as API Gateway sends a tap: no body, headers given. */
const tap = (overrides: Record<string, unknown> = {}) => ({
  resource: '/a/{token}',
  path: `/a/${TOKEN}`,
  httpMethod: 'GET',
  headers: { 'accept-language': 'zh-CN,zh;q=0.9', 'user-agent': 'WeCom' },
  multiValueHeaders: {},
  pathParameters: { token: TOKEN },
  queryStringParameters: null,
  requestContext: { resourcePath: '/a/{token}', stage: 'test' },
  body: null,
  isBase64Encoded: false,
  ...overrides,
});

describe('the action route handler', () => {
  it('hands the use case the request and the key read from its file, with dependencies built once', async () => {
    // Prepare
    const { handler } = await coldStart({ CHURN_WATCH_ACTION_KEY_FILE: keyFile });

    // Act
    const first = await handler(tap());
    await handler(
      tap({
        httpMethod: 'POST',
        headers: null,
        body: 'reason=seasonal',
        isBase64Encoded: false,
      }),
    );

    // Assess
    expect(first.statusCode).toBe(200);
    expect(calls.seen.map((call) => call.event)).toEqual([
      {
        httpMethod: 'GET',
        path: `/a/${TOKEN}`,
        headers: { 'accept-language': 'zh-CN,zh;q=0.9', 'user-agent': 'WeCom' },
        body: null,
        isBase64Encoded: false,
      },
      // API Gateway's null headers arrive as none.
      {
        httpMethod: 'POST',
        path: `/a/${TOKEN}`,
        headers: {},
        body: 'reason=seasonal',
        isBase64Encoded: false,
      },
    ]);
    const [one, two] = calls.seen.map((call) => call.deps);
    expect(one?.key).toBe(KEY);
    expect(calls.storeTables.map((tables) => tables.followups)).toEqual(['churn-watch-test-followups']);
    expect(two).toBe(one);
  });

  it('answers 503 with a page in both languages when the key cannot be read, and logs the file, not the token', async () => {
    // Prepare
    const output = captureOutput();
    const missing = path.join(dir, 'no-such-key');
    const { handler } = await coldStart({ CHURN_WATCH_ACTION_KEY_FILE: missing });

    // Act
    const response = await handler(tap());

    // Assess
    expect(response).toMatchObject({
      statusCode: 503,
      headers: { 'retry-after': '60', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    });
    expect(response.body).toContain('暂时无法记录');
    expect(response.body).toContain('tap again shortly');
    expect(calls.seen).toEqual([]);
    const logged = output.text();
    expect(logged).toContain(missing);
    expect(logged).not.toContain(TOKEN);
    expect(output.records()).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'action signing key unavailable',
        service: 'actions',
      }),
    );
  });

  it('answers 500 with a plain page when the use case throws, and cuts the token out of the logged error', async () => {
    // Prepare
    const output = captureOutput();
    const { handler } = await coldStart({ CHURN_WATCH_ACTION_KEY_FILE: keyFile });
    calls.fail = new Error(`no alert for link ${TOKEN}`);

    // Act
    const response = await handler(tap());

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain(TOKEN);
    expect(response.body).not.toContain('no alert');
    const logged = output.text();
    expect(logged).toContain('no alert for link <token>');
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain(KEY);
  });

  it('refuses to start without a key source, naming the variable', async () => {
    await expect(coldStart({})).rejects.toThrow('CHURN_WATCH_ACTION_KEY_SECRET');
  });
});
