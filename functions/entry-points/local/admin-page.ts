import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ConfigChangeError,
  ConfigConflictError,
  configHistory,
  type CurrentConfig,
  dynamoConfigStore,
  getConfigVersion,
  InvalidConfigError,
  loadConfigVersion,
  readCurrentConfig,
  readCurrentOverrides,
  StoredConfigError,
} from '../../adapters/dynamodb/config-store.ts';
import { dynamoPreviewStore } from '../../adapters/dynamodb/preview-store.ts';
import type { TableNames } from '../../adapters/dynamodb/tables.ts';
import { previewConfig } from '../../use-cases/settings/preview-config.ts';
import {
  rollbackSettings,
  type ScheduleOutcome,
  saveSettings,
} from '../../use-cases/settings/change-settings.ts';
import type { ScheduleFollower } from '../../adapters/scheduler/schedule-sync.ts';
import { adminName } from '../../use-cases/settings/config-text.ts';
import { type ChurnConfig, DEFAULT_CONFIG, parseConfig } from '../../core/config.ts';
import {
  type ConfigDocument,
  ConfigKeyError,
  diffConfigs,
  getAt,
  parseAssignment,
  setAt,
} from '../../core/config-keys.ts';
import { dayOfInstant } from '../../core/days.ts';
import { describeError } from '../../text/errors.ts';
import { describeField, describeFieldProblem, fieldProblemLine } from '../../text/problems.ts';
import { type Locale, LOCALES, parseLocale } from '../../core/locale.ts';
import {
  emptyForm,
  type FormState,
  type PageState,
  renderAdminPage,
  renderRollbackPage,
  type RollbackState,
} from './admin-page-html.ts';
import { closeServer, listen, serviceUrl } from './http-server.ts';
import { type CliCatalogue, cliTextFor } from '../../text/cli-catalogue.ts';

/**
 * The local admin page (`npm start`): every setting as a field explained in the admin's words, a preview of
 * a change (the same counts as `churn-watch config preview`) before it is saved as a new version, and the
 * versions with a rollback each (as `config rollback`). A save or rollback made on a version someone else
 * has since replaced is refused, never laid over their change. Served on the loopback interface only;
 * requests naming another host (DNS rebinding) and form posts from other sites are refused, since a page
 * anywhere on the web could otherwise post a change to 127.0.0.1.
 */

/** Form bodies beyond this are refused before they are read whole. */
const MAX_BODY_BYTES = 64 * 1024;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The pages and the methods each answers. */
const ROUTES: Record<string, readonly string[]> = {
  '/': ['GET', 'HEAD'],
  '/rollback': ['GET', 'HEAD', 'POST'],
  '/set': ['POST'],
  '/preview': ['POST'],
};

export interface AdminPage {
  url: string;
  close(): Promise<void>;
}

export interface AdminPageOptions {
  port: number;
  /** A loopback address; 127.0.0.1 by default. */
  host?: string;
  doc: DynamoDBDocumentClient;
  /** The config table (settings and versions), and the profiles and customers the preview evaluates. */
  tables: Pick<TableNames, 'config' | 'profiles' | 'customers'>;
  /** The page's language unless `?lang=` says otherwise; zh-CN by default. */
  locale?: Locale;
  /** Who a change is recorded as when the form leaves the name empty; CHURN_WATCH_ADMIN, else the OS user. */
  defaultAdmin?: string;
  /**
   * The deployed schedules a save must follow, when the page edits a stage's settings on AWS
   * (CHURN_WATCH_SCHEDULE_PREFIX); none for `npm start`'s own store, whose scheduler re-reads the settings.
   */
  schedules?: ScheduleFollower | undefined;
  /** Where unexpected failures are reported on this side (the browser only sees "internal error"). */
  onError?: (error: unknown) => void;
  /** The clock that sets the preview's day (today in the configured zone); Date.now by default. */
  now?: () => number;
}

interface Assignment {
  key: string;
  value: unknown;
  /** The line as the admin would type it again. */
  line: string;
}

