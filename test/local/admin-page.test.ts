import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumFound, launchChromium, SCREENSHOTS, warnIfNoChromium } from '../support/chromium.ts';
import { configHistory, loadConfig, saveConfig } from '../../functions/adapters/dynamodb/config-store.ts';
import { type AdminPage, startAdminPage } from '../../lib/local/admin-page.ts';
import { type LocalDynamo, startLocalDynamo } from '../ingest/dynalite.ts';

/**
 * The local admin page against dynalite: what it shows, a change saved as a new version, a refused value
 * that names the key and its range and saves nothing, and the same in headless Chromium on a phone.
 */

warnIfNoChromium('admin page browser test');

let dynamo: LocalDynamo;
let page: AdminPage;
let table: string;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
}, 60_000);
afterAll(async () => {
  await dynamo?.close();
});

beforeEach(async () => {
  table = (await dynamo.freshTables()).config;
  page = await startAdminPage({ port: 0, doc: dynamo.doc, table, defaultAdmin: 'tester' });
  return () => page.close();
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

/** The status of a GET sent with another Host header, as a DNS name rebound to 127.0.0.1 would send it. */
function statusWithHost(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', reject);
  });
}

describe('the local admin page over HTTP', () => {
  it('shows version 0, every setting with its default, and an empty history', async () => {
    // Act
    const response = await fetch(`${page.url}/`);
    const html = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('版本 0');
    expect(html).toContain('rules.inactive.days');
    expect(html).toContain('还没有保存过任何配置');
    expect(html).toContain('<form method="post" action="/set">');
  });

  it('serves English with ?lang=en', async () => {
    const html = await (await fetch(`${page.url}/?lang=en`)).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Current config: version 0');
    expect(html).toContain('action="/set?lang=en"');
  });

  it('saves a valid change as version 1, redirects with 303 and lists it in the history', async () => {
    // Act
    const response = await fetch(
      `${page.url}/set`,
      form({
        settings: 'rules.inactive.days=21\n\n# comment\nschedule.dailyTime=06:30',
        reason: '旺季前提前提醒',
        name: '王经理',
      }),
    );

    // Assess
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/?saved=1');
    const loaded = await loadConfig(dynamo.doc, table);
    expect(loaded.version).toBe(1);
    expect(loaded.config.rules.inactive.days).toBe(21);
    expect(loaded.config.schedule.dailyTime).toBe('06:30');
    const history = await configHistory(dynamo.doc, table);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ version: 1, changedBy: '王经理', reason: '旺季前提前提醒' });
    const html = await (await fetch(`${page.url}/?saved=1`)).text();
    expect(html).toContain('已保存为版本 1');
    expect(html).toContain('当前配置：版本 1，王经理');
    expect(html).toContain('rules.inactive.days: 30 → 21');
    expect(html).toMatch(/<tr class="changed" data-key="rules\.inactive\.days">/);
  });

  it('refuses an out-of-range value with 400, naming the key and range, keeping the text, saving nothing', async () => {
    // Act
    const response = await fetch(
      `${page.url}/set`,
      form({ settings: 'rules.inactive.days=0', reason: 'test', name: 'x' }),
    );
    const html = await response.text();

    // Assess
    expect(response.status).toBe(400);
    expect(html).toContain('未做任何修改');
    expect(html).toMatch(/rules\.inactive\.days[^<]*1–3650 的整数/);
    expect(html).toContain('>rules.inactive.days=0</textarea>');
    expect((await loadConfig(dynamo.doc, table)).version).toBe(0);
    expect(await configHistory(dynamo.doc, table)).toEqual([]);
  });

  it('refuses a line that is not KEY=VALUE and a missing reason, saving nothing', async () => {
    const response = await fetch(`${page.url}/set?lang=en`, form({ settings: 'rules.inactive.days' }));
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain('should be KEY=VALUE');
    expect(html).toContain('say why');
    expect((await loadConfig(dynamo.doc, table)).version).toBe(0);
  });

  it('answers 409 with nothing saved when another admin saves while this change is being made', async () => {
    // Prepare: the page's doc client lets another admin's save in just before the page's first write.
    let raced = false;
    const racingDoc = new Proxy(dynamo.doc, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: { constructor: { name: string } }) => {
          if (command.constructor.name === 'PutCommand' && !raced) {
            raced = true;
            await saveConfig(target, table, {
              overrides: { rules: { inactive: { days: 25 } } },
              changedBy: 'other admin',
              reason: 'first',
              expectedVersion: 0,
            });
          }
          return target.send(command as never);
        };
      },
    });
    const racing = await startAdminPage({ port: 0, doc: racingDoc, table, defaultAdmin: 'tester' });

    // Act
    const response = await fetch(
      `${racing.url}/set`,
      form({ settings: 'rules.inactive.days=21', reason: 'second' }),
    );
    const html = await response.text();
    await racing.close();

    // Assess
    expect(response.status).toBe(409);
    expect(html).toContain('其他人刚刚修改了配置（现在是版本 1）');
    expect(html).toContain('>rules.inactive.days=21</textarea>');
    const loaded = await loadConfig(dynamo.doc, table);
    expect(loaded).toMatchObject({ version: 1, config: { rules: { inactive: { days: 25 } } } });
  });

  it('escapes what people typed in the history and in the refused form', async () => {
    // Act
    await fetch(
      `${page.url}/set`,
      form({
        settings: 'rules.inactive.days=21',
        reason: '<script>alert(1)</script>',
        name: '"><img src=x onerror=alert(2)>',
      }),
    );
    const html = await (await fetch(`${page.url}/`)).text();
    const refused = await (
      await fetch(`${page.url}/set`, form({ settings: '</textarea><script>x</script>=1', reason: 'r' }))
    ).text();

    // Assess
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(refused).not.toContain('<script>x</script>');
    expect(refused).toContain('&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;=1</textarea>');
  });

  it('refuses a form posted from another site, a foreign Host, a body over 64 KB, and other paths', async () => {
    const crossSite = await fetch(`${page.url}/set`, {
      ...form({ settings: 'rules.inactive.days=21', reason: 'csrf' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain('拒绝来自其他网站的表单提交');
    const big = await fetch(`${page.url}/set`, form({ settings: 'x'.repeat(70 * 1024), reason: 'big' }));
    expect(big.status).toBe(413);
    expect(await statusWithHost(`${page.url}/`, 'rebound.example:80')).toBe(421);
    expect((await fetch(`${page.url}/nope`)).status).toBe(404);
    expect((await fetch(`${page.url}/set`)).status).toBe(405);
    expect((await loadConfig(dynamo.doc, table)).version).toBe(0);
  });

  it('listens only on a loopback address', async () => {
    await expect(startAdminPage({ port: 0, host: '0.0.0.0', doc: dynamo.doc, table })).rejects.toThrow(
      /loopback/,
    );
  });
});

describe.skipIf(!chromiumFound)('the local admin page in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('changes a threshold on a 390 px phone: refused value first, then saved, shown as the new version', async () => {
    // Prepare
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const tab = await context.newPage();
    await tab.goto(`${page.url}/`);

    // Act: a value out of range first, then a good one.
    await tab.fill('#settings', 'rules.inactive.days=0');
    await tab.fill('#reason', '旺季前提前提醒');
    await tab.fill('#name', '王经理');
    await tab.click('button[type=submit]');
    const refusal = await tab.locator('#errors').innerText();
    const keptText = await tab.inputValue('#settings');
    await tab.fill('#settings', 'rules.inactive.days=21');
    await tab.click('button[type=submit]');
    await tab.waitForURL(/saved=1/);
    const scrollWidth = await tab
      .locator('html')
      .evaluate((element: { scrollWidth: number }) => element.scrollWidth);
    await tab.screenshot({ path: join(SCREENSHOTS, 'admin-page.png'), fullPage: true });

    // Assess
    expect(refusal).toContain('rules.inactive.days');
    expect(refusal).toContain('1–3650');
    expect(keptText).toBe('rules.inactive.days=0');
    expect(await tab.locator('.notice').innerText()).toContain('已保存为版本 1');
    expect(await tab.locator('#current').innerText()).toContain('版本 1');
    const latest = tab.locator('article[data-version="1"]');
    expect(await latest.innerText()).toContain('rules.inactive.days: 30 → 21');
    expect(await latest.innerText()).toContain('旺季前提前提醒');
    expect(await tab.locator('tr[data-key="rules.inactive.days"]').innerText()).toContain('21');
    expect(scrollWidth).toBeLessThanOrEqual(390);
    expect((await loadConfig(dynamo.doc, table)).config.rules.inactive.days).toBe(21);
    await context.close();
  });
});
