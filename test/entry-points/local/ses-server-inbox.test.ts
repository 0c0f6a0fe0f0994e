import { SESv2Client } from '@aws-sdk/client-sesv2';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailSender } from '../../../functions/adapters/ses/email-sender.ts';
import {
  renderWeeklyEmail,
  type RenderedWeeklyEmail,
} from '../../../functions/render/render-weekly-email.ts';
import {
  startSesServer,
  type SesServer,
  type StoredEmail,
} from '../../../functions/entry-points/local/ses-server.ts';
import { sampleWeekly } from '../../render/email-fixtures.ts';
import { chromiumFound, launchChromium, SCREENSHOTS, warnIfNoChromium } from '../../support/chromium.ts';

warnIfNoChromium('local inbox image test');

// The tsconfig has no DOM library; the page-side code types the few browser objects it touches.
interface InboxImage {
  complete: boolean;
  naturalWidth: number;
  getAttribute(name: string): string | null;
}
interface InboxFrame {
  contentDocument: { querySelectorAll(selector: string): ArrayLike<InboxImage> } | null;
}

describe('local SES inbox: inline images', () => {
  let ses: SesServer;
  let client: SESv2Client;
  let weekly: RenderedWeeklyEmail;
  let stored: StoredEmail;

  beforeAll(async () => {
    ses = await startSesServer({ port: 0 });
    client = new SESv2Client({
      endpoint: ses.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    weekly = renderWeeklyEmail(sampleWeekly());
    const sender = createEmailSender({ client, from: 'churn-watch@example.com' });
    const sent = await sender.send({ to: ['manager.wang@example.com'], ...weekly });
    if (!sent.ok) throw new Error(`sending the weekly email failed: ${sent.message}`);
    const found = (await ses.emails()).find((email) => email.messageId === sent.messageId);
    if (!found) throw new Error('the weekly email is not in the store');
    stored = found;
  });
  afterAll(async () => {
    client?.destroy();
    await ses?.close();
  });

  it('keeps the email as sent, with its cid: references, for clients that read the store', () => {
    // Assess
    expect(stored.body.html).toBe(weekly.html);
    expect(stored.attachments.map((attachment) => attachment.contentId)).toEqual(
      weekly.images.map((image) => image.contentId),
    );
  });

  it('shows the inbox each chart at a URL of its own, serving the attached PNG', async () => {
    // Act
    const inbox = (await (await fetch(`${ses.url}/inbox/store`)).json()) as { emails: StoredEmail[] };
    const shown = inbox.emails.find((email) => email.messageId === stored.messageId);
    const html = shown?.body.html ?? '';
    const first = weekly.images[0];
    const url = `/inbox/attachments/${encodeURIComponent(stored.messageId)}/${encodeURIComponent(first?.contentId ?? '')}`;
    const image = await fetch(`${ses.url}${url}`);
    const missing = await fetch(`${ses.url}/inbox/attachments/${encodeURIComponent(stored.messageId)}/nope`);

    // Assess
    expect(html).not.toContain('cid:');
    expect(html).toContain(`src="${url}"`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(first?.png ?? Buffer.alloc(0))).toBe(true);
    expect(missing.status).toBe(404);
  });

  describe.skipIf(!chromiumFound)('in headless Chromium', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchChromium();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('loads every chart of the weekly email on the inbox page', async () => {
      // Prepare
      const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
      const frameId = `${stored.messageId}-html-iframe`;

      // Act: open the email's HTML view as a person would.
      await page.goto(`${ses.url}/`);
      const toggle = page
        .locator('.email', { hasText: weekly.subject })
        .getByRole('button', { name: 'Toggle HTML view' });
      await toggle.click();
      const frame = page.locator(`[id="${frameId}"]`);
      await frame.evaluate(
        (element: InboxFrame) =>
          new Promise<void>((resolve) => {
            const images = Array.from(element.contentDocument?.querySelectorAll('img') ?? []);
            const check = () => (images.every((image) => image.complete) ? resolve() : setTimeout(check, 50));
            check();
          }),
      );
      const images = await frame.evaluate((element: InboxFrame) =>
        Array.from(element.contentDocument?.querySelectorAll('img') ?? []).map((image) => ({
          src: image.getAttribute('src'),
          naturalWidth: image.naturalWidth,
        })),
      );
      await page.screenshot({ path: join(SCREENSHOTS, 'local-inbox-weekly.png'), fullPage: true });
      await page.close();

      // Assess
      expect(images).toHaveLength(weekly.images.length);
      for (const image of images) expect(image.naturalWidth, String(image.src)).toBe(1104);
    });
  });
});
