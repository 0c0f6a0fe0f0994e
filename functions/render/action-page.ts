import type { FollowUpAction } from '../core/follow-up.ts';
import { actionText, reasonText } from '../text/follow-up-answers.ts';
import type { Locale } from '../core/locale.ts';
import { textFor } from '../text/catalogue.ts';
import { escapeHtml } from './html.ts';
import type { AnswerEffect } from '../use-cases/follow-up/record-answer.ts';

/**
 * The small pages a rep sees after tapping an answer in a digest, on a phone or in WeCom's in-app browser:
 * one column, large buttons, no external resources (the Content-Security-Policy allows none), and nothing
 * about the customer but its name. A page that cannot know whose link it was (a tampered one) speaks both
 * languages.
 */

export type ActionPageView =
  /** GET of an answer link: the form posts itself on load; the button is there when scripts are off. */
  | { kind: 'confirm'; action: FollowUpAction; customer: string }
  /**
   * "Not a real risk": one button per reason. `token` is carried in the form when the answer came from the
   * choose page (the page's address holds the choose link, not this one); `refused`: a reason not offered.
   */
  | { kind: 'reasons'; customer: string; reasons: readonly string[]; token: string | null; refused: boolean }
  /** The WeCom link: one button per enabled action, each posting its own signed link. */
  | { kind: 'choose'; customer: string; choices: readonly { action: FollowUpAction; token: string }[] }
  | {
      kind: 'recorded' | 'already';
      action: FollowUpAction;
      reason: string | null;
      customer: string;
      effect: AnswerEffect;
    }
  | { kind: 'expired' | 'invalid' | 'off' | 'not_offered' | 'error' | 'busy' | 'bad_request' };

/** The pages that only say something, with no customer or action in them. */
type NoticeKind = 'expired' | 'invalid' | 'off' | 'not_offered' | 'error' | 'busy' | 'bad_request';

const STYLE = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f5f6f8;color:#1f2328;font:17px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
main{max-width:30rem;margin:0 auto;padding:28px 18px}
h1{font-size:21px;line-height:1.35;margin:0 0 12px;overflow-wrap:anywhere}
p{margin:0 0 16px;overflow-wrap:anywhere}
.customer{font-size:19px;font-weight:600}
.done{color:#137333}
.note{color:#5f6368;font-size:15px}
.refused{color:#b3261e}
form{margin:0}
button{display:block;width:100%;min-height:52px;margin:0 0 12px;padding:12px 16px;border:0;border-radius:12px;background:#1a73e8;color:#fff;font:inherit;font-size:18px;cursor:pointer}
button.quiet{background:#e8eaed;color:#1f2328}
`;

/**
 * The page as HTML. `locale` null: both languages (a tampered link names nobody). `nonce` allows the one
 * style block and the one inline script, as the response's Content-Security-Policy says.
 */
export function renderActionPage(view: ActionPageView, locale: Locale | null, nonce: string): string {
  const lang = locale ?? 'zh-CN';
  const say = textFor(lang).answers;
  let title: string;
  let content: string;
  let script = '';
  switch (view.kind) {
    case 'confirm': {
      const action = actionText(view.action, lang);
      title = action;
      // "Closed" takes the shop off the daily lists: it waits for the rep's own tap, never posts itself, so
      // a mail scanner that runs the page's script (Safe Links and the like) cannot close a shop.
      const asks = view.action === 'closed';
      content =
        `<h1>${escapeHtml(action)}</h1><p class="customer">${escapeHtml(view.customer)}</p>` +
        (asks ? `<p>${escapeHtml(say.closedEffect)}</p>` : '') +
        `<form method="post" id="answer"><button type="submit">${escapeHtml(asks ? say.confirmClosed : say.confirm)}</button></form>` +
        (asks ? '' : `<p class="note">${escapeHtml(say.recording)}</p>`);
      // Posted by the page rather than recorded on GET: link checkers and chat previews fetch links too.
      if (!asks) script = `<script nonce="${nonce}">document.getElementById('answer').submit();</script>`;
      break;
    }
    case 'reasons': {
      const action = actionText('not_real', lang);
      title = action;
      const token =
        view.token === null ? '' : `<input type="hidden" name="token" value="${escapeHtml(view.token)}">`;
      const buttons = view.reasons
        .map(
          (reason) =>
            `<button type="submit" name="reason" value="${escapeHtml(reason)}">${escapeHtml(reasonText(reason, lang))}</button>`,
        )
        .join('');
      content =
        `<h1>${escapeHtml(action)}</h1><p class="customer">${escapeHtml(view.customer)}</p>` +
        (view.refused ? `<p class="refused">${escapeHtml(say.reasonRefused)}</p>` : '') +
        `<p>${escapeHtml(say.why)}</p><form method="post">${token}${buttons}</form>`;
      break;
    }
    case 'choose': {
      title = view.customer;
      const forms = view.choices
        .map(
          ({ action, token }) =>
            `<form method="post"><input type="hidden" name="token" value="${escapeHtml(token)}">` +
            `<button type="submit"${action === 'not_real' || action === 'closed' ? ' class="quiet"' : ''}>${escapeHtml(actionText(action, lang))}</button></form>`,
        )
        .join('');
      content = `<p class="customer">${escapeHtml(view.customer)}</p><h1>${escapeHtml(say.whatDone)}</h1>${forms}`;
      break;
    }
    case 'recorded':
    case 'already': {
      const action = actionText(view.action, lang);
      const reason = view.reason === null ? '' : reasonText(view.reason, lang);
      const what = view.reason === null ? action : `${action}${textFor(lang).message.aside(reason)}`;
      const said = view.kind === 'recorded' ? say.recorded : say.already;
      title = `${said}${what}`;
      content =
        `<h1 class="done">${escapeHtml(`${said}${what} — ${view.customer}`)}</h1>` +
        `<p>${escapeHtml(effectText(view.effect, view.action, lang))}</p>` +
        (view.kind === 'already' ? `<p class="note">${escapeHtml(say.nothingMore)}</p>` : '');
      break;
    }
    default: {
      const notice = noticeText(view.kind, lang);
      if (locale === null) {
        // A link that names nobody: Chinese first, then English, in one page.
        const english = noticeText(view.kind, 'en');
        title = `${notice.title} / ${english.title}`;
        content =
          `<h1>${escapeHtml(notice.title)}</h1><p>${escapeHtml(notice.body)}</p>` +
          `<h1 lang="en">${escapeHtml(english.title)}</h1><p lang="en">${escapeHtml(english.body)}</p>`;
      } else {
        title = notice.title;
        content = `<h1>${escapeHtml(notice.title)}</h1><p>${escapeHtml(notice.body)}</p>`;
      }
    }
  }
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="robots" content="noindex, nofollow">' +
    `<title>${escapeHtml(title)}</title><style nonce="${nonce}">${STYLE}</style></head>` +
    `<body><main>${content}</main>${script}</body></html>`
  );
}

const noticeText = (kind: NoticeKind, locale: Locale): { title: string; body: string } =>
  textFor(locale).answers.notice[kind];

/** What the answer did, in the rep's words. */
function effectText(effect: AnswerEffect, action: FollowUpAction, locale: Locale): string {
  const say = textFor(locale).answers.effect;
  switch (effect.kind) {
    case 'visit':
      return say.visit(effect.day);
    case 'coupon':
      return say.coupon(effect.day);
    case 'snoozed':
      return say.snoozed(effect.until);
    case 'closed':
      return say.closed;
    case 'episode_ended':
      return say.episodeEnded;
    case 'none':
      return action === 'called' ? say.called : '';
  }
}
