import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ConfigChangeError,
  ConfigConflictError,
  type ConfigVersion,
  configHistory,
  type CurrentConfig,
  InvalidConfigError,
  readCurrentConfig,
  readCurrentOverrides,
  saveConfig,
  StoredConfigError,
} from '../../functions/adapters/dynamodb/config-store.ts';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import {
  type ConfigDocument,
  ConfigKeyError,
  configLeaves,
  describeAllowed,
  describeChange,
  formatConfigValue,
  getAt,
  parseAssignment,
  setAt,
} from '../../functions/core/config-keys.ts';
import { type Locale, parseLocale } from '../../functions/core/locale.ts';
import { adminName, formatInstant, localizeReason } from '../../functions/cli/config-text.ts';
import { escapeHtml } from '../../functions/notify/html.ts';
import { closeServer, listen, serviceUrl } from './http-server.ts';

/**
 * The local admin page (`npm start`): the current thresholds, a form to change them with the same
 * validation and versioning as `churn-watch config set`, and the history. Served on the loopback interface
 * only; requests naming another host (DNS rebinding) and form posts from other sites are refused, since a
 * page anywhere on the web could otherwise post a change to 127.0.0.1.
 */

/** Form bodies beyond this are refused before they are read whole. */
const MAX_BODY_BYTES = 64 * 1024;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export interface AdminPage {
  url: string;
  close(): Promise<void>;
}

export interface AdminPageOptions {
  port: number;
  /** A loopback address; 127.0.0.1 by default. */
  host?: string;
  doc: DynamoDBDocumentClient;
  /** The config table's name. */
  table: string;
  /** The page's language unless `?lang=` says otherwise; zh-CN by default. */
  locale?: Locale;
  /** Who a change is recorded as when the form leaves the name empty; CHURN_WATCH_ADMIN, else the OS user. */
  defaultAdmin?: string;
  /** Where unexpected failures are reported on this side (the browser only sees "internal error"). */
  onError?: (error: unknown) => void;
}

/** What the form held when it was sent, kept so a refused change can be corrected rather than retyped. */
interface FormState {
  settings: string;
  reason: string;
  name: string;
}

interface PageState {
  locale: Locale;
  current: CurrentConfig | undefined;
  /** Why the current settings could not be read (a stored document that no longer validates). */
  storedError: string | undefined;
  history: ConfigVersion[];
  form: FormState;
  /** Refusal: a heading and the lines under it, each naming a key and what it accepts. */
  errors: { title: string; lines: string[] } | undefined;
  notice: string | undefined;
  /** `?lang=…` for links and the form when the page is not in the server's default language, else ''. */
  langQuery: string;
}

