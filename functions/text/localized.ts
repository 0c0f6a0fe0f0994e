import { type Locale, LOCALES } from '../core/locale.ts';
import type { LocalizedText } from '../core/localized-error.ts';
import { type Catalogue, textFor } from './catalogue.ts';

/**
 * The same words in every language, for an error a person reads later in theirs ({@link LocalizedText}).
 *
 * @example inEveryLocale((text) => text.evaluate.configFile.unreadable(path))
 */
export function inEveryLocale(words: (text: Catalogue) => string): LocalizedText {
  return Object.fromEntries(LOCALES.map((locale) => [locale, words(textFor(locale))])) as Record<
    Locale,
    string
  >;
}