export async function startAdminPage(options: AdminPageOptions): Promise<AdminPage> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`the admin page listens only on a loopback address (127.0.0.1, ::1), not ${host}`);
  }
  const { doc, tables } = options;
  const now = options.now ?? Date.now;
  const fallbackLocale = options.locale ?? 'zh-CN';
  const settings = { configs: dynamoConfigStore(doc, tables.config), schedules: options.schedules };
  const previewStore = dynamoPreviewStore(doc, tables);
  /** A failed schedule sync is told on the page that follows (the reason goes to the log, not the URL). */
  const scheduleQuery = (outcome: ScheduleOutcome): string => {
    if (outcome.kind !== 'failed') return '';
    options.onError?.(outcome.error);
    return '&schedules=failed';
  };
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
    if (!fromLoopbackHost(request)) return sendText(response, 421, refusal('unknownHost'));
    const methods = ROUTES[url.pathname];
    if (methods === undefined) return sendText(response, 404, refusal('notFound'));
    const method = request.method ?? 'GET';
    if (!methods.includes(method)) {
      response.setHeader('allow', methods.join(', '));
      return sendText(response, 405, refusal('methodNotAllowed'));
    }
    if (method !== 'POST') {
      if (url.pathname === '/rollback') {
        return confirmRollback(response, wholeNumber(url.searchParams.get('to')), locale, {
          reason: '',
          name: '',
        });
      }
      return sendHtml(
        response,
        200,
        renderAdminPage(await pageState(locale, emptyForm(), noticeOf(url, locale))),
      );
    }
    if (!sameOrigin(request)) return sendText(response, 403, refusal('crossSite'));
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      return sendText(response, 415, refusal('formEncoding'));
    }
    const body = await readBody(request);
    if (body === undefined) return sendText(response, 413, refusal('formTooLarge'));
    const params = new URLSearchParams(body);
    if (url.pathname === '/rollback') return postRollback(response, params, locale);
    return postEdit(response, url.pathname === '/preview' ? 'preview' : 'save', readForm(params), locale);
  }

  /** "预览" and "保存": the fields that differ from the version being edited, applied to its overrides. */
  async function postEdit(
    response: ServerResponse,
    action: 'preview' | 'save',
    form: FormState,
    locale: Locale,
  ): Promise<void> {
    const text = cliTextFor(locale).adminPage.answer;
    const title = text.nothingChanged;
    const refuse = async (status: number, heading: string, lines: string[]) =>
      sendHtml(
        response,
        status,
        renderAdminPage(await pageState(locale, form, undefined, { title: heading, lines })),
      );

    // Every form the page serves names the version it shows; a post without one (a stale bookmark, a
    // hand-made request) could overwrite a change it never saw, so it is refused rather than taken as current.
    if (form.version === undefined) {
      return refuse(400, title, [text.noVersion]);
    }
    const stored = await readCurrentOverrides(doc, tables.config);
    const editing = form.version;
    if (editing !== stored.version) return conflict(response, action, form, editing, stored.version, locale);
    const current = await readCurrentConfig(doc, tables.config).catch((error: unknown) => {
      if (error instanceof StoredConfigError) return undefined;
      throw error;
    });
    const { assignments, problems } = changesIn(form, current?.config, locale);
    if (action === 'save' && assignments.length === 0 && problems.length === 0) {
      problems.push(text.noChange);
    }
    if (action === 'save' && form.reason.trim() === '') {
      problems.push(text.reasonRequired);
    }
    const tooLong = reasonTooLong(form.reason, locale);
    if (action === 'save' && tooLong) problems.push(tooLong);
    // Every bad field at once, as config set names them: the values that could be read are checked with the rest.
    if (problems.length > 0)
      return refuse(400, title, [...problems, ...refusedValues(stored.overrides, assignments, locale)]);

    try {
      let overrides: ConfigDocument = stored.overrides;
      for (const { key, value } of assignments) overrides = setAt(overrides, key, value);
      if (action === 'preview') {
        if (current === undefined) {
          return refuse(400, text.cannotPreview, [text.storedInvalid]);
        }
        const asOf = dayOfInstant(now(), current.config.timeZone);
        const { preview } = await previewConfig(previewStore, {
          current,
          overrides,
          asOf,
        });
        const state = await pageState(locale, form);
        return sendHtml(response, 200, renderAdminPage({ ...state, preview }));
      }
      const { saved, schedules } = await saveSettings(settings, {
        overrides,
        changedBy: form.name.trim() || defaultAdmin(options.defaultAdmin),
        reason: form.reason,
        expectedVersion: editing,
      });
      return redirect(
        response,
        `/?${saved.saved ? 'saved' : 'unchanged'}=${saved.version}${scheduleQuery(schedules)}`,
        locale,
      );
    } catch (error) {
      if (error instanceof InvalidConfigError) {
        return refuse(400, error.describe(locale).split('\n')[0] ?? title, refusedLines(error, locale));
      }
      if (error instanceof ConfigKeyError || error instanceof ConfigChangeError) {
        return refuse(400, title, [describeError(error, locale)]);
      }
      if (error instanceof ConfigConflictError) {
        return conflict(response, action, form, editing, error.currentVersion, locale);
      }
      throw error;
    }
  }

  /**
   * Someone saved since this form was filled. Nothing is written; the page shows the newest settings, and the
   * admin's own edits (against the version they were editing) wait in the other-settings box, to be checked
   * and sent again on top of the newer version.
   */
  async function conflict(
    response: ServerResponse,
    action: 'preview' | 'save',
    form: FormState,
    editing: number,
    currentVersion: number,
    locale: Locale,
  ): Promise<void> {
    const text = cliTextFor(locale).adminPage.answer;
    const base = await loadConfigVersion(doc, tables.config, editing).catch(() => undefined);
    const mine = changesIn({ ...form, settings: '' }, base, locale).assignments.map(({ line }) => line);
    const settings = [form.settings.trim(), ...mine].filter((line) => line !== '').join('\n');
    const kept: FormState = { ...emptyForm(), settings, reason: form.reason, name: form.name };
    const state = await pageState(locale, kept, undefined, {
      title: action === 'save' ? text.notSaved : text.notPreviewed,
      lines: [
        action === 'save'
          ? text.conflictSave(currentVersion, editing)
          : text.conflictPreview(currentVersion, editing),
        text.yourChangesKept,
      ],
    });
    return sendHtml(response, 409, renderAdminPage(state));
  }

  /** The confirmation step: what rolling back to `toVersion` would change. */
  async function confirmRollback(
    response: ServerResponse,
    toVersion: number | undefined,
    locale: Locale,
    form: { reason: string; name: string },
    problem?: string,
    status = 200,
  ): Promise<void> {
    const text = cliTextFor(locale).adminPage.answer;
    const current = await currentOrDefaults();
    if (toVersion === undefined || toVersion >= current.version) {
      const state = await pageState(locale, emptyForm(), undefined, {
        title: text.cannotRollBack,
        lines: [
          current.version === 0
            ? cliTextFor(locale).settings.nothingToRollBack
            : cliTextFor(locale).settings.rollbackRange(current.version - 1, current.version),
        ],
      });
      return sendHtml(response, 400, renderAdminPage(state));
    }
    const target = toVersion === 0 ? undefined : await getConfigVersion(doc, tables.config, toVersion);
    let changes: RollbackState['changes'] = [];
    let refused = problem;
    const overrides = target?.overrides ?? {};
    const parsed = parseConfig(overrides);
    if (toVersion > 0 && target === undefined) {
      refused ??= cliTextFor(locale).settings.versionNotInHistory(toVersion);
    } else if (parsed.ok) {
      changes = diffConfigs(current.config, parsed.config);
    } else {
      refused ??= `${text.versionInvalid(toVersion)}${parsed.issues
        .map((issue) =>
          fieldProblemLine(describeField(issue.field, locale), describeFieldProblem(issue.problem, locale)),
        )
        .join('; ')}`;
    }
    const state: RollbackState = {
      locale,
      current,
      toVersion,
      target,
      changes,
      problem: refused,
      form,
      langQuery: langQuery(locale),
    };
    return sendHtml(
      response,
      refused === undefined ? status : Math.max(status, 400),
      renderRollbackPage(state),
    );
  }

  async function postRollback(
    response: ServerResponse,
    params: URLSearchParams,
    locale: Locale,
  ): Promise<void> {
    const text = cliTextFor(locale).adminPage.answer;
    const toVersion = wholeNumber(params.get('to'));
    const form = { reason: params.get('reason') ?? '', name: params.get('name') ?? '' };
    if (toVersion === undefined) return confirmRollback(response, undefined, locale, form);
    const tooLong = reasonTooLong(form.reason, locale);
    if (tooLong) return confirmRollback(response, toVersion, locale, form, tooLong, 400);
    try {
      const version = wholeNumber(params.get('version'));
      if (version === undefined) {
        return confirmRollback(response, toVersion, locale, form, text.rollbackNoVersion, 400);
      }
      const { saved, schedules } = await rollbackSettings(settings, {
        toVersion,
        expectedVersion: version,
        changedBy: form.name.trim() || defaultAdmin(options.defaultAdmin),
        reason: form.reason,
      });
      return redirect(
        response,
        (saved.saved ? `/?saved=${saved.version}&rolledBack=${toVersion}` : `/?unchanged=${saved.version}`) +
          scheduleQuery(schedules),
        locale,
      );
    } catch (error) {
      if (error instanceof ConfigConflictError) {
        const state = await pageState(locale, emptyForm(), undefined, {
          title: text.notRolledBack,
          lines: [text.rollbackConflict(error.currentVersion)],
        });
        return sendHtml(response, 409, renderAdminPage(state));
      }
      if (error instanceof ConfigChangeError || error instanceof InvalidConfigError) {
        return confirmRollback(response, toVersion, locale, form, error.describe(locale), 400);
      }
      throw error;
    }
  }

  /** The current settings; the defaults (with the stored version) when the stored ones no longer validate. */
  async function currentOrDefaults(): Promise<CurrentConfig> {
    try {
      return await readCurrentConfig(doc, tables.config);
    } catch (error) {
      if (!(error instanceof StoredConfigError)) throw error;
      const stored = await readCurrentOverrides(doc, tables.config);
      return {
        config: DEFAULT_CONFIG,
        version: stored.version,
        overrides: stored.overrides,
        changedBy: null,
        changedAt: null,
        reason: null,
      };
    }
  }

  async function pageState(
    locale: Locale,
    form: FormState,
    notice?: string,
    errors?: PageState['errors'],
  ): Promise<PageState> {
    let current: CurrentConfig | undefined;
    let storedError: string | undefined;
    try {
      current = await readCurrentConfig(doc, tables.config);
    } catch (error) {
      // The page is how a broken stored document gets repaired: say what is wrong, keep the form.
      if (!(error instanceof StoredConfigError)) throw error;
      storedError = error.describe(locale);
    }
    const version = current?.version ?? (await readCurrentOverrides(doc, tables.config)).version;
    const history = await configHistory(doc, tables.config);
    return {
      locale,
      current,
      version,
      storedError,
      history,
      form,
      errors,
      notice,
      preview: undefined,
      langQuery: langQuery(locale),
    };
  }

  const langQuery = (locale: Locale) => (locale === fallbackLocale ? '' : `lang=${locale}`);

  function redirect(response: ServerResponse, location: string, locale: Locale): void {
    const lang = langQuery(locale);
    response.writeHead(303, { location: lang === '' ? location : `${location}&${lang}` });
    response.end();
  }

  const port = await listen(server, options.port, host, 'admin page');
  return { url: serviceUrl(host, port), close: () => closeServer(server) };
}