export async function startAdminPage(options: AdminPageOptions): Promise<AdminPage> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`the admin page listens only on a loopback address (127.0.0.1, ::1), not ${host}`);
  }
  const fallbackLocale = options.locale ?? 'zh-CN';
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.onError?.(error);
      if (!response.headersSent) sendText(response, 500, 'internal error; see the churn-watch log');
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const locale = parseLocale(url.searchParams.get('lang') ?? undefined) ?? fallbackLocale;
    if (!fromLoopbackHost(request)) return sendText(response, 421, '未知的主机名 · unknown host');
    if (url.pathname === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
      const saved = Number(url.searchParams.get('saved'));
      const unchanged = Number(url.searchParams.get('unchanged'));
      const notice = Number.isInteger(saved) && saved > 0 ? savedNotice(saved, locale) : undefined;
      const same =
        url.searchParams.has('unchanged') && Number.isInteger(unchanged)
          ? unchangedNotice(unchanged, locale)
          : undefined;
      return sendPage(response, 200, await pageState(locale, emptyForm(), undefined, notice ?? same));
    }
    if (url.pathname === '/set' && request.method === 'POST') {
      if (!sameOrigin(request))
        return sendText(response, 403, '拒绝来自其他网站的表单提交 · cross-site form posts are refused');
      const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') {
        return sendText(
          response,
          415,
          '表单须以 application/x-www-form-urlencoded 提交 · send the form as application/x-www-form-urlencoded',
        );
      }
      const body = await readBody(request);
      if (body === undefined) return sendText(response, 413, '表单超过 64 KB · form over 64 KB');
      return postSet(response, new URLSearchParams(body), locale);
    }
    if (url.pathname === '/' || url.pathname === '/set') {
      response.setHeader('allow', url.pathname === '/' ? 'GET, HEAD' : 'POST');
      return sendText(response, 405, '不支持的请求方法 · method not allowed');
    }
    return sendText(response, 404, '页面不存在 · not found');
  }

  async function postSet(response: ServerResponse, form: URLSearchParams, locale: Locale): Promise<void> {
    const zh = locale === 'zh-CN';
    const state: FormState = {
      settings: form.get('settings') ?? '',
      reason: form.get('reason') ?? '',
      name: form.get('name') ?? '',
    };
    const refuse = async (status: number, title: string, lines: string[]) =>
      sendPage(response, status, await pageState(locale, state, { title, lines }));

    const lines = state.settings
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const problems: string[] = [];
    if (lines.length === 0) {
      problems.push(zh ? '请至少写一行 设置项=值' : 'write at least one KEY=VALUE line');
    }
    if (state.reason.trim() === '') {
      problems.push(zh ? '请写明修改原因（会记录在历史中）' : 'say why (it is kept in the history)');
    }
    const assignments: { key: string; value: unknown }[] = [];
    for (const line of lines) {
      try {
        assignments.push(parseAssignment(line));
      } catch (error) {
        if (!(error instanceof ConfigKeyError)) throw error;
        problems.push(error.describe(locale));
      }
    }
    const title = zh ? '未做任何修改：' : 'Nothing was changed:';
    if (problems.length > 0) return refuse(400, title, problems);

    const current = await readCurrentOverrides(options.doc, options.table);
    let overrides: ConfigDocument = current.overrides;
    try {
      for (const { key, value } of assignments) overrides = setAt(overrides, key, value);
      const saved = await saveConfig(options.doc, options.table, {
        overrides,
        changedBy: state.name.trim() || defaultAdmin(options.defaultAdmin),
        reason: state.reason,
        expectedVersion: current.version,
      });
      const lang = locale === fallbackLocale ? '' : `&lang=${locale}`;
      response.writeHead(303, {
        location: `/?${saved.saved ? 'saved' : 'unchanged'}=${saved.version}${lang}`,
      });
      response.end();
    } catch (error) {
      if (error instanceof InvalidConfigError) {
        // describe() is a heading line and one indented line per refused key, each with what it accepts.
        const [heading = title, ...issues] = error.describe(locale).split('\n');
        return refuse(
          400,
          heading,
          issues.map((line) => line.trim()),
        );
      }
      if (error instanceof ConfigKeyError || error instanceof ConfigChangeError) {
        return refuse(400, title, [error.describe(locale)]);
      }
      if (error instanceof ConfigConflictError) {
        return refuse(409, title, [
          zh
            ? `其他人刚刚修改了配置（现在是版本 ${error.currentVersion}），本次未保存。请查看下面的最新设置后再提交。`
            : `someone else changed the config (now version ${error.currentVersion}); nothing was saved. Check the settings below and send again.`,
        ]);
      }
      throw error;
    }
  }

  async function pageState(
    locale: Locale,
    form: FormState,
    errors: PageState['errors'],
    notice?: string,
  ): Promise<PageState> {
    let current: CurrentConfig | undefined;
    let storedError: string | undefined;
    try {
      current = await readCurrentConfig(options.doc, options.table);
    } catch (error) {
      // The page is how a broken stored document gets repaired: say what is wrong, keep the form.
      if (!(error instanceof StoredConfigError)) throw error;
      storedError = error.describe(locale);
    }
    const history = await configHistory(options.doc, options.table);
    const langQuery = locale === fallbackLocale ? '' : `lang=${locale}`;
    return { locale, current, storedError, history, form, errors, notice, langQuery };
  }

  const port = await listen(server, options.port, host, 'admin page');
  return { url: serviceUrl(host, port), close: () => closeServer(server) };
}

const emptyForm = (): FormState => ({ settings: '', reason: '', name: '' });

const defaultAdmin = (configured: string | undefined): string => adminName(configured);

/** The Host header names the loopback interface (not a DNS name rebound to 127.0.0.1). */
function fromLoopbackHost(request: IncomingMessage): boolean {
  const hostHeader = request.headers.host;
  if (hostHeader === undefined) return false;
  try {
    return LOOPBACK_HOSTS.has(new URL(`http://${hostHeader}`).hostname);
  } catch {
    return false;
  }
}

