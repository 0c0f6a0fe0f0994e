import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSesServer, type SesServer } from '../../../functions/entry-points/local/ses-server.ts';

describe('SES server fault injection', () => {
  let ses: SesServer;
  const post = () =>
    fetch(`${ses.url}/v2/email/outbound-emails`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ FromEmailAddress: 'a@example.com' }),
    });

  beforeAll(async () => {
    ses = await startSesServer({ port: 0 });
  });
  afterAll(async () => {
    await ses.close();
  });

  it('answers the next API POST with an SES-style throttling error', async () => {
    // Prepare
    ses.failNext(429);

    // Act
    const response = await post();

    // Assess
    expect(response.status).toBe(429);
    expect(response.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException');
    expect(await response.json()).toEqual({
      __type: 'TooManyRequestsException',
      message: 'Too many requests',
    });
    expect(ses.pendingFailures()).toBe(0);
  });

  it('fails queued POSTs in order, then lets requests through to aws-ses-v2-local again', async () => {
    // Prepare
    ses.failNext(503, 2);
    ses.failNext(400, 1, { errorType: 'MessageRejected', message: 'Email address is not verified.' });

    // Act
    const statuses: number[] = [];
    const types: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await post();
      statuses.push(response.status);
      types.push(response.headers.get('x-amzn-errortype'));
    }

    // Assess: the last one reached the library, which wants a signed request.
    expect(statuses).toEqual([503, 503, 400, 403]);
    expect(types).toEqual(['ServiceUnavailable', 'ServiceUnavailable', 'MessageRejected', null]);
  });

  it('never fails the inbox page or GET /store', async () => {
    // Prepare
    ses.failNext(500, 1);

    // Act
    const inbox = await fetch(`${ses.url}/`);
    const store = await fetch(`${ses.url}/store`);
    const emails = await ses.emails();

    // Assess
    expect(inbox.status).toBe(200);
    expect(store.status).toBe(200);
    expect(Array.isArray(emails)).toBe(true);
    expect(ses.pendingFailures()).toBe(1);
    expect((await post()).status).toBe(500);
  });

  it('refuses statuses that are not errors', () => {
    expect(() => ses.failNext(200)).toThrow(RangeError);
    expect(() => ses.failNext(429, 0)).toThrow(RangeError);
  });
});