/**
 * What the form's reason field allows (maxlength in admin-page-html.ts). The browser enforces it, but a post
 * made without the page is checked here too: the reason is kept in every version of the history.
 */
export const MAX_REASON_LENGTH = 500;

function reasonTooLong(reason: string, locale: Locale): string | undefined {
  if (reason.length <= MAX_REASON_LENGTH) return undefined;
  return cliTextFor(locale).adminPage.answer.reasonTooLong(MAX_REASON_LENGTH, reason.length);
}

/** The form as sent: each setting's field (`set:KEY`), the other-settings lines, who, why and the version. */
function readForm(params: URLSearchParams): FormState {
  const fields = new Map<string, string>();
  for (const [name, value] of params) {
    if (name.startsWith('set:')) fields.set(name.slice('set:'.length), value);
  }
  return {
    fields,
    settings: params.get('settings') ?? '',
    reason: params.get('reason') ?? '',
    name: params.get('name') ?? '',
    version: wholeNumber(params.get('version')),
  };
}

/**
 * The changes a form asks for: each field whose value differs from `base` (every field when there is no base
 * to compare with), then the other-settings lines, which win over a field of the same key.
 */
function changesIn(
  form: FormState,
  base: ChurnConfig | undefined,
  locale: Locale,
): { assignments: Assignment[]; problems: string[] } {
  const assignments: Assignment[] = [];
  const problems: string[] = [];
  const add = (line: string, compare: boolean) => {
    try {
      const { key, value } = parseAssignment(line);
      if (compare && base !== undefined && JSON.stringify(getAt(base, key)) === JSON.stringify(value)) return;
      assignments.push({ key, value, line });
    } catch (error) {
      if (!(error instanceof ConfigKeyError)) throw error;
      problems.push(describeError(error, locale));
    }
  };
  for (const [key, text] of form.fields) add(`${key}=${text.trim()}`, true);
  for (const line of form.settings.split(/\r?\n/)) {
    const text = line.trim();
    if (text !== '' && !text.startsWith('#')) add(text, false);
  }
  return { assignments, problems };
}

