import { TIERS } from '../core/config.ts';
import { LOCALES, type Locale } from '../core/locale.ts';
import { textFor } from '../text/catalogue.ts';
import type { ChartsText } from '../text/zh-CN/charts.ts';
import { tierName } from '../text/explain.ts';

/**
 * Every word drawn inside the weekly email's charts, per locale: the `charts` area of the catalogues. The
 * charts are PNGs drawn with a font subset (chart-font.ts) that holds the glyphs of these words, the tier
 * names, digits and ASCII, and nothing else, so the notifier bundle stays small: a word added there needs
 * `npx tsx bin/generate-chart-font.ts` to be drawn (test/render/chart-text.test.ts says which characters are
 * missing).
 */
export type ChartWords = ChartsText;

export const CHART_WORDS: Readonly<Record<Locale, ChartWords>> = Object.fromEntries(
  LOCALES.map((locale) => [locale, textFor(locale).charts]),
) as Record<Locale, ChartWords>;

/**
 * Every character a chart may draw: printable ASCII (numbers, dates, English), `¥`, `—` (no value), and the
 * words above in both locales with the tier names. The font generator subsets to exactly these.
 */
export function chartCharacters(): string[] {
  const texts: string[] = [];
  for (let code = 0x20; code < 0x7f; code++) texts.push(String.fromCharCode(code));
  texts.push('¥', '—');
  for (const locale of LOCALES) {
    const words = CHART_WORDS[locale];
    for (const value of Object.values(words)) {
      if (typeof value === 'string') texts.push(value);
    }
    texts.push(words.trendAtRiskTitle(8), words.trendMoneyTitle(8));
    for (let month = 1; month <= 12; month++) texts.push(words.monthLabel(month, false));
    texts.push(words.compactYuan(12_345), words.compactYuan(123_456_789));
    for (const tier of TIERS) texts.push(tierName(tier, locale));
  }
  return [...new Set([...texts.join('')])].sort();
}
