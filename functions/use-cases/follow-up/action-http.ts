import { randomBytes } from 'node:crypto';
import type { ChurnConfig } from '../../core/config.ts';
import type { FollowUpAction, FollowUpAnswer } from '../../core/follow-up.ts';
import type { Locale } from '../../core/locale.ts';
import { type ActionClaims, signAction, verifyAction } from './action-link.ts';
import { type ActionPageView, renderActionPage } from '../../render/action-page.ts';
import { type AnswerEffect, type AnswerStore, type EventIngest, recordAnswer } from './record-answer.ts';

/**
 * The action links' route, `/a/<token>`, for API Gateway (proxy integration) and the local API server alike.
 *
 * GET never records anything: mail security scanners and chat link previews fetch every link in a message,
 * and a GET that recorded would answer for the rep. It shows a page whose form posts the same link back,
 * submitted by the page itself on load (a button when scripts are off). POST records. The link is the only
 * credential, so neither it nor the key is ever logged or echoed into a page.
 */

/** The part of an API Gateway proxy event the route reads; `path` ends with `/a/<token>`. */
export interface ActionHttpEvent {
  httpMethod: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: string | null;
  isBase64Encoded?: boolean;
}

export interface ActionHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** What the page reads besides the answers (adapters/dynamodb/action-directory.ts). */
export interface ActionDirectory {
  /** The settings as saved now. */
  config(): Promise<ChurnConfig>;
  /** The language the rep chose, if they chose one. */
  repLocale(repId: string): Promise<Locale | undefined>;
  /** The customer's name from the master data, else as its warning named it; null when neither does. */
  customerName(customerId: string): Promise<string | null>;
}

export interface ActionDeps {
  answers: AnswerStore;
  events: EventIngest;
  directory: ActionDirectory;
  /** The signing key (Secrets Manager on AWS, `<dataDir>/action-key` locally). */
  key: string;
  /** Epoch milliseconds. */
  now: () => number;
  /** Where a failure is reported on the server side (its name and message only); default console.error. */
  log?: (message: string) => void;
}

/** A form posts a token and a reason: a few hundred bytes. Anything much larger is not ours. */
export const MAX_ACTION_BODY_BYTES = 4096;