/** One line per refused key, each with what it accepts (describe() heads them with a line of its own). */
const refusedLines = (error: InvalidConfigError, locale: Locale): string[] =>
  error
    .describe(locale)
    .split('\n')
    .slice(1)
    .map((line) => line.trim());

/** The values among `assignments` that a save would refuse, worded as a save words them; none if all are good. */
function refusedValues(
  overrides: ConfigDocument,
  assignments: readonly Assignment[],
  locale: Locale,
): string[] {
  let changed = overrides;
  try {
    for (const { key, value } of assignments) changed = setAt(changed, key, value);
  } catch (error) {
    if (error instanceof ConfigKeyError) return [describeError(error, locale)];
    throw error;
  }
  const parsed = parseConfig(changed);
  return parsed.ok ? [] : refusedLines(new InvalidConfigError(parsed.issues), locale);
}

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

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
  response.end(html);
}

const savedNotice = (version: number, locale: Locale): string =>
  cliTextFor(locale).adminPage.answer.saved(version);

const unchangedNotice = (version: number, locale: Locale): string =>
  cliTextFor(locale).settings.unchanged(version);

const rolledBackNotice = (toVersion: number, version: number, locale: Locale): string =>
  cliTextFor(locale).adminPage.answer.rolledBack(toVersion, version);

