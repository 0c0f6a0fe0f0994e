import { createHmac, timingSafeEqual } from 'node:crypto';
import { FOLLOW_UP_ACTIONS, type FollowUpAction } from '../../core/follow-up.ts';
import { ACTION_PATH } from '../../contracts/api.ts';

/**
 * The signed links beside each customer in a digest. A link carries who it is for (rep), about whom
 * (customer), which warning (the episode's first day), what it does (one action, or `choose`: a page offering
 * the actions, for WeCom, where five links per customer would not fit a message), and until when; an HMAC
 * over all of it proves churn-watch made it. Holding a link lets one do that one thing and nothing else.
 *
 * Token: `base64url(JSON [rep, customer, episode, action, expiresEpochSeconds]) "." base64url(HMAC-SHA256)`,
 * the MAC truncated to 128 bits (NIST SP 800-107 allows truncation to ≥ 64 bits for authentication) so a link
 * stays short enough for a WeCom message. The MAC covers a version label too, so a token of a later format can
 * never verify as this one.
 */

export type LinkAction = FollowUpAction | 'choose';

export interface ActionClaims {
  repId: string;
  customerId: string;
  /** The episode's first at-risk day, `YYYY-MM-DD`. */
  episode: string;
  action: LinkAction;
  /** Epoch seconds after which the link no longer works. */
  expires: number;
}

export type VerifyResult =
  | { ok: true; claims: ActionClaims }
  /** `tampered`: not a token we made (or made with another key); `expired`: ours, too old. */
  | { ok: false; reason: 'tampered' | 'expired' };

const VERSION = 'cw-action-1';
const MAC_BYTES = 16;

const mac = (key: string | Uint8Array, payload: string): Buffer =>
  createHmac('sha256', key).update(`${VERSION}.${payload}`).digest().subarray(0, MAC_BYTES);

export function signAction(key: string | Uint8Array, claims: ActionClaims): string {
  const payload = Buffer.from(
    JSON.stringify([claims.repId, claims.customerId, claims.episode, claims.action, claims.expires]),
  ).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

const LINK_ACTIONS: ReadonlySet<string> = new Set([...FOLLOW_UP_ACTIONS, 'choose']);

/**
 * Whether `token` is a link we made and still works at `nowSeconds`. The MAC is checked first and in constant
 * time; nothing of a token that fails it is trusted, not even its expiry.
 */
export function verifyAction(key: string | Uint8Array, token: string, nowSeconds: number): VerifyResult {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 1024) return { ok: false, reason: 'tampered' };
  const payload = token.slice(0, dot);
  const givenText = token.slice(dot + 1);
  const given = Buffer.from(givenText, 'base64url');
  const expected = mac(key, payload);
  // Compared as bytes in constant time, and the text must be the one encoding of them: base64url's last
  // character carries spare bits, and a link whose last character was changed must not still work.
  if (
    given.length !== expected.length ||
    !timingSafeEqual(given, expected) ||
    given.toString('base64url') !== givenText
  ) {
    return { ok: false, reason: 'tampered' };
  }
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'tampered' };
  }
  if (!Array.isArray(fields) || fields.length !== 5) return { ok: false, reason: 'tampered' };
  const [repId, customerId, episode, action, expires] = fields as unknown[];
  if (
    typeof repId !== 'string' ||
    typeof customerId !== 'string' ||
    typeof episode !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(episode) ||
    typeof action !== 'string' ||
    !LINK_ACTIONS.has(action) ||
    typeof expires !== 'number' ||
    !Number.isSafeInteger(expires)
  ) {
    return { ok: false, reason: 'tampered' };
  }
  if (nowSeconds > expires) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { repId, customerId, episode, action: action as LinkAction, expires } };
}

export { ACTION_PATH };

/** The link a digest carries: `${baseUrl}/a/${token}` (the token is URL-safe as it is). */
export function actionUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${ACTION_PATH}/${token}`;
}
