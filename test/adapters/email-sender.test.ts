import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifySesError,
  createEmailSender,
  createSesClient,
  type EmailMessage,
  type EmailSenderOptions,
} from '../../functions/adapters/ses/email-sender.ts';
import { deliveryProblemSentence } from '../../functions/entry-points/cli/delivery-problem-text.ts';
import { barChartPng } from '../../functions/render/png-chart.ts';
import { startSesServer, type SesServer } from '../../functions/entry-points/local/ses-server.ts';

const FROM = 'churn-watch@example.com';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The SDK's own retries off: the sender under test does the retrying. */
const clientFor = (endpoint: string, maxAttempts = 1) =>
  new SESv2Client({ endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts });

let counter = 0;
/** A subject no other test uses, since every server in the process shares one store. */
const message = (overrides: Partial<EmailMessage> = {}): EmailMessage => ({
  to: ['rep.zhang@example.com'],
  subject: `晨报：3 位客户有流失风险（2026-11-20）#${++counter}`,
  html: '<p>张三，早上好。</p>',
  text: '张三，早上好。',
  ...overrides,
});

describe('SES email sender (against aws-ses-v2-local)', () => {
  let ses: SesServer;
  let client: SESv2Client;
  const sleeps: number[] = [];
  const sender = (options: Partial<EmailSenderOptions> = {}) =>
    createEmailSender({
      client,
      from: FROM,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...options,
    });
  const stored = async (subject: string) => (await ses.emails()).filter((email) => email.subject === subject);

  beforeAll(async () => {
    ses = await startSesServer({ port: 0 });
    client = clientFor(ses.url);
  });
  afterAll(async () => {
    client.destroy();
    await ses.close();
  });

  it('sends HTML, text and an inline chart, kept by SES with the Chinese subject', async () => {
    // Prepare
    sleeps.length = 0;
    const png = barChartPng({
      width: 200,
      height: 80,
      groups: [{ values: [3] }, { values: [5] }],
      colors: ['#1f5fa8'],
    });
    const email = message({
      html: '<p>本周风险客户</p><img src="cid:at-risk-by-tier@churn-watch" width="100" height="40" alt="图表">',
      images: [{ contentId: 'at-risk-by-tier@churn-watch', fileName: 'at-risk-by-tier.png', png }],
    });

    // Act
    const result = await sender().send(email);

    // Assess
    expect(result).toMatchObject({ ok: true, attempts: 1 });
    const [kept, ...more] = await stored(email.subject);
    expect(more).toHaveLength(0);
    expect(kept).toMatchObject({
      messageId: result.ok ? result.messageId : 'none',
      from: FROM,
      destination: { to: ['rep.zhang@example.com'] },
      body: { html: email.html, text: '张三，早上好。' },
    });
    expect(kept?.attachments).toHaveLength(1);
    expect(kept?.attachments[0]).toMatchObject({
      filename: 'at-risk-by-tier.png',
      contentType: 'image/png',
      contentDisposition: 'INLINE',
      contentId: 'at-risk-by-tier@churn-watch',
    });
    expect(Buffer.from(kept?.attachments[0]?.content ?? '', 'base64').equals(png)).toBe(true);
    expect(sleeps).toEqual([]);
  });

  it('backs off and retries when SES throttles, then sends the email once', async () => {
    // Prepare
    sleeps.length = 0;
    const email = message();
    ses.failNext(429, 2);

    // Act
    const result = await sender().send(email);

    // Assess
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(await stored(email.subject)).toHaveLength(1);
    expect(ses.pendingFailures()).toBe(0);
    // Equal jitter with random 0.5: three quarters of 500 ms, then of 1 s.
    expect(sleeps).toEqual([375, 750]);
  });

  it('gives up as retryable after maxAttempts when SES stays unavailable', async () => {
    // Prepare
    sleeps.length = 0;
    const email = message();
    ses.failNext(503, 3);

    // Act
    const result = await sender({ maxAttempts: 3 }).send(email);

    // Assess
    expect(result).toEqual({
      ok: false,
      kind: 'retryable',
      attempts: 3,
      message:
        'SES had a server error (ServiceUnavailable, HTTP 503): Service unavailable (gave up after 3 attempts)',
      problem: storedAs(
        'SES had a server error (ServiceUnavailable, HTTP 503): Service unavailable (gave up after 3 attempts)',
      ),
    });
    expect(sleeps).toHaveLength(2);
    expect(ses.pendingFailures()).toBe(0);
    expect(await stored(email.subject)).toHaveLength(0);
  });

  it('does not retry a message SES refuses', async () => {
    // Prepare
    sleeps.length = 0;
    const email = message();
    ses.failNext(400, 1, { errorType: 'MessageRejected', message: 'Email address is not verified.' });

    // Act
    const result = await sender().send(email);

    // Assess
    expect(result).toEqual({
      ok: false,
      kind: 'rejected',
      attempts: 1,
      message: 'SES refused the email (MessageRejected, HTTP 400): Email address is not verified.',
      // Stored on the delivery as SES's own words.
      problem: {
        code: 'email-refused',
        values: { text: 'SES refused the email (MessageRejected, HTTP 400): Email address is not verified.' },
      },
    });
    expect(sleeps).toEqual([]);
    expect(await stored(email.subject)).toHaveLength(0);
  });

  it('does not retry a plain 400 either', async () => {
    // Prepare
    sleeps.length = 0;
    const email = message();
    ses.failNext(400);

    // Act
    const result = await sender().send(email);

    // Assess
    expect(result).toMatchObject({ ok: false, kind: 'rejected', attempts: 1 });
    expect(sleeps).toEqual([]);
    expect(await stored(email.subject)).toHaveLength(0);
  });

  it('refuses more than 50 recipients, and none, without calling SES', async () => {
    // Prepare
    sleeps.length = 0;
    const many = message({ to: Array.from({ length: 51 }, (_, i) => `rep${i}@example.com`) });
    const fifty = message({ to: Array.from({ length: 50 }, (_, i) => `rep${i}@example.com`) });

    // Act
    const tooMany = await sender().send(many);
    const none = await sender().send(message({ to: [] }));
    const ok = await sender().send(fifty);

    // Assess
    expect(tooMany).toEqual({
      ok: false,
      kind: 'rejected',
      attempts: 0,
      message: 'Too many recipients: 51; SES takes at most 50 per message',
      problem: storedAs('Too many recipients: 51; SES takes at most 50 per message'),
    });
    expect(none).toMatchObject({ ok: false, kind: 'rejected', attempts: 0 });
    expect(await stored(many.subject)).toHaveLength(0);
    expect(ok).toMatchObject({ ok: true });
    expect((await stored(fifty.subject))[0]?.destination.to).toHaveLength(50);
  });

  it('retries when SES cannot be reached at all', async () => {
    // Prepare
    sleeps.length = 0;
    const port = await closedPort();
    const unreachable = clientFor(`http://127.0.0.1:${port}`);

    // Act
    const result = await sender({ client: unreachable, maxAttempts: 2 }).send(message());
    unreachable.destroy();

    // Assess
    expect(result).toEqual({
      ok: false,
      kind: 'retryable',
      attempts: 2,
      message: 'Could not reach SES (ECONNREFUSED) (gave up after 2 attempts)',
      problem: storedAs('Could not reach SES (ECONNREFUSED) (gave up after 2 attempts)'),
    });
    expect(sleeps).toHaveLength(1);
  });

  it('counts the retries of an SDK client that retries by itself against maxAttempts', async () => {
    // Prepare
    sleeps.length = 0;
    const retrying = clientFor(ses.url, 2);
    ses.failNext(500, 4);

    // Act
    const result = await sender({ client: retrying, maxAttempts: 3 }).send(message());
    retrying.destroy();

    // Assess: two SDK attempts, one backoff, two more; never a fifth request.
    expect(result).toMatchObject({ ok: false, kind: 'retryable', attempts: 4 });
    expect(sleeps).toHaveLength(1);
    expect(ses.pendingFailures()).toBe(0);
  });
});

