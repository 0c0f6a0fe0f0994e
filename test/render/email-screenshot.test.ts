import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumFound, launchChromium, SCREENSHOTS, warnIfNoChromium } from '../support/chromium.ts';
import { compareForDigest } from '../../functions/use-cases/notify/build-digest.ts';
import { renderDigestEmail } from '../../functions/render/render-digest-email.ts';
import { renderWeeklyEmail, type RenderedWeeklyEmail } from '../../functions/render/render-weekly-email.ts';
import { sampleActivity, sampleTrend } from './email-fixtures.ts';
import { digestCustomers, sampleDigest, sampleWeeklySummary } from './fixtures.ts';

/**
 * The HTML emails as a reader sees them: rendered by headless Chromium at a phone's width and at a desktop's,
 * checked for what a reader would notice (sideways scrolling, missing names, broken charts, Chinese drawn as
 * boxes) and saved as screenshots in test-results/screenshots/ for a human to look at.
 *
 * Needs the system packages `chromium` and `fonts-wqy-microhei` (.ci/run installs them); without Chromium the
 * tests skip with a message, without the font the Chinese-glyph test fails and says which package is missing.
 */

warnIfNoChromium('screenshot tests');

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1024, height: 768 }, deviceScaleFactor: 1 };
type Device = typeof PHONE | typeof DESKTOP;

/** The content column of both emails (html.ts EMAIL_WIDTH). */
const COLUMN_WIDTH = 600;

/**
 * The 12-customer digest on a 390 px phone: 5,519 px tall (6.5 screens) when each fact had its own line and
 * the text column was 295 px wide; about 4,300 px since, 4,510 px with the risk-and-reason headline each
 * customer leads with (2026-12). The limits leave some room for font differences.
 */
const BUSY_DIGEST_MAX_HEIGHT = 4_600;
/**
 * One customer with four signals: 391 px before, about 307 px since, 325 px with the headline (its strongest
 * reason leaves the list of signals, the model's reasons that a signal already states are not repeated).
 */
const CUSTOMER_BLOCK_MAX_HEIGHT = 330;

const NOWRAP_SPANS = 'span[style*="white-space:nowrap"]';

const DIGEST_HEADINGS = ['每日流失预警', '需要跟进（3）', '已恢复（1）'];
const DIGEST_NAMES = ['张记便利店', '李家烟酒行', '旺旺小卖部', '好又多超市（滨江店）'];

const WEEKLY_HEADINGS = [
  '团队周报：华东一组',
  '近 8 周趋势',
  '按客户等级的风险客户',
  '按信号的风险客户',
  '各等级流失率（近 30 天与前 30 天）',
  '预警后恢复率（2026-09-22 至 2026-10-21 的预警，30 天内重新下单且不再有风险）',
  '活跃客户与客单价',
  '各业务员',
  '风险金额最高的客户',
  '本周升级提醒',
];

/** A busy morning: 8 new and 4 still at risk listed, 3 more left out. */
function busyDigest() {
  const fresh = digestCustomers(8);
  const still = digestCustomers(4, 8).map((customer) => ({
    ...customer,
    firstSeenDate: '2026-11-06',
    daysAtRisk: 14,
    isNew: false,
  }));
  return sampleDigest({
    atRisk: [...fresh, ...still].sort(compareForDigest),
    recovered: [],
    totalAtRisk: 15,
    omitted: 3,
  });
}

/**
 * The weekly email with a few months of activity and eight weeks of trend (the plain fixture has neither,
 * which leaves the activity charts empty and draws no trend).
 */
const weeklyEmail = (): RenderedWeeklyEmail =>
  renderWeeklyEmail(sampleWeeklySummary({ activity: sampleActivity(), trend: sampleTrend() }));

/**
 * The HTML with every `cid:` image swapped for a data URL of the attached PNG, so the browser shows what a mail
 * client shows from the attachments.
 */