/** What the page says after a save or rollback redirected back to it (`?saved=4&rolledBack=2`). */
function noticeOf(url: URL, locale: Locale): string | undefined {
  const saved = wholeNumber(url.searchParams.get('saved'));
  const rolledBack = wholeNumber(url.searchParams.get('rolledBack'));
  const unchanged = wholeNumber(url.searchParams.get('unchanged'));
  if (saved !== undefined && saved > 0) {
    const notice =
      rolledBack === undefined ? savedNotice(saved, locale) : rolledBackNotice(rolledBack, saved, locale);
    return url.searchParams.get('schedules') === 'failed'
      ? `${notice} ${schedulesFailedNotice(locale)}`
      : notice;
  }
  const notice = unchanged === undefined ? undefined : unchangedNotice(unchanged, locale);
  return url.searchParams.get('schedules') === 'failed'
    ? [notice, schedulesFailedNotice(locale)].filter(Boolean).join(' ')
    : notice;
}

function schedulesFailedNotice(locale: Locale): string {
  return cliTextFor(locale).adminPage.answer.schedulesFailed;
}

/** A plain-text refusal of a request that is not the page's own: its language is unknown, so every one. */
function refusal(key: keyof CliCatalogue['adminPage']['refusedRequest']): string {
  return LOCALES.map((locale) => cliTextFor(locale).adminPage.refusedRequest[key]).join(' · ');
}

/** A whole number (0 or more) from a query or form field, else undefined. */
function wholeNumber(text: string | null): number | undefined {
  if (text === null || !/^\d{1,9}$/.test(text.trim())) return undefined;
  return Number(text.trim());
}
