import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumFound, launchChromium, SCREENSHOTS, warnIfNoChromium } from '../../support/chromium.ts';
import {
  configHistory,
  loadConfig,
  readCurrentConfig,
  saveConfig,
} from '../../../functions/adapters/dynamodb/config-store.ts';
import { dynamoPreviewStore } from '../../../functions/adapters/dynamodb/preview-store.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { type AdminPage, startAdminPage } from '../../../functions/entry-points/local/admin-page.ts';
import { type ConfigPreview, previewConfig } from '../../../functions/use-cases/settings/preview-config.ts';
import { TIERS } from '../../../functions/core/config.ts';
import { setAt } from '../../../functions/core/config-keys.ts';
import { SIGNAL_ORDER } from '../../../functions/core/shown-signals.ts';
import { day } from '../../core/helpers.ts';
import { seedSixShops } from '../../support/six-shops.ts';
import { type LocalDynamo, startLocalDynamo } from '../../use-cases/ingest/dynalite.ts';

/**
 * The local admin page against dynalite: every setting explained next to its field, a change previewed with
 * the same counts as `config preview`, saved as a new version and rolled back, a refused value that names the
 * key and its range, a save on a version someone else replaced refused, and the same in headless Chromium.
 */

const AS_OF = '2026-11-20';
/** The page's clock: the morning of {@link AS_OF} in Asia/Shanghai. */
const NOW = Date.parse(`${AS_OF}T02:00:00Z`);

warnIfNoChromium('admin page browser test');

let dynamo: LocalDynamo;
let page: AdminPage;
let table: string;
let tables: TableNames;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
}, 60_000);
afterAll(async () => {
  await dynamo?.close();
});

