import { LOCALE_SPELLINGS } from './input-spellings.ts';

/** User-facing text is Chinese first; English is available per user. */
export type Locale = 'zh-CN' | 'en';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** Accepts the spellings admins type in CSVs and flags (input-spellings.ts). */
export function parseLocale(text: string | undefined): Locale | undefined {
  const value = text?.trim().toLowerCase();
  if (!value) return undefined;
  return LOCALES.find((locale) => (LOCALE_SPELLINGS[locale] as readonly string[]).includes(value));
}
