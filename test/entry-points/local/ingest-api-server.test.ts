import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandler, type IngestApiEvent } from '../../../functions/use-cases/ingest/ingest-http.ts';
import {
  type IngestApiServer,
  localApiKey,
  startIngestApiServer,
} from '../../../functions/entry-points/local/ingest-api-server.ts';

let server: IngestApiServer;
const seen: IngestApiEvent[] = [];

beforeAll(async () => {
  server = await startIngestApiServer({
    port: 0,
    apiKey: 'secret-key',
    handler: async (event) => {
      seen.push(event);
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"accepted":1,"duplicates":0,"rejected":[]}',
      };
    },
  });
});
afterAll(async () => {
  await server.close();
});

const post = (path: string, headers: Record<string, string>, body = '{"records":[]}') =>
  fetch(`${server.url}${path}`, { method: 'POST', headers, body });

describe('the local ingest API server', () => {
  it('answers 401 without a key and 403 with a wrong one, before the handler sees anything', async () => {
    expect((await post('/v1/orders', {})).status).toBe(401);
    expect((await post('/v1/orders', { 'x-api-key': 'wrong' })).status).toBe(403);
    expect(seen).toHaveLength(0);
  });

  it('hands an authenticated request to the handler as an API Gateway event', async () => {
    const response = await post(
      '/v1/orders',
      { 'x-api-key': 'secret-key', 'accept-language': 'zh-CN' },
      '{"records":[1]}',
    );
    expect(response.status).toBe(200);
    expect(seen[0]).toMatchObject({
      httpMethod: 'POST',
      pathParameters: { kind: 'orders' },
      body: '{"records":[1]}',
    });
    expect(seen[0]?.headers?.['accept-language']).toBe('zh-CN');
  });

  it('answers 404 for a path that is not a record kind, even a malformed one', async () => {
    expect((await post('/v1/%E0', { 'x-api-key': 'secret-key' })).status).toBe(404);
    expect((await post('/v2/orders', { 'x-api-key': 'secret-key' })).status).toBe(404);
  });

  it('refuses a body over 6 MB with 413', async () => {
    const big = 'x'.repeat(6 * 1024 * 1024 + 10);
    expect((await post('/v1/orders', { 'x-api-key': 'secret-key' }, big)).status).toBe(413);
  });

  it('keeps the key in the data folder across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'churn-watch-key-'));
    const key = localApiKey(join(dir, 'api-key'));
    expect(key).toMatch(/^[\w-]{32}$/);
    expect(localApiKey(join(dir, 'api-key'))).toBe(key);
    expect(readFileSync(join(dir, 'api-key'), 'utf8').trim()).toBe(key);
  });

  it('answers 415 from the shared handler for a body not sent as JSON, as the Lambda does', async () => {
    // Prepare: the handler the Lambda runs, stopped before it would need the store
    const real = await startIngestApiServer({
      port: 0,
      apiKey: 'secret-key',
      handler: createIngestHandler(() => {
        throw new Error('the store is not needed to refuse a form post');
      }),
    });
    try {
      // Act: a form post, and a string body without the header (fetch sends text/plain)
      const form = await fetch(`${real.url}/v1/orders`, {
        method: 'POST',
        headers: { 'x-api-key': 'secret-key', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'records=1',
      });
      const bare = await fetch(`${real.url}/v1/orders`, {
        method: 'POST',
        headers: { 'x-api-key': 'secret-key' },
        body: '{"records":[]}',
      });

      // Assess
      expect(form.status).toBe(415);
      expect(((await form.json()) as { message: string }).message).toContain('application/json');
      expect(bare.status).toBe(415);
    } finally {
      await real.close();
    }
  });
});