beforeEach(async () => {
  tables = await dynamo.freshTables();
  table = tables.config;
  page = await startAdminPage({ port: 0, doc: dynamo.doc, tables, defaultAdmin: 'tester', now: () => NOW });
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
    expect(html).toContain('正在编辑：版本 0（默认设置，从未修改）');
    expect(html).toContain('还没有保存过任何配置');
    expect(html).toContain('<form method="post" action="/set">');
    expect(html).toContain('<input type="hidden" name="version" value="0">');
    // Each setting: what it means with its value, next to its field.
    expect(html).toMatch(
      /data-key="rules\.inactive\.days"><p class="explain">即将流失：连续 30 天没有下单<\/p>.*name="set:rules\.inactive\.days" value="30"/,
    );
    expect(html).toContain('每天 07:30 发送晨报');
    // Every group of settings has a heading in the admin's words, not a key
    expect(html).toContain('<h3>一键反馈</h3>');
    expect([...html.matchAll(/<h3>([A-Za-z]+)<\/h3>/g)].map((match) => match[1])).toEqual([]);
  });

  it('serves English with ?lang=en', async () => {
    const html = await (await fetch(`${page.url}/?lang=en`)).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Editing: version 0 (the defaults; never changed)');
    expect(html).toContain('Inactive: no order for 30 days in a row');
    expect(html).toContain('action="/set?lang=en"');
  });

  it('previews, confirms a rollback and redirects in English when the page is in English', async () => {
    // Prepare
    await saveConfig(dynamo.doc, table, {
      overrides: { rules: { inactive: { days: 25 } } },
      changedBy: 'Wang',
      reason: 'earlier',
      expectedVersion: 0,
    });

    // Act
    const html = await (await fetch(`${page.url}/?lang=en`)).text();
    const preview = await (
      await fetch(`${page.url}/preview?lang=en`, form({ 'set:rules.inactive.days': '40', version: '1' }))
    ).text();
    const confirm = await (await fetch(`${page.url}/rollback?to=0&lang=en`)).text();
    const rollback = await fetch(
      `${page.url}/rollback?lang=en`,
      form({ to: '0', version: '1', reason: 'too early', name: 'Li' }),
    );
    const after = await (await fetch(`${page.url}${rollback.headers.get('location')}`)).text();

    // Assess
    expect(html).toMatch(/Editing: version 1 \(in effect since \d{4}-\d\d-\d\d \d\d:\d\d, Asia\/Shanghai\)/);
    expect(html).toContain('<input type="hidden" name="lang" value="en">');
    expect(preview).toContain('Preview (not saved)');
    expect(preview).toContain('Inactive: no order for 40 days in a row');
    expect(confirm).toContain('Roll back to version 0?');
    expect(confirm).toContain('<li>rules.inactive.days: 25 → 30</li>');
    expect(rollback.status).toBe(303);
    expect(rollback.headers.get('location')).toBe('/?saved=2&rolledBack=0&lang=en');
    expect(after).toContain('Rolled back to the settings of version 0, saved as version 2.');
    expect((await loadConfig(dynamo.doc, table)).config.rules.inactive.days).toBe(30);
  });

  it('saves a valid change as version 1, redirects with 303 and lists it in the history', async () => {
    // Act
    const response = await fetch(
      `${page.url}/set`,
      form({
        settings: 'rules.inactive.days=21\n\n# comment\nschedule.dailyTime=06:30',
        reason: '旺季前提前提醒',
        name: '王经理',
        version: '0',
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
    expect(html).toMatch(/正在编辑：版本 1（生效于 \d{4}-\d\d-\d\d \d\d:\d\d，Asia\/Shanghai）/);
    expect(html).toMatch(
      /data-key="rules\.inactive\.days" data-custom><p class="explain">即将流失：连续 21 天没有下单/,
    );
  });

  it('moves the deployed schedules after a save and a rollback, as config set does', async () => {
    // Prepare: a page editing a stage's settings, whose schedules follow every save
    const followed: { dailyTime: string; timeZone: string }[] = [];
    const staged = await startAdminPage({
      port: 0,
      doc: dynamo.doc,
      tables,
      defaultAdmin: 'tester',
      now: () => NOW,
      schedules: {
        follow: async (config) => {
          followed.push({ dailyTime: config.schedule.dailyTime, timeZone: config.timeZone });
          return [];
        },
      },
    });
    try {
      // Act
      await fetch(
        `${staged.url}/set`,
        form({ settings: 'schedule.dailyTime=06:30', reason: '提前', name: '王经理', version: '0' }),
      );
      const rolledBack = await fetch(
        `${staged.url}/rollback`,
        form({ to: '0', version: '1', reason: '改回', name: '王经理' }),
      );

      // Assess
      expect(rolledBack.headers.get('location')).toBe('/?saved=2&rolledBack=0');
      expect(followed).toEqual([
        { dailyTime: '06:30', timeZone: 'Asia/Shanghai' },
        { dailyTime: '07:30', timeZone: 'Asia/Shanghai' },
      ]);
    } finally {
      await staged.close();
    }
  });

  it('saves the settings and says so when the schedules could not follow, with the reason in the log only', async () => {
    // Prepare
    const logged: unknown[] = [];
    const staged = await startAdminPage({
      port: 0,
      doc: dynamo.doc,
      tables,
      defaultAdmin: 'tester',
      now: () => NOW,
      schedules: {
        follow: async () => {
          throw new Error('AccessDeniedException: scheduler:UpdateSchedule');
        },
      },
      onError: (error) => logged.push(error),
    });
    try {
      // Act
      const response = await fetch(
        `${staged.url}/set`,
        form({ settings: 'schedule.dailyTime=06:30', reason: '提前', name: '王经理', version: '0' }),
      );
      const location = response.headers.get('location') ?? '';
      const html = await (await fetch(`${staged.url}${location}`)).text();

      // Assess
      expect(location).toBe('/?saved=1&schedules=failed');
      expect((await loadConfig(dynamo.doc, table)).config.schedule.dailyTime).toBe('06:30');
      expect(html).toContain('已保存为版本 1');
      expect(html).toContain('设置已保存，但定时任务没有更新（原因见 churn-watch 的日志）');
      expect(html).not.toContain('AccessDenied');
      expect(logged).toHaveLength(1);
    } finally {
      await staged.close();
    }
  });

  it('refuses an out-of-range value with 400, naming the key and range, keeping the text, saving nothing', async () => {
    // Act
    const response = await fetch(
      `${page.url}/set`,
      form({ settings: 'rules.inactive.days=0', reason: 'test', name: 'x', version: '0' }),
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
    const response = await fetch(
      `${page.url}/set?lang=en`,
      form({ settings: 'rules.inactive.days', version: '0' }),
    );
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain('should be KEY=VALUE');
    expect(html).toContain('say why');
    expect((await loadConfig(dynamo.doc, table)).version).toBe(0);
  });

  it('names every bad field of a save at once: unreadable lines, bad values and a missing reason together', async () => {
    // Act: one line that is not KEY=VALUE, two values out of range, a list with a wrong entry, no reason
    const response = await fetch(
      `${page.url}/set`,
      form({
        settings: 'rules.inactive.days\nrules.churned.cycles=0\nescalation.tiers=vip,gold',
        'set:tiers.vipShare': '2',
        version: '0',
      }),
    );
    const html = await response.text();

    // Assess: all of them in the one answer, not one batch per save
    expect(response.status).toBe(400);
    expect(html).toContain('「rules.inactive.days」应写成「设置项=值」');
    expect(html).toContain('请写明修改原因');
    expect(html).toMatch(/rules\.churned\.cycles 应不小于 1/);
    expect(html).toMatch(/tiers\.vipShare 应不大于 1/);
    expect(html).toContain('escalation.tiers 第 2 项「gold」不可用');
    expect((await loadConfig(dynamo.doc, table)).version).toBe(0);
  });

  it('refuses a reason longer than the form allows, on a save and on a rollback, saving nothing', async () => {
    // Prepare: version 1, so there is something to roll back.
    await saveConfig(dynamo.doc, table, {
      overrides: { rules: { inactive: { days: 25 } } },
      changedBy: '王经理',
      reason: '25 天',
      expectedVersion: 0,
    });

    // Act: posted without the page, whose field stops at 500 characters.
    const long = 'x'.repeat(60_000);
    const save = await fetch(
      `${page.url}/set`,
      form({ settings: 'rules.inactive.days=21', reason: long, version: '1' }),
    );
    const rollback = await fetch(
      `${page.url}/rollback?lang=en`,
      form({ to: '0', version: '1', reason: long }),
    );
    const justRight = await fetch(
      `${page.url}/set`,
      form({ settings: 'rules.inactive.days=21', reason: '因'.repeat(500), version: '1' }),
    );

    // Assess
    expect(save.status).toBe(400);
    expect(await save.text()).toContain('修改原因最多 500 个字符（现在是 60000 个）');
    expect(rollback.status).toBe(400);
    expect(await rollback.text()).toContain('the reason may be at most 500 characters (this one has 60000)');
    expect(justRight.status).toBe(303);
    const history = await configHistory(dynamo.doc, table);
    expect(history.map((version) => [version.version, version.reason.length]).sort()).toEqual([
      [1, 4],
      [2, 500],
    ]);
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
    const racing = await startAdminPage({ port: 0, doc: racingDoc, tables, defaultAdmin: 'tester' });

    // Act
    const response = await fetch(
      `${racing.url}/set`,
      form({ settings: 'rules.inactive.days=21', reason: 'second', version: '0' }),
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
        version: '0',
      }),
    );
    const html = await (await fetch(`${page.url}/`)).text();
    const refused = await (
      await fetch(
        `${page.url}/set`,
        form({ settings: '</textarea><script>x</script>=1', reason: 'r', version: '1' }),
      )
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
    await saveConfig(dynamo.doc, table, {
      overrides: { rules: { inactive: { days: 25 } } },
      changedBy: 'a',
      reason: 'r',
      expectedVersion: 0,
    });
    for (const [path, fields] of [
      ['/set', { settings: 'rules.inactive.days=21', reason: 'csrf', version: '1' }],
      ['/preview', { 'set:rules.inactive.days': '21', version: '1' }],
      ['/rollback', { to: '0', version: '1', reason: 'csrf' }],
    ] as const) {
      const crossSite = await fetch(`${page.url}${path}`, {
        ...form(fields),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      });
      expect(crossSite.status).toBe(403);
      expect(await crossSite.text()).toBe('拒绝来自其他网站的表单提交 · cross-site form posts are refused\n');
    }
    const big = await fetch(`${page.url}/set`, form({ settings: 'x'.repeat(70 * 1024), reason: 'big' }));
    expect(big.status).toBe(413);
    expect(await statusWithHost(`${page.url}/`, 'rebound.example:80')).toBe(421);
    expect((await fetch(`${page.url}/nope`)).status).toBe(404);
    expect((await fetch(`${page.url}/set`)).status).toBe(405);
    expect((await fetch(`${page.url}/preview`)).status).toBe(405);
    expect((await loadConfig(dynamo.doc, table)).version).toBe(1);
  });

  it('saves only the fields that were changed, as overrides of the version being edited', async () => {
    // Act: the browser sends every field; only one differs from version 0.
    const response = await fetch(
      `${page.url}/set`,
      form({
        'set:rules.inactive.days': '45',
        'set:schedule.dailyTime': '07:30',
        'set:rules.low_p_alive.enabled': 'false',
        'set:escalation.tiers': '["vip","important"]',
        version: '0',
        reason: '淡季放宽',
      }),
    );

    // Assess
    expect(response.status).toBe(303);
    const current = await readCurrentConfig(dynamo.doc, table);
    expect(current).toMatchObject({ version: 1, changedBy: 'tester' });
    expect(current.overrides).toEqual({ rules: { inactive: { days: 45 } } });
  });

  it('refuses a save or rollback that does not say which version it edits, saving nothing', async () => {
    // Prepare: version 1, which a post without a version must not overwrite or roll back
    await saveConfig(dynamo.doc, table, {
      overrides: { schedule: { dailyTime: '06:00' } },
      changedBy: '李主管',
      reason: '提早发晨报',
      expectedVersion: 0,
    });

    // Act: posted without the page (a stale script, a hand-made request)
    const save = await fetch(`${page.url}/set`, form({ settings: 'rules.inactive.days=21', reason: 'r' }));
    const rollback = await fetch(`${page.url}/rollback?lang=en`, form({ to: '0', reason: 'r' }));

    // Assess
    expect(save.status).toBe(400);
    expect(await save.text()).toContain('表单没有注明所修改的设置版本：请刷新页面');
    expect(rollback.status).toBe(400);
    expect(await rollback.text()).toContain('the form does not say which settings version is current');
    expect(await readCurrentConfig(dynamo.doc, table)).toMatchObject({
      version: 1,
      overrides: { schedule: { dailyTime: '06:00' } },
    });
  });

  it('refuses, with 409 and nothing saved, a save made on a version another admin has since replaced', async () => {
    // Prepare: this admin opened the page at version 0; another admin then saved version 1.
    await saveConfig(dynamo.doc, table, {
      overrides: { schedule: { dailyTime: '06:00' } },
      changedBy: '李主管',
      reason: '提早发晨报',
      expectedVersion: 0,
    });

    // Act
    const response = await fetch(
      `${page.url}/set`,
      form({
        'set:rules.inactive.days': '45',
        'set:schedule.dailyTime': '07:30',
        settings: 'rules.churned.minDays=20',
        version: '0',
        reason: '淡季放宽',
      }),
    );
    const html = await response.text();

    // Assess: nothing overwritten; the page shows version 1 and keeps this admin's changes to send again.
    expect(response.status).toBe(409);
    expect(html).toContain('其他人刚刚修改了配置（现在是版本 1），而你编辑的是版本 0');
    expect(html).toContain('正在编辑：版本 1');
    expect(html).toContain('<input type="hidden" name="version" value="1">');
    expect(html).toContain('name="set:schedule.dailyTime" value="06:00"');
    expect(html).toContain('>rules.churned.minDays=20\nrules.inactive.days=45</textarea>');
    const loaded = await loadConfig(dynamo.doc, table);
    expect(loaded.version).toBe(1);
    expect(loaded.config.schedule.dailyTime).toBe('06:00');
    expect(loaded.config.rules.inactive.days).toBe(30);
  });

  it('previews without saving and refuses an invalid value there as a save would', async () => {
    // Act
    const preview = await fetch(
      `${page.url}/preview`,
      form({ 'set:rules.inactive.days': '50', version: '0' }),
    );
    const previewHtml = await preview.text();
    const invalid = await fetch(
      `${page.url}/preview`,
      form({ 'set:rules.inactive.days': '0', version: '0' }),
    );

    // Assess
    expect(preview.status).toBe(200);
    expect(previewHtml).toContain('预览（尚未保存）');
    expect(previewHtml).toContain(`按 ${AS_OF} 的数据评估 0 位客户`);
    expect(previewHtml).toContain('<li>rules.inactive.days: 30 → 50</li>');
    // The field keeps the proposed value, explained with it.
    expect(previewHtml).toContain('即将流失：连续 50 天没有下单');
    expect(previewHtml).toContain('name="set:rules.inactive.days" value="50"');
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toMatch(/rules\.inactive\.days[^<]*1–3650 的整数/);
    expect((await loadConfig(dynamo.doc, table)).version).toBe(0);
  });

  it('asks to confirm a rollback, needs a reason, and refuses one made on a replaced version', async () => {
    // Prepare: versions 1 and 2.
    for (const [days, expectedVersion] of [
      [25, 0],
      [40, 1],
    ] as const) {
      await saveConfig(dynamo.doc, table, {
        overrides: { rules: { inactive: { days } } },
        changedBy: '王经理',
        reason: `${days} 天`,
        expectedVersion,
      });
    }

    // Act
    const confirm = await (await fetch(`${page.url}/rollback?to=1`)).text();
    const noReason = await fetch(`${page.url}/rollback`, form({ to: '1', version: '2', reason: ' ' }));
    const stale = await fetch(`${page.url}/rollback`, form({ to: '1', version: '1', reason: '太多' }));
    const beyond = await fetch(`${page.url}/rollback?to=2`);

    // Assess
    expect(confirm).toContain('回滚到版本 1？');
    expect(confirm).toContain('<li>rules.inactive.days: 40 → 25</li>');
    expect(confirm).toContain('并保存为新的版本 3');
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('每次修改都要写明修改人和原因');
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('其他人刚刚修改了配置（现在是版本 2），回滚没有执行');
    expect(beyond.status).toBe(400);
    expect(await beyond.text()).toContain('只能回滚到 0–1 之间的版本');
    expect((await loadConfig(dynamo.doc, table)).version).toBe(2);
  });

  it('listens only on a loopback address', async () => {
    await expect(startAdminPage({ port: 0, host: '0.0.0.0', doc: dynamo.doc, tables })).rejects.toThrow(
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

  /** The numbers of a preview table's rows, by the row's data attribute, as the page shows them. */
  async function previewCells(
    tab: Page,
    table: string,
    attribute: string,
  ): Promise<Record<string, string[]>> {
    const rows = await tab.locator(`#${table} tr[${attribute}]`).evaluateAll(
      (
        elements: {
          getAttribute(name: string): string | null;
          querySelectorAll(s: string): { textContent: string | null }[];
        }[],
        name: string,
      ) =>
        elements.map((row) => [
          row.getAttribute(name) ?? '',
          Array.from(row.querySelectorAll('td.n')).map((cell) => cell.textContent ?? ''),
        ]),
      attribute,
    );
    return Object.fromEntries(rows as [string, string[]][]);
  }

  const delta = (now: number, next: number) =>
    next === now ? '' : next > now ? `+${next - now}` : `−${now - next}`;

  /** What the page must show for a preview: the counts of the same computation `config preview` uses. */
  function expectedCells(preview: ConfigPreview) {
    const { current, proposed } = preview;
    return {
      rules: Object.fromEntries(
        SIGNAL_ORDER.map((rule) => [
          rule,
          [
            String(current.byRule[rule]),
            String(proposed.byRule[rule]),
            delta(current.byRule[rule], proposed.byRule[rule]),
          ],
        ]),
      ),
      tiers: Object.fromEntries(
        TIERS.map((tier) => [
          tier,
          [
            String(current.byTier[tier].customers),
            String(proposed.byTier[tier].customers),
            String(current.byTier[tier].atRisk),
            String(proposed.byTier[tier].atRisk),
            delta(current.byTier[tier].atRisk, proposed.byTier[tier].atRisk),
          ],
        ]),
      ),
      atRisk: [String(current.atRisk), String(proposed.atRisk), delta(current.atRisk, proposed.atRisk)],
    };
  }

  it('explains, previews with the CLI preview counts, saves N+1, rolls back to N, and refuses a stale save', async () => {
    // Prepare: shops to evaluate, and version 1 (the version N the admin will come back to).
    await seedSixShops(dynamo.doc, tables, AS_OF);
    await saveConfig(dynamo.doc, table, {
      overrides: { rules: { inactive: { days: 30 } }, schedule: { dailyTime: '07:00' } },
      changedBy: '王经理',
      reason: '开始使用',
      expectedVersion: 0,
    });
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const tab = await context.newPage();
    await tab.goto(`${page.url}/`);
    const days = tab.locator('[name="set:rules.inactive.days"]');
    const explanation = tab.locator('[data-key="rules.inactive.days"] .explain');
    const before = {
      heading: await tab.locator('#editing').innerText(),
      explanation: await explanation.innerText(),
    };

    // Act 1: change the threshold and preview.
    await days.fill('50');
    await tab.click('#preview-button');
    await tab.locator('#preview').waitFor();
    const shown = {
      rules: await previewCells(tab, 'preview-rules', 'data-rule'),
      tiers: await previewCells(tab, 'preview-tiers', 'data-tier'),
      totals: await previewCells(tab, 'preview-totals', 'data-total'),
      explanation: await explanation.innerText(),
      changes: await tab.locator('#preview ul').innerText(),
    };
    // The top of the page: the version being edited and the preview.
    await tab.screenshot({ path: join(SCREENSHOTS, 'admin-page-preview.png') });
    const current = await readCurrentConfig(dynamo.doc, table);
    const { preview } = await previewConfig(dynamoPreviewStore(dynamo.doc, tables), {
      current,
      overrides: setAt(current.overrides, 'rules.inactive.days', 50),
      asOf: day(AS_OF),
    });

    // Act 2: save it (version 2), then roll back to version 1 through the confirmation.
    await tab.fill('#reason', '淡季放宽');
    await tab.fill('#name', '王经理');
    await tab.click('#save-button');
    await tab.waitForURL(/saved=2/);
    const saved = {
      notice: await tab.locator('.notice').innerText(),
      heading: await tab.locator('#editing').innerText(),
      value: await days.inputValue(),
    };
    await tab.locator('article[data-version="1"] button').click();
    await tab.waitForURL(/\/rollback\?to=1/);
    const confirmation = await tab.locator('#rollback-changes').innerText();
    await tab.fill('#reason', '提醒太少');
    await tab.click('#confirm-rollback');
    await tab.waitForURL(/saved=3&rolledBack=1/);
    const rolledBack = {
      notice: await tab.locator('.notice').innerText(),
      heading: await tab.locator('#editing').innerText(),
      value: await days.inputValue(),
      explanation: await explanation.innerText(),
    };

    // Act 3: a second tab opened at version 3; the first saves version 4; the second's save is refused.
    const other = await context.newPage();
    await other.goto(`${page.url}/`);
    await days.fill('35');
    await tab.fill('#reason', '第一位管理员');
    await tab.click('#save-button');
    await tab.waitForURL(/saved=4/);
    await other.locator('[name="set:rules.sales_drop.dropPct"]').fill('40');
    await other.fill('#reason', '第二位管理员');
    await other.click('#save-button');
    await other.locator('#errors').waitFor();
    const refusal = await other.locator('#errors').innerText();
    const kept = await other.inputValue('#settings');
    const otherDays = await other.locator('[name="set:rules.inactive.days"]').inputValue();
    await other.screenshot({ path: join(SCREENSHOTS, 'admin-page-stale.png') });

    // Assess
    expect(before.heading).toMatch(/^正在编辑：版本 1（生效于 \d{4}-\d\d-\d\d \d\d:\d\d，Asia\/Shanghai）$/);
    expect(before.explanation).toBe('即将流失：连续 30 天没有下单');
    const expected = expectedCells(preview);
    expect(preview.current.byRule.inactive).toBe(3);
    expect(preview.proposed.byRule.inactive).toBe(0);
    expect(shown.rules).toEqual(expected.rules);
    expect(shown.tiers).toEqual(expected.tiers);
    expect(shown.totals.atRisk).toEqual(expected.atRisk);
    expect(shown.explanation).toBe('即将流失：连续 50 天没有下单');
    expect(shown.changes).toBe('rules.inactive.days: 30 → 50');
    expect(saved.notice).toContain('已保存为版本 2');
    expect(saved.heading).toMatch(/^正在编辑：版本 2（生效于 /);
    expect(saved.value).toBe('50');
    expect(confirmation).toBe('rules.inactive.days: 50 → 30');
    expect(rolledBack.notice).toContain('已回滚到版本 1 的设置，保存为版本 3');
    expect(rolledBack.heading).toMatch(/^正在编辑：版本 3（生效于 /);
    expect(rolledBack.value).toBe('30');
    expect(rolledBack.explanation).toBe('即将流失：连续 30 天没有下单');
    expect(refusal).toContain('其他人刚刚修改了配置（现在是版本 4），而你编辑的是版本 3');
    expect(kept).toBe('rules.sales_drop.dropPct=40');
    expect(otherDays).toBe('35');
    const loaded = await loadConfig(dynamo.doc, table);
    expect(loaded.version).toBe(4);
    expect(loaded.config.rules.inactive.days).toBe(35);
    expect(loaded.config.rules.sales_drop.dropPct).toBe(50);
    const history = await configHistory(dynamo.doc, table);
    expect(history[1]).toMatchObject({ version: 3, rolledBackTo: 1, reason: 'rollback to v1: 提醒太少' });
    await context.close();
  }, 120_000);

  it('names every bad field of one save, so the admin fixes them all before saving again', async () => {
    // Prepare
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${page.url}/?lang=en`);

    // Act: two fields out of range and no reason
    await tab.locator('[name="set:rules.inactive.days"]').fill('0');
    await tab.locator('[name="set:tiers.vipShare"]').fill('2');
    await tab.click('#save-button');
    const refusal = await tab.locator('#errors').innerText();

    // Assess
    expect(refusal).toContain('rules.inactive.days must be at least 1');
    expect(refusal).toContain('tiers.vipShare must be at most 1');
    expect(refusal).toContain('say why');
    expect((await loadConfig(dynamo.doc, table)).version).toBe(0);
    await context.close();
  }, 90_000);

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
    const days = tab.locator('[name="set:rules.inactive.days"]');

    // Act: a value out of range first, then a good one.
    await days.fill('0');
    await tab.fill('#reason', '旺季前提前提醒');
    await tab.fill('#name', '王经理');
    await tab.click('#save-button');
    const refusal = await tab.locator('#errors').innerText();
    const keptValue = await days.inputValue();
    await days.fill('21');
    await tab.click('#save-button');
    await tab.waitForURL(/saved=1/);
    const scrollWidth = await tab
      .locator('html')
      .evaluate((element: { scrollWidth: number }) => element.scrollWidth);
    await tab.screenshot({ path: join(SCREENSHOTS, 'admin-page.png'), fullPage: true });

    // Assess
    expect(refusal).toContain('rules.inactive.days');
    expect(refusal).toContain('1–3650');
    expect(refusal).not.toContain('rules.churned.cycles');
    expect(keptValue).toBe('0');
    expect(await tab.locator('.notice').innerText()).toContain('已保存为版本 1');
    expect(await tab.locator('#editing').innerText()).toContain('正在编辑：版本 1');
    const latest = tab.locator('article[data-version="1"]');
    expect(await latest.innerText()).toContain('rules.inactive.days: 30 → 21');
    expect(await latest.innerText()).toContain('旺季前提前提醒');
    expect(await tab.locator('[data-key="rules.inactive.days"] .explain').innerText()).toBe(
      '即将流失：连续 21 天没有下单',
    );
    expect(scrollWidth).toBeLessThanOrEqual(390);
    expect((await loadConfig(dynamo.doc, table)).config.rules.inactive.days).toBe(21);
    await context.close();
  }, 90_000);
});