/** A browser's form post from this page (scripts and curl send no Origin and are trusted like the CLI). */
function sameOrigin(request: IncomingMessage): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = request.headers.origin;
  return origin === undefined || origin === `http://${request.headers.host ?? ''}`;
}

/** The body as text, or undefined once it passes {@link MAX_BODY_BYTES} (the rest is not read). */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  // Not no-referrer: browsers then send `Origin: null` with the form post, which the origin check refuses.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}

function sendPage(response: ServerResponse, status: number, state: PageState): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
  response.end(renderAdminPage(state));
}

const savedNotice = (version: number, locale: Locale): string =>
  locale === 'zh-CN'
    ? `已保存为版本 ${version}。每日评估从下一次运行起使用新的设置。`
    : `Saved as version ${version}. The daily run uses the new settings from its next run.`;

const unchangedNotice = (version: number, locale: Locale): string =>
  locale === 'zh-CN'
    ? `与当前设置相同，未做任何修改（仍为版本 ${version}）。`
    : `The settings are the same as the current ones; nothing was changed (still version ${version}).`;

const STYLE = `
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; margin: 1.5rem auto; max-width: 60rem; padding: 0 0.75rem; color: #1f2328; line-height: 1.5; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; border-top: 1px solid #d1d9e0; padding-top: 1rem; margin-top: 1.5rem; }
small, .muted { color: #59636e; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
td, th { border-bottom: 1px solid #d1d9e0; padding: 0.3rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
tr.changed td { background: #fff8c5; }
.notice { background: #dafbe1; border: 1px solid #4ac26b; border-radius: 6px; padding: 0.5rem 0.75rem; }
.errors { background: #ffebe9; border: 1px solid #ff8182; border-radius: 6px; padding: 0.5rem 0.75rem; color: #82071e; }
.errors ul { margin: 0.25rem 0 0; padding-left: 1.25rem; }
form label { display: block; margin-top: 0.75rem; font-weight: 600; }
textarea, input[type=text] { box-sizing: border-box; width: 100%; font: inherit; padding: 0.4rem; border: 1px solid #d1d9e0; border-radius: 6px; }
textarea { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; min-height: 6rem; }
button { margin-top: 0.75rem; font: inherit; padding: 0.4rem 1.2rem; border-radius: 6px; border: 1px solid #1f883d; background: #1f883d; color: #fff; }
article { border: 1px solid #d1d9e0; border-radius: 6px; margin: 0.75rem 0; padding: 0.5rem 0.75rem; overflow-wrap: anywhere; }
article ul { margin: 0.25rem 0 0; padding-left: 1.25rem; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85rem; }
`;