function withInlineImages(email: RenderedWeeklyEmail): string {
  let html = email.html;
  for (const image of email.images) {
    const reference = `src="cid:${image.contentId}"`;
    expect(html).toContain(reference);
    html = html.replaceAll(reference, `src="data:image/png;base64,${image.png.toString('base64')}"`);
  }
  expect(html).not.toContain('cid:');
  return html;
}

// The tsconfig has no DOM library (the code runs on Node), so the page-side functions type the few browser
// objects they touch themselves.
interface Box {
  left: number;
  right: number;
  width: number;
}
interface Rect {
  top: number;
  height: number;
}
interface Measured {
  textContent: string | null;
  getBoundingClientRect(): Rect;
  ownerDocument: {
    createRange(): { selectNodeContents(node: Measured): void; getClientRects(): ArrayLike<Rect> };
  };
}
interface ImageElement {
  complete: boolean;
  naturalWidth: number;
  getBoundingClientRect(): Box;
}
interface Canvas2d {
  font: string;
  textBaseline: string;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
}
interface TextElement {
  ownerDocument: {
    createElement(tag: 'canvas'): { width: number; height: number; getContext(kind: '2d'): Canvas2d | null };
    defaultView: {
      getComputedStyle(element: TextElement): { fontWeight: string; fontSize: string; fontFamily: string };
    } | null;
  };
}

interface Layout {
  /** How wide the page is, scrolled sideways to the end. */
  scrollWidth: number;
  images: { loaded: boolean; naturalWidth: number; left: number; right: number }[];
}

async function layoutOf(page: Page): Promise<Layout> {
  const scrollWidth = await page
    .locator('html')
    .evaluate((html: { scrollWidth: number }) => html.scrollWidth);
  const images = await page.locator('img').evaluateAll((elements: ImageElement[]) =>
    elements.map((image) => {
      const box = image.getBoundingClientRect();
      return { loaded: image.complete, naturalWidth: image.naturalWidth, left: box.left, right: box.right };
    }),
  );
  return { scrollWidth, images };
}

/**
 * The text of each element matched by `selector` and how many lines it is drawn on (distinct tops of the
 * boxes of its contents), to check that what should stay on one line does.
 */
async function linesOf(page: Page, selector: string): Promise<{ text: string; lines: number }[]> {
  return page.locator(selector).evaluateAll((elements: Measured[]) =>
    elements.map((element) => {
      const range = element.ownerDocument.createRange();
      range.selectNodeContents(element);
      const tops = new Set(
        Array.from(range.getClientRects())
          .filter((rect) => rect.height > 0)
          .map((rect) => Math.round(rect.top)),
      );
      return { text: element.textContent ?? '', lines: tops.size };
    }),
  );
}

