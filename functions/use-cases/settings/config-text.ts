import { TZDate } from '@date-fns/tz';
import { userInfo } from 'node:os';

/**
 * How a config change is shown to an admin, the same in the CLI and on the local admin page: who made it and
 * when (in the distributor's zone); why, in the reader's words, is text/settings.ts's localizeReason.
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
