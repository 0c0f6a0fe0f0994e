/** The company WeCom proxy setting, read by the functions and checked by the CDK app. Dependency-free. */

/**
 * A company's own WeCom proxy (some networks reach qyapi.weixin.qq.com only through one): comma-separated
 * https URL prefixes, e.g. `https://wecom-proxy.example.com/cgi-bin/webhook/send`. Read by ingest and the
 * notifier; on AWS set with the CDK context value `wecomProxyUrls`.
 */
export const WECOM_PROXY_ENV = 'CHURN_WATCH_WECOM_PROXY_URLS';

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
