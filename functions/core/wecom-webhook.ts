import type { Locale } from './locale.ts';

/**
 * Where a rep's WeCom robot webhook may point. A digest carries shop names and sales, and the notifier posts
 * it to whatever URL the rep record holds: a record naming `http://169.254.169.254/…` or another company's
 * server would hand the data out. So only WeCom's own robot address is taken, plus what this deployment
 * itself declares: its WeCom proxy, and loopback where the whole stack runs on one machine.
 */

/** WeCom's robot endpoint; a webhook is this with `?key=…`. */
export const WECOM_ROBOT_ENDPOINT = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send';

/**
 * A company's own WeCom proxy (some networks reach qyapi.weixin.qq.com only through one): comma-separated
 * https URL prefixes, e.g. `https://wecom-proxy.example.com/cgi-bin/webhook/send`. Read by ingest and the
 * notifier; on AWS set with the CDK context value `wecomProxyUrls`.
 */
export const WECOM_PROXY_ENV = 'CHURN_WATCH_WECOM_PROXY_URLS';

export interface WebhookAllowList {
  /**
   * Also loopback (127.0.0.1, localhost, ::1): the WeCom receiver `npm start` runs. Set by the process from
   * where it runs (a local stack), never from anything a request says.
   */
  loopback: boolean;
  /** Proxy prefixes (from {@link parseWecomProxies}); a webhook must share the origin and start with the path. */
  proxies: readonly URL[];
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether the notifier may post to `webhook`.
 *
 * @example isAllowedWebhook('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', { loopback: false, proxies: [] }) // true
 */
export function isAllowedWebhook(webhook: string, allow: WebhookAllowList): boolean {
  let url: URL;
  try {
    url = new URL(webhook);
  } catch {
    return false;
  }
  // `https://qyapi.weixin.qq.com@attacker.example/` parses with a user name: never a robot address.
  if (url.username !== '' || url.password !== '') return false;
  if (
    url.protocol === 'https:' &&
    url.host === 'qyapi.weixin.qq.com' &&
    url.pathname === '/cgi-bin/webhook/send' &&
    (url.searchParams.get('key') ?? '') !== ''
  ) {
    return true;
  }
  if (allow.proxies.some((proxy) => underPrefix(url, proxy))) return true;
  return (
    allow.loopback &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    LOOPBACK_HOSTS.has(url.hostname)
  );
}

function underPrefix(url: URL, prefix: URL): boolean {
  if (url.origin !== prefix.origin) return false;
  const path = prefix.pathname;
  return path.endsWith('/')
    ? url.pathname.startsWith(path)
    : url.pathname === path || url.pathname.startsWith(`${path}/`);
}

/** The proxy setting could not be read; thrown at start-up, naming the variable and the entry. */
export class WecomProxySettingError extends Error {
  override readonly name = 'WecomProxySettingError';
}

/**
 * The proxy prefixes of {@link WECOM_PROXY_ENV}: comma- or space-separated https URLs without query or
 * credentials. Unset or blank: none.
 *
 * @throws {WecomProxySettingError} an entry is not such a URL
 */
export function parseWecomProxies(setting: string | undefined): URL[] {
  const proxies: URL[] = [];
  for (const entry of (setting ?? '').split(/[\s,]+/)) {
    if (entry === '') continue;
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (
      !url ||
      url.protocol !== 'https:' ||
      url.search !== '' ||
      url.username !== '' ||
      url.password !== ''
    ) {
      throw new WecomProxySettingError(
        `${WECOM_PROXY_ENV}: "${entry}" is not an https URL prefix without query or credentials (e.g. https://wecom-proxy.example.com/cgi-bin/webhook/send)`,
      );
    }
    proxies.push(url);
  }
  return proxies;
}

/** Why a rep's webhook was refused, in the admin's words: what is taken here. The URL is not repeated (it holds a key). */
export function webhookNotAllowedText(allow: WebhookAllowList, locale: Locale): string {
  const proxies = allow.proxies.map((proxy) => proxy.href);
  if (locale === 'en') {
    const also = [
      ...(proxies.length > 0 ? [`the configured WeCom proxy (${proxies.join(', ')})`] : []),
      ...(allow.loopback ? ['on this machine http://127.0.0.1 or localhost'] : []),
    ];
    return `is not a WeCom robot address: use ${WECOM_ROBOT_ENDPOINT}?key=…${also.length > 0 ? ` (or ${also.join('; ')})` : ''}`;
  }
  const also = [
    ...(proxies.length > 0 ? [`已配置的企业微信代理（${proxies.join('、')}）`] : []),
    ...(allow.loopback ? ['本机的 http://127.0.0.1 或 localhost'] : []),
  ];
  return `不是企业微信机器人地址：应为 ${WECOM_ROBOT_ENDPOINT}?key=…${also.length > 0 ? `（或${also.join('；')}）` : ''}`;
}
