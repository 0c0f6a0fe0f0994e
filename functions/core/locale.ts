/** User-facing text is Chinese first; English is available per user. */
export type Locale = 'zh-CN' | 'en';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** Accepts the spellings admins type in CSVs and flags (`zh`, `中文`, `EN`, `英文`). */
export function parseLocale(text: string | undefined): Locale | undefined {
  const value = text?.trim().toLowerCase();
  if (!value) return undefined;
  if (['zh', 'zh-cn', 'zh_cn', 'cn', '中文', '简体中文'].includes(value)) return 'zh-CN';
  if (['en', 'en-us', 'en-gb', 'english', '英文', '英语'].includes(value)) return 'en';
  return undefined;
}
