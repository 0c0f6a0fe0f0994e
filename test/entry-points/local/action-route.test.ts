import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answersSince } from '../../../functions/adapters/dynamodb/answer-store.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { dynamoFollowUpStores } from '../../../functions/entry-points/follow-up-stores.ts';
import { handleActionRequest } from '../../../functions/use-cases/follow-up/action-http.ts';
import {
  actionUrl,
  type LinkAction,
  signAction,
} from '../../../functions/use-cases/follow-up/action-link.ts';
import {
  type IngestApiServer,
  startIngestApiServer,
} from '../../../functions/entry-points/local/ingest-api-server.ts';
import { chromiumFound, launchChromium, SCREENSHOTS, warnIfNoChromium } from '../../support/chromium.ts';
import { type LocalDynamo, startLocalDynamo } from '../../use-cases/ingest/dynalite.ts';

/**
 * The action links on the local API server (`npm start`), as a rep's phone reaches them: no API key, a
 * bound on requests in flight, an oversized body refused; and the pages in headless Chromium on a phone-sized
 * screen: a GET link records through its own auto-post, a reason is one tap.
 */

const KEY = 'local-action-key-0123456789abcdef';
const NOW = Date.parse('2026-12-01T01:00:00Z');

warnIfNoChromium('action page browser test');

let dynamo: LocalDynamo;
let tables: TableNames;
let server: IngestApiServer;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
}, 60_000);
afterAll(async () => {
  await dynamo?.close();
});
beforeEach(async () => {
  tables = await dynamo.freshTables();
  await dynamo.doc.send(
    new PutCommand({ TableName: tables.customers, Item: { customerId: 'C001', name: '张记便利店' } }),
  );
  server = await startIngestApiServer({
    port: 0,
    apiKey: 'ingest-key',
    handler: async () => ({ statusCode: 200, headers: {}, body: '{}' }),
    actions: {
      handler: (event) =>
        handleActionRequest(event, {
          ...dynamoFollowUpStores(dynamo.doc, tables),
          key: KEY,
          now: () => NOW,
          log: () => {},
        }),
    },
  });
  return () => server.close();
}, 60_000);

const link = (action: LinkAction): string =>
  actionUrl(
    server.url,
    signAction(KEY, {
      repId: 'R01',
      customerId: 'C001',
      episode: '2026-11-28',
      action,
      expires: NOW / 1000 + 86_400,
    }),
  );

const answers = () => answersSince(dynamo.doc, tables.followups, null);

describe('action links on the local API server', () => {
  it('serves them without the API key, which the ingest routes still need', async () => {
    // Act
    const page = await fetch(link('called'));
    const recorded = await fetch(link('called'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    const ingest = await fetch(`${server.url}/v1/orders`, { method: 'POST', body: '{}' });

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await recorded.text()).toContain('已记录：已电话联系 — 张记便利店');
    expect(ingest.status).toBe(401);
    expect(await answers()).toHaveLength(1);
  });

  it('refuses a body far over the limit without reading it all, recording nothing', async () => {
    // Act
    const response = await fetch(link('visited'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `reason=${'x'.repeat(200_000)}`,
    });

    // Assess
    expect(response.status).toBe(413);
    expect(await answers()).toEqual([]);
  });

  it('answers 429 past the requests it handles at once, and serves again once they are done', async () => {
    // Prepare: a handler held open until released
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = 0;
    const bounded = await startIngestApiServer({
      port: 0,
      apiKey: 'ingest-key',
      handler: async () => ({ statusCode: 200, headers: {}, body: '{}' }),
      actions: {
        maxInFlight: 2,
        handler: async () => {
          entered++;
          await held;
          return { statusCode: 200, headers: {}, body: 'ok' };
        },
      },
    });
    try {
      const inFlight = [fetch(`${bounded.url}/a/x`), fetch(`${bounded.url}/a/y`)];
      await expect.poll(() => entered, { timeout: 10_000 }).toBe(2);

      // Act
      const turnedAway = await fetch(`${bounded.url}/a/z`);
      release();
      const served = await Promise.all(inFlight);
      const after = await fetch(`${bounded.url}/a/z`);

      // Assess
      expect(turnedAway.status).toBe(429);
      expect(turnedAway.headers.get('retry-after')).toBe('1');
      expect(await turnedAway.text()).toContain('请求太多');
      expect(served.map((response) => response.status)).toEqual([200, 200]);
      expect(after.status).toBe(200);
    } finally {
      release();
      await bounded.close();
    }
  });
});

describe.skipIf(!chromiumFound)('the action pages in headless Chromium on a phone', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const phone = () =>
    browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });

  it('records a GET link through its own auto-post and says so, with nothing refused and no sideways scroll', async () => {
    // Prepare
    const context = await phone();
    const tab = await context.newPage();
    const refused: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') refused.push(message.text());
    });

    // Act
    await tab.goto(link('visited'));
    await tab.locator('h1.done').waitFor({ timeout: 30_000 });
    const heading = await tab.locator('h1').innerText();
    const scrollWidth = await tab
      .locator('html')
      .evaluate((element: { scrollWidth: number }) => element.scrollWidth);
    await tab.screenshot({ path: join(SCREENSHOTS, 'action-recorded.png'), fullPage: true });

    // Assess
    expect(heading).toBe('已记录：已上门拜访 — 张记便利店');
    expect(scrollWidth).toBeLessThanOrEqual(390);
    // The style block and the script ran under the page's nonce: no Content-Security-Policy refusal
    expect(refused).toEqual([]);
    expect(await answers()).toMatchObject([{ action: 'visited', customerId: 'C001' }]);
    await context.close();
  }, 90_000);

  it("closes a shop only on the rep's own tap: the page does not post itself, as a mail scanner would run it", async () => {
    // Prepare
    const context = await phone();
    const tab = await context.newPage();

    // Act: opened, and left alone for as long as an auto-post would need
    await tab.goto(link('closed'));
    const button = tab.getByRole('button', { name: '确认：客户已关店' });
    await button.waitFor({ timeout: 30_000 });
    await tab.waitForLoadState('networkidle');
    const beforeTap = await answers();
    const explained = await tab.locator('body').innerText();
    await button.tap();
    await tab.locator('h1.done').waitFor({ timeout: 30_000 });

    // Assess
    expect(beforeTap).toEqual([]);
    expect(explained).toContain('不再出现在每日名单中');
    expect(await tab.locator('h1').innerText()).toBe('已记录：客户已关店 — 张记便利店');
    expect(await answers()).toMatchObject([{ action: 'closed', customerId: 'C001' }]);
    await context.close();
  }, 90_000);

  it('records "not a real risk" with the reason tapped', async () => {
    // Prepare
    const context = await phone();
    const tab = await context.newPage();
    await tab.goto(link('not_real'));
    const button = tab.getByRole('button', { name: '季节性' });
    const box = await button.boundingBox();
    await tab.screenshot({ path: join(SCREENSHOTS, 'action-reasons.png'), fullPage: true });

    // Act
    await button.tap();
    await tab.locator('h1.done').waitFor({ timeout: 30_000 });

    // Assess: a button as wide as the screen allows and tall enough for a thumb
    expect(box?.width).toBeGreaterThan(300);
    expect(box?.height).toBeGreaterThanOrEqual(48);
    expect(await tab.locator('h1').innerText()).toBe('已记录：不是真的流失（季节性） — 张记便利店');
    expect(await answers()).toMatchObject([{ action: 'not_real', reason: 'seasonal' }]);
    await context.close();
  }, 90_000);
});