/** Shown, and wholly inside the screen's width (not cut off at the right edge). */
async function expectShown(locator: Locator, screenWidth: number, what: string): Promise<void> {
  expect(await locator.isVisible(), `${what} is visible`).toBe(true);
  const box = await locator.boundingBox();
  expect(box, `${what} has a box`).not.toBeNull();
  if (!box) return;
  expect(box.x, `${what} starts on screen`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} ends on screen`).toBeLessThanOrEqual(screenWidth);
}

describe.skipIf(!chromiumFound)(
  'emails in headless Chromium (screenshots in test-results/screenshots)',
  () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchChromium();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    /** A fresh page on the device with the email loaded (images included), and a full-page screenshot if named. */
    async function open(html: string, device: Device, screenshot?: string): Promise<Page> {
      const context = await browser.newContext(device);
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      if (screenshot) await page.screenshot({ path: join(SCREENSHOTS, `${screenshot}.png`), fullPage: true });
      return page;
    }

    async function close(page: Page): Promise<void> {
      await page.context().close();
    }

    it('shows the morning digest on a phone without sideways scrolling, every heading and customer on screen', async () => {
      // Prepare
      const { html } = renderDigestEmail(sampleDigest());

      // Act
      const page = await open(html, PHONE, 'digest-phone');
      const layout = await layoutOf(page);

      // Assess
      expect(layout.scrollWidth).toBeLessThanOrEqual(PHONE.viewport.width);
      for (const name of DIGEST_HEADINGS) {
        await expectShown(page.getByRole('heading', { name, exact: true }), PHONE.viewport.width, name);
      }
      for (const name of DIGEST_NAMES) {
        await expectShown(page.getByText(name), PHONE.viewport.width, name);
      }
      await expectShown(page.getByText('建议：').first(), PHONE.viewport.width, 'suggested action');
      await close(page);
    });

    it('draws Chinese with real glyphs, not the missing-glyph boxes of a machine without a Chinese font', async () => {
      // Prepare
      const { html } = renderDigestEmail(sampleDigest());
      const sample = '张记便利店';
      const page = await open(html, PHONE);

      // Act
      // Without a Chinese font (fonts-wqy-microhei here) Chromium draws every Chinese character as the same box
      // ("tofu"). So each character of a customer's name is drawn on a canvas in the font the name is shown in,
      // with U+10FFFD (a private-use code point no font has) as the known missing glyph, and the bitmaps are
      // compared: real glyphs differ from each other and from the box. Checked both ways: with the font the five
      // characters give five different bitmaps, with the font hidden from fontconfig all six are identical.
      // `document.fonts.check('16px "WenQuanYi Micro Hei"')` cannot tell: it only tracks web fonts and answers
      // true for any local font name, installed or not (also checked).
      const glyphs = await page.getByText(sample).evaluate((element: TextElement, text: string) => {
        const doc = element.ownerDocument;
        const style = doc.defaultView?.getComputedStyle(element);
        const canvas = doc.createElement('canvas');
        canvas.width = 48;
        canvas.height = 48;
        const context = canvas.getContext('2d');
        if (!style || !context) throw new Error('no computed style or 2d canvas');
        context.font = `${style.fontWeight} 32px ${style.fontFamily}`;
        context.textBaseline = 'top';
        const bitmap = (char: string) => {
          context.clearRect(0, 0, 48, 48);
          context.fillText(char, 4, 4);
          return Array.from(context.getImageData(0, 0, 48, 48).data).join(',');
        };
        const missing = bitmap('\u{10FFFD}');
        const drawn = [...text].map(bitmap);
        return {
          different: new Set(drawn).size,
          likeMissing: drawn.filter((glyph) => glyph === missing).length,
        };
      }, sample);

      // Assess
      const tofu = 'Chinese is drawn as missing-glyph boxes: install fonts-wqy-microhei';
      expect(glyphs.likeMissing, tofu).toBe(0);
      expect(glyphs.different, tofu).toBe([...sample].length);
      await close(page);
    });

    it('keeps a digest with 12 customers in one phone-wide column and lists every one of them', async () => {
      // Prepare
      const digest = busyDigest();
      const { html } = renderDigestEmail(digest);

      // Act
      const page = await open(html, PHONE, 'digest-12-customers-phone');
      const layout = await layoutOf(page);

      // Assess
      expect(layout.scrollWidth).toBeLessThanOrEqual(PHONE.viewport.width);
      for (const name of ['需要跟进（12）']) {
        await expectShown(page.getByRole('heading', { name, exact: true }), PHONE.viewport.width, name);
      }
      for (const customer of digest.atRisk) {
        const name = customer.name ?? customer.customerId;
        await expectShown(page.getByText(name), PHONE.viewport.width, name);
      }
      await expectShown(page.getByText('还有 3 位客户有流失风险'), PHONE.viewport.width, 'omitted line');
      // Each customer shows the money at risk the list is ordered by.
      for (const money of ['风险金额 ¥50,000', '风险金额 ¥49,300', '风险金额 ¥48,900']) {
        await expectShown(page.getByText(money).first(), PHONE.viewport.width, money);
      }
      await close(page);
    });

    it('keeps the 12-customer digest short on a phone: compact customer blocks, no date or amount split across lines', async () => {
      // Prepare
      const { html } = renderDigestEmail(busyDigest());

      // Act
      const page = await open(html, PHONE);
      const height = await page
        .locator('html')
        .evaluate((element: { scrollHeight: number }) => element.scrollHeight);
      const blocks = await page
        .locator('table[style*="border-left:3px"]')
        .evaluateAll((tables: Measured[]) => tables.map((table) => table.getBoundingClientRect().height));
      const tokens = await linesOf(page, NOWRAP_SPANS);

      // Assess
      expect(height).toBeLessThanOrEqual(BUSY_DIGEST_MAX_HEIGHT);
      expect(blocks).toHaveLength(12);
      expect(Math.max(...blocks)).toBeLessThanOrEqual(CUSTOMER_BLOCK_MAX_HEIGHT);
      expect(tokens.map(({ text }) => text)).toEqual(
        expect.arrayContaining(['2026-10-01', '2026-10-28', '¥3,200.00', '23 天', '¥50,000']),
      );
      expect(tokens.filter(({ lines }) => lines !== 1)).toEqual([]);
      await close(page);
    });

    it('shows the weekly summary on a phone: every chart loaded and no wider than the screen, headings and names on screen', async () => {
      // Prepare
      const email = weeklyEmail();

      // Act
      const page = await open(withInlineImages(email), PHONE, 'weekly-phone');
      const layout = await layoutOf(page);

      // Assess
      expect(layout.scrollWidth).toBeLessThanOrEqual(PHONE.viewport.width);
      expect(layout.images).toHaveLength(email.images.length);
      for (const image of layout.images) {
        expect(image).toMatchObject({ loaded: true });
        expect(image.naturalWidth).toBeGreaterThan(0);
        expect(image.left).toBeGreaterThanOrEqual(0);
        expect(image.right).toBeLessThanOrEqual(PHONE.viewport.width);
      }
      for (const name of WEEKLY_HEADINGS) {
        await expectShown(page.getByRole('heading', { name, exact: true }), PHONE.viewport.width, name);
      }
      for (const text of ['1. 张记便利店', '2. 阳光生鲜', '3. C090']) {
        await expectShown(page.getByText(text), PHONE.viewport.width, text);
      }
      for (const rep of ['张伟', '李娜', 'R03']) {
        // Each rep has a row in the rep table, and one in the recovery table when warned in its window.
        await expectShown(page.getByText(rep, { exact: true }).first(), PHONE.viewport.width, `rep ${rep}`);
      }
      // Dates and amounts, and each detail and signal name of the largest-money list, each on one line.
      const units = (await linesOf(page, `${NOWRAP_SPANS}, span[style*="display:inline-block"]`)).filter(
        ({ text }) => text !== '', // the legend's colour squares
      );
      expect(units.map(({ text }) => text)).toEqual(
        expect.arrayContaining(['销售额暴跌、', '已持续 1 天', '1 天']),
      );
      expect(units.filter(({ lines }) => lines !== 1)).toEqual([]);
      await close(page);
    });

    it.each([
      ['digest', () => renderDigestEmail(sampleDigest()).html],
      ['digest-12-customers', () => renderDigestEmail(busyDigest()).html],
      ['weekly', () => withInlineImages(weeklyEmail())],
    ])('keeps the %s email in its 600 px column on a 1024 px desktop', async (file, render) => {
      // Prepare
      const html = render();

      // Act
      const page = await open(html, DESKTOP, `${file}-desktop`);
      const layout = await layoutOf(page);
      const column = await page.locator(`table[width="${COLUMN_WIDTH}"]`).boundingBox();

      // Assess
      expect(layout.scrollWidth).toBeLessThanOrEqual(DESKTOP.viewport.width);
      expect(column).not.toBeNull();
      if (column) {
        expect(column.width).toBeLessThanOrEqual(COLUMN_WIDTH);
        // Centred: the page background shows on both sides.
        const leftMargin = column.x;
        const rightMargin = DESKTOP.viewport.width - column.x - column.width;
        expect(Math.abs(leftMargin - rightMargin)).toBeLessThanOrEqual(2);
      }
      for (const image of layout.images) {
        expect(image).toMatchObject({ loaded: true });
        expect(image.naturalWidth).toBeGreaterThan(0);
        expect(image.right - image.left).toBeLessThanOrEqual(COLUMN_WIDTH);
      }
      await close(page);
    });
  },
);
