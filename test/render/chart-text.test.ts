import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { TIERS } from '../../functions/core/config.ts';
import { tierName } from '../../functions/text/explain.ts';
import { LOCALES } from '../../functions/core/locale.ts';
import { drawText, missingGlyphs, textWidth } from '../../functions/render/chart-text.ts';
import { CHART_WORDS } from '../../functions/render/chart-words.ts';

const INK = [31, 41, 51] as const;

function canvas(width = 200, height = 60): PNG {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return png;
}

/** Pixels darker than mid-grey, and the box they fall in. */
function inked(png: PNG): { count: number; left: number; right: number; top: number; bottom: number } {
  const box = { count: 0, left: png.width, right: -1, top: png.height, bottom: -1 };
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      if ((png.data[(y * png.width + x) * 4] ?? 255) >= 128) continue;
      box.count++;
      box.left = Math.min(box.left, x);
      box.right = Math.max(box.right, x);
      box.top = Math.min(box.top, y);
      box.bottom = Math.max(box.bottom, y);
    }
  }
  return box;
}

describe('chart text', () => {
  it('has a glyph for every word the charts draw, in both languages', () => {
    // Act
    const missing = LOCALES.flatMap((locale) => {
      const words = CHART_WORDS[locale];
      const texts = [
        ...Object.values(words).filter((value): value is string => typeof value === 'string'),
        words.trendAtRiskTitle(8),
        words.trendMoneyTitle(3),
        ...Array.from({ length: 12 }, (_, i) => words.monthLabel(i + 1, i % 2 === 0)),
        words.compactYuan(84_000),
        words.compactYuan(2.5e8),
        '¥1,234 6.7% 11/20 —',
        ...TIERS.map((tier) => tierName(tier, locale)),
      ];
      return texts.flatMap(missingGlyphs);
    });

    // Assess
    expect(missing, 'run npx tsx bin/generate-chart-font.ts (see its --help)').toEqual([]);
  });

  it('draws Chinese and Latin text on the baseline, as wide as it measures', () => {
    // Prepare
    const png = canvas();

    // Act
    drawText(png, '客户数 24', 10, 40, 20, INK);
    const ink = inked(png);

    // Assess: glyphs from x 10 for the measured width, mostly above the baseline at y 40.
    expect(ink.count).toBeGreaterThan(150);
    expect(ink.left).toBeGreaterThanOrEqual(10);
    expect(ink.left).toBeLessThan(14);
    expect(ink.right).toBeLessThanOrEqual(Math.ceil(10 + textWidth('客户数 24', 20)));
    expect(ink.right).toBeGreaterThan(10 + textWidth('客户数 24', 20) - 4);
    expect(ink.top).toBeGreaterThan(40 - 20);
    expect(ink.bottom).toBeLessThanOrEqual(40 + 3);
  });

  it('draws each Chinese character as its own shape, not one box for all', () => {
    // Act
    const shapes = [...'非常重要'].map((char) => {
      const png = canvas(40, 40);
      drawText(png, char, 4, 30, 28, INK);
      return png.data.toString('base64');
    });

    // Assess
    expect(new Set(shapes).size).toBe(4);
  });

  it('centres and right-aligns on the given x', () => {
    // Prepare
    const centred = canvas();
    const right = canvas();

    // Act
    drawText(centred, '1234', 100, 40, 20, INK, 'center');
    drawText(right, '1234', 100, 40, 20, INK, 'right');

    // Assess
    const c = inked(centred);
    expect(Math.abs((c.left + c.right) / 2 - 100)).toBeLessThanOrEqual(2);
    expect(inked(right).right).toBeLessThanOrEqual(100);
    expect(inked(right).right).toBeGreaterThan(95);
  });

  it('draws nothing for a text with a character it has no glyph for, rather than part of a name', () => {
    // Prepare
    const png = canvas();
    const name = '張記便利店';

    // Act
    drawText(png, name, 10, 40, 20, INK);

    // Assess
    expect(missingGlyphs(name)).toEqual(['張', '記', '便', '利', '店']);
    expect(inked(png).count).toBe(0);
  });
});
