import { parseWecomProxies, WECOM_PROXY_ENV, WecomProxySettingError } from '../contracts/wecom-proxy.ts';

export { parseWecomProxies, WECOM_PROXY_ENV, WecomProxySettingError };

/**
 * Where a rep's WeCom robot webhook may point. A digest carries shop names and sales, and the notifier posts
 * it to whatever URL the rep record holds: a record naming `http://169.254.169.254/…` or another company's
 * server would hand the data out. So only WeCom's own robot address is taken, plus what this deployment
 * itself declares: its WeCom proxy, and loopback where the whole stack runs on one machine.
 */

/** WeCom's robot endpoint; a webhook is this with `?key=…`. */
export const WECOM_ROBOT_ENDPOINT = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send';

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
