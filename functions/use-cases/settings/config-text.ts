import { TZDate } from '@date-fns/tz';
import { userInfo } from 'node:os';
import type { Locale } from '../../core/locale.ts';
import { textFor } from '../../text/catalogue.ts';

/**
 * How a config change is shown to an admin, the same in the CLI and on the local admin page: who made it,
 * when (in the distributor's zone), and why.
 */

/** Who made a change: given by name, else CHURN_WATCH_ADMIN, else the account running the command. */
export function adminName(by: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const named = by?.trim() || env.CHURN_WATCH_ADMIN?.trim();
  if (named) return named;
  try {
    return userInfo().username;
  } catch {
    // Containers may run under a uid with no passwd entry.
    return 'unknown';
  }
}

/** `2026-11-20 09:12` in the configured zone: when admins (not servers) read it. */
export function formatInstant(iso: string | null, timeZone: string): string {
  const ms = iso === null ? Number.NaN : Date.parse(iso);
  if (Number.isNaN(ms)) return iso ?? '—';
  const local = new TZDate(ms, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}`;
}

/** Rollbacks store their reason as `rollback to vN: …` (one text for every reader); worded for the reader. */
export function localizeReason(reason: string, locale: Locale): string {
  const rollback = /^rollback to v(\d+): ([\s\S]*)$/.exec(reason);
  return rollback ? textFor(locale).settings.rollbackReason(rollback[1] ?? '', rollback[2] ?? '') : reason;
}