describe('classifySesError', () => {
  it('keeps keys, signatures and URL passwords out of the message', () => {
    // Act
    const { kind, message } = classifySesError({
      name: 'MessageRejected',
      message:
        'Denied for AKIAABCDEFGHIJKLMNOP with Signature=deadbeef at https://user:hunter2@example.com/x\n',
      $metadata: { httpStatusCode: 400 },
    });

    // Assess
    expect(kind).toBe('rejected');
    expect(message).not.toMatch(/AKIAABCDEFGHIJKLMNOP|deadbeef|hunter2|\n/);
    expect(message).toContain('MessageRejected, HTTP 400');
  });

  it.each([
    ['TooManyRequestsException', 429, 'retryable'],
    ['Throttling', 400, 'retryable'],
    ['InternalFailure', 500, 'retryable'],
    ['MailFromDomainNotVerifiedException', 400, 'rejected'],
    ['AccountSuspendedException', 400, 'rejected'],
    ['SendingPausedException', 400, 'rejected'],
    ['Unknown', 403, 'rejected'],
  ] as const)('%s (HTTP %d) is %s', (name, status, kind) => {
    expect(classifySesError({ name, message: 'x', $metadata: { httpStatusCode: status } }).kind).toBe(kind);
  });

  it('calls a reset or a timeout after sending uncertain, a failed connect retryable, a programming error rejected', () => {
    expect(classifySesError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).kind).toBe(
      'uncertain',
    );
    expect(classifySesError(Object.assign(new Error('late'), { name: 'TimeoutError' })).kind).toBe(
      'uncertain',
    );
    const connectTimeout = Object.assign(
      new Error(
        '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 5000 ms.',
      ),
      { name: 'TimeoutError' },
    );
    expect(classifySesError(connectTimeout).kind).toBe('retryable');
    expect(classifySesError(Object.assign(new Error('x'), { code: 'ENOTFOUND' })).kind).toBe('retryable');
    expect(classifySesError(new TypeError('x is undefined')).kind).toBe('rejected');
  });

  it('sends once and reports uncertain when SES takes the request and answers too late', async () => {
    // Prepare: a server that reads the whole request, then never answers within the client's timeout.
    const sleeps: number[] = [];
    let requests = 0;
    const slow = createHttpServer((request, response) => {
      requests++;
      request.resume();
      request.on('end', () => setTimeout(() => response.end('{}'), 2_000).unref());
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const { port } = slow.address() as { port: number };
    const timingOut = createSesClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 200, throwOnRequestTimeout: true },
    });

    // Act
    const result = await createEmailSender({
      client: timingOut,
      from: FROM,
      maxAttempts: 5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    }).send(message());
    timingOut.destroy();
    slow.closeAllConnections();
    await new Promise<void>((resolve) => slow.close(() => resolve()));

    // Assess: one request, no retry, and the reason says why it is not resent.
    expect(result).toMatchObject({ ok: false, kind: 'uncertain', attempts: 1 });
    if (!result.ok) expect(result.message).toContain('may have been sent');
    // Stored as a code with the network error's, worded in English exactly as the log says it.
    if (!result.ok) {
      expect(result.problem).toMatchObject({ code: 'ses-no-answer' });
      expect(deliveryProblemSentence({ problems: [result.problem] })).toBe(result.message);
    }
    expect(requests).toBe(1);
    expect(sleeps).toHaveLength(0);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What SES (or the adapter) said, as the delivery record stores it: its own words. */
const storedAs = (text: string) => ({ code: 'email-refused', values: { text } });