const TOKEN_IN_PATH = /\/a\/([^/?#]+)\/?$/;

export async function handleActionRequest(
  event: ActionHttpEvent,
  deps: ActionDeps,
): Promise<ActionHttpResponse> {
  const nonce = randomBytes(16).toString('base64');
  const head = event.httpMethod.toUpperCase() === 'HEAD';
  const page = (status: number, view: ActionPageView, locale: Locale | null): ActionHttpResponse => ({
    statusCode: status,
    headers: pageHeaders(nonce),
    body: head ? '' : renderActionPage(view, locale, nonce),
  });
  // Whose language an error page speaks, once it is known.
  let locale: Locale | null = null;
  try {
    return await answer(event, deps, page, (known) => {
      locale = known;
    });
  } catch (error) {
    // The name and message of what failed (a store error, a refused record), never the event: it holds the link.
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    (deps.log ?? console.error)(`churn-watch action link: ${name}: ${message}`);
    return page(500, { kind: 'error' }, locale);
  }
}

/** The page for a request turned away because too many are in flight (the local server's bound). */
export function actionBusyResponse(): ActionHttpResponse {
  const nonce = randomBytes(16).toString('base64');
  return {
    statusCode: 429,
    headers: pageHeaders(nonce),
    body: renderActionPage({ kind: 'busy' }, null, nonce),
  };
}

type PageOf = (status: number, view: ActionPageView, locale: Locale | null) => ActionHttpResponse;

async function answer(
  event: ActionHttpEvent,
  deps: ActionDeps,
  page: PageOf,
  knowLocale: (locale: Locale) => void,
): Promise<ActionHttpResponse> {
  const method = event.httpMethod.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    const response = page(405, { kind: 'bad_request' }, null);
    return { ...response, headers: { ...response.headers, allow: 'GET, HEAD, POST' } };
  }
  let form: URLSearchParams | null = null;
  if (method === 'POST') {
    const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    if (body.length > MAX_ACTION_BODY_BYTES) return page(413, { kind: 'bad_request' }, null);
    const type = headerOf(event.headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
    if (body.length > 0 && type !== 'application/x-www-form-urlencoded') {
      return page(415, { kind: 'bad_request' }, null);
    }
    form = new URLSearchParams(body.toString('utf8'));
  }
  // A button of the choose page posts its own action's link; every other form posts to the link's address.
  const fromForm = form?.get('token') ?? null;
  const token = fromForm ?? TOKEN_IN_PATH.exec(event.path)?.[1] ?? null;
  if (token === null) return page(404, { kind: 'invalid' }, null);

  const verified = verifyAction(deps.key, token, Math.floor(deps.now() / 1000));
  if (!verified.ok && verified.reason === 'tampered') return page(403, { kind: 'invalid' }, null);
  // An expired link is still ours (its MAC holds): read whose it was, ignoring the expiry, to speak their language.
  const claims = verified.ok
    ? verified.claims
    : (verifyAction(deps.key, token, -Infinity) as Verified).claims;
  const [config, repLocale] = await Promise.all([
    deps.directory.config(),
    deps.directory.repLocale(claims.repId),
  ]);
  const locale = repLocale ?? config.locale;
  knowLocale(locale);
  if (!verified.ok) return page(410, { kind: 'expired' }, locale);
  if (!config.followUp.enabled) return page(403, { kind: 'off' }, locale);

  const customer = (await deps.directory.customerName(claims.customerId)) ?? claims.customerId;
  if (claims.action === 'choose') {
    return page(200, { kind: 'choose', customer, choices: choicesOf(claims, config, deps.key) }, locale);
  }
  const action: FollowUpAction = claims.action;
  if (!config.followUp.actions.includes(action)) return page(403, { kind: 'not_offered' }, locale);
  if (form === null) {
    // Opened again after it was answered: say so (and with which reason) instead of asking again. Read only:
    // a GET never writes.
    const earlier = (await deps.answers.ofCustomer(claims.customerId)).find(
      (answer) => answer.episode === claims.episode && answer.action === action,
    );
    if (earlier) {
      return page(
        200,
        { kind: 'already', action, reason: earlier.reason, customer, effect: effectOfStored(earlier) },
        locale,
      );
    }
    return action === 'not_real'
      ? page(200, reasonsPage(customer, config, null, false), locale)
      : page(200, { kind: 'confirm', action, customer }, locale);
  }

  const result = await recordAnswer({ ...claims, action }, form.get('reason'), {
    answers: deps.answers,
    events: deps.events,
    config,
    now: deps.now(),
  });
  switch (result.kind) {
    case 'disabled':
      return page(403, { kind: 'off' }, locale);
    case 'not_offered':
      return page(403, { kind: 'not_offered' }, locale);
    case 'needs_reason': {
      // The choose page's "not a real risk" posts no reason yet: the reasons come next, carrying its link.
      const refused = result.given !== null;
      return page(refused ? 400 : 200, reasonsPage(customer, config, fromForm, refused), locale);
    }
    case 'recorded':
    case 'already':
      return page(
        200,
        { kind: result.kind, action, reason: result.answer.reason, customer, effect: result.effect },
        locale,
      );
  }
}

type Verified = Extract<ReturnType<typeof verifyAction>, { ok: true }>;

/** What an answer recorded earlier did, as far as its own record tells (for the "already recorded" page). */
function effectOfStored(answer: FollowUpAnswer): AnswerEffect {
  switch (answer.action) {
    case 'visited':
      return { kind: 'visit', day: answer.day };
    case 'coupon':
      return { kind: 'coupon', day: answer.day };
    case 'closed':
      return { kind: 'closed', mark: { day: answer.day, repId: answer.repId } };
    default:
      return { kind: 'none' };
  }
}

function reasonsPage(
  customer: string,
  config: ChurnConfig,
  token: string | null,
  refused: boolean,
): ActionPageView {
  return { kind: 'reasons', customer, reasons: config.followUp.reasons, token, refused };
}

/** The choose page's buttons: each enabled action's own link, signed now with the same claims and expiry. */
function choicesOf(claims: ActionClaims, config: ChurnConfig, key: string) {
  return config.followUp.actions.map((action) => ({ action, token: signAction(key, { ...claims, action }) }));
}

const headerOf = (headers: Record<string, string | undefined>, wanted: string): string | undefined =>
  Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === wanted)?.[1];

/**
 * Nothing cached (a shared phone's back button, a proxy), no referrer (the link is in the address), not
 * indexed, and no resources but the page's own style block and script, allowed by this response's nonce.
 */
function pageHeaders(nonce: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex, nofollow',
    'x-content-type-options': 'nosniff',
    'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  };
}