/** The whole page; every text from the store or the form is escaped here. */
function renderAdminPage(state: PageState): string {
  const { locale, current } = state;
  const zh = locale === 'zh-CN';
  const t = (zhText: string, enText: string) => (zh ? zhText : enText);
  const timeZone = current?.config.timeZone ?? DEFAULT_CONFIG.timeZone;
  const otherLang = zh ? `<a href="/?lang=en">English</a>` : `<a href="/?lang=zh-CN">中文</a>`;
  const action = state.langQuery === '' ? '/set' : `/set?${state.langQuery}`;

  const summary = state.storedError
    ? `<div class="errors" role="alert">${escapeHtml(state.storedError)}<br>${escapeHtml(
        t(
          '下面的表单仍可使用：保存一次有效的设置即可修复。',
          'The form below still works: saving valid settings repairs it.',
        ),
      )}</div>`
    : current === undefined || current.version === 0
      ? `<p id="current">${escapeHtml(
          t(
            '当前配置：版本 0（从未修改，全部为默认值）',
            'Current config: version 0 (never changed; all defaults)',
          ),
        )}</p>`
      : `<p id="current">${escapeHtml(
          t(
            `当前配置：版本 ${current.version}，${current.changedBy ?? '—'} 于 ${formatInstant(current.changedAt, timeZone)}（${timeZone}）保存，原因：${current.reason === null ? '—' : localizeReason(current.reason, locale)}`,
            `Current config: version ${current.version}, saved by ${current.changedBy ?? '—'} at ${formatInstant(current.changedAt, timeZone)} (${timeZone}): ${current.reason ?? '—'}`,
          ),
        )}</p>`;

  const settings = current ? renderSettings(current, locale) : '';
  const notice = state.notice ? `<p class="notice" role="status">${escapeHtml(state.notice)}</p>` : '';
  const errors = state.errors
    ? `<div class="errors" role="alert" id="errors"><strong>${escapeHtml(state.errors.title)}</strong><ul>${state.errors.lines
        .map((line) => `<li>${escapeHtml(line)}</li>`)
        .join('')}</ul></div>`
    : '';

  return `<!doctype html>
<html lang="${zh ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t('churn-watch 设置（本地）', 'churn-watch settings (local)'))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(t('客户分类指标与设置', 'Thresholds and settings'))} <small>${otherLang}</small></h1>
${notice}
${summary}
<h2 id="edit">${escapeHtml(t('修改设置', 'Change settings'))}</h2>
${errors}
<form method="post" action="${action}">
<label for="settings">${escapeHtml(t('设置项=值，每行一项', 'KEY=VALUE, one per line'))}</label>
<small>${escapeHtml(
    t(
      '例如 rules.inactive.days=21；列表写成 ["vip","important"]；写 null 恢复默认值。',
      'e.g. rules.inactive.days=21; lists as ["vip","important"]; null restores the default.',
    ),
  )}</small>
<textarea id="settings" name="settings" rows="4" spellcheck="false" autocapitalize="off" required>${escapeHtml(state.form.settings)}</textarea>
<label for="reason">${escapeHtml(t('修改原因（必填）', 'Why (required)'))}</label>
<input type="text" id="reason" name="reason" maxlength="500" required value="${escapeHtml(state.form.reason)}">
<label for="name">${escapeHtml(t('修改人', 'Your name'))}</label>
<input type="text" id="name" name="name" maxlength="100" value="${escapeHtml(state.form.name)}">
<button type="submit">${escapeHtml(t('保存为新版本', 'Save as a new version'))}</button>
</form>
${settings}
${renderHistory(state.history, timeZone, locale)}
</body>
</html>
`;
}

function renderSettings(current: CurrentConfig, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const rows = configLeaves(current.config).map(({ key, value }) => {
    const fallback = getAt(DEFAULT_CONFIG, key);
    const differs = JSON.stringify(fallback) !== JSON.stringify(value);
    const allowed = describeAllowed(key, locale);
    return (
      `<tr${differs ? ' class="changed"' : ''} data-key="${escapeHtml(key)}">` +
      `<td>${differs ? '*' : ''}</td>` +
      `<td><code>${escapeHtml(key)}</code>${allowed ? `<br><small>${escapeHtml(allowed)}</small>` : ''}</td>` +
      `<td>${escapeHtml(formatConfigValue(value, locale))}</td>` +
      `<td class="muted">${escapeHtml(formatConfigValue(fallback, locale))}</td></tr>`
    );
  });
  const head = zh ? ['', '设置项', '值', '默认值'] : ['', 'Key', 'Value', 'Default'];
  return `<h2 id="settings-heading">${zh ? '当前设置' : 'Current settings'} <small>${
    zh ? '* = 与默认值不同' : '* = differs from the default'
  }</small></h2>
<table id="settings-table">
<tr>${head.map((cell) => `<th>${cell}</th>`).join('')}</tr>
${rows.join('\n')}
</table>`;
}

function renderHistory(history: readonly ConfigVersion[], timeZone: string, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const heading = `<h2 id="history">${zh ? '修改历史' : 'History'} <small>${escapeHtml(
    zh ? `最新的在前，${timeZone} 时间` : `newest first, times in ${timeZone}`,
  )}</small></h2>`;
  if (history.length === 0) {
    return `${heading}\n<p>${
      zh ? '还没有保存过任何配置，正在使用默认值。' : 'No config has been saved yet; the defaults are in use.'
    }</p>`;
  }
  const versions = history.map((version) => {
    const head = zh
      ? `版本 ${version.version} · ${formatInstant(version.changedAt, timeZone)} · ${version.changedBy}`
      : `v${version.version} · ${formatInstant(version.changedAt, timeZone)} · ${version.changedBy}`;
    const why = `${zh ? '原因：' : 'Why: '}${localizeReason(version.reason, locale)}`;
    const changes = version.changes
      .map((change) => `<li>${escapeHtml(describeChange(change, locale))}</li>`)
      .join('');
    return `<article data-version="${version.version}"><strong>${escapeHtml(head)}</strong><br>${escapeHtml(why)}<ul>${changes}</ul></article>`;
  });
  return `${heading}\n${versions.join('\n')}`;
}
