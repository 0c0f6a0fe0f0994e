import { createServer } from 'node:net';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortInUseError } from '../../../functions/entry-points/local/errors.ts';
import { startSesServer, type SesServer } from '../../../functions/entry-points/local/ses-server.ts';

interface StoredEmail {
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
}

describe('SES server (aws-ses-v2-local in process)', () => {
  let ses: SesServer;
  let client: SESv2Client;

  beforeAll(async () => {
    ses = await startSesServer({ port: 0 });
    client = new SESv2Client({
      endpoint: ses.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await ses.close();
  });

  it('listens on 127.0.0.1 only', () => {
    expect(ses.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('keeps an email sent with the real SDK, visible in GET /store and on the inbox page', async () => {
    // Act
    const sent = await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'churn-watch@example.com',
        Destination: { ToAddresses: ['rep.zhang@example.com'] },
        Content: {
          Simple: {
            Subject: { Data: '今日流失预警：3 位客户', Charset: 'UTF-8' },
            Body: { Text: { Data: '张三，您好：以下客户需要跟进。', Charset: 'UTF-8' } },
          },
        },
      }),
    );
    const store = (await (await fetch(`${ses.url}/store`)).json()) as { emails: StoredEmail[] };
    const inbox = await fetch(`${ses.url}/`);

    // Assess
    expect(sent.MessageId).toBeTruthy();
    const email = store.emails.find((e) => e.subject === '今日流失预警：3 位客户');
    expect(email?.destination.to).toEqual(['rep.zhang@example.com']);
    expect(email?.body.text).toContain('以下客户需要跟进');
    expect(inbox.status).toBe(200);
    expect(inbox.headers.get('content-type')).toContain('text/html');
  });

  it('reports a busy port instead of resolving without a server', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      await expect(startSesServer({ port })).rejects.toThrow(PortInUseError);
      await expect(startSesServer({ port })).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
