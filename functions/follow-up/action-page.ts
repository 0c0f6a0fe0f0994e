import type { FollowUpAction } from '../core/follow-up.ts';
import { actionText, reasonText } from '../text/follow-up-answers.ts';
import type { Locale } from '../core/locale.ts';
import { escapeHtml } from '../notify/html.ts';
import type { AnswerEffect } from './record-answer.ts';

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

type Text = Record<Locale, string>;

/** The pages that only say something, with no customer or action in them. */
const NOTICES: Record<
  'expired' | 'invalid' | 'off' | 'not_offered' | 'error' | 'busy' | 'bad_request',
  { title: Text; body: Text }
> = {
  expired: {
    title: { 'zh-CN': '链接已过期', en: 'This link has expired' },
    body: {
      'zh-CN': '没有记录任何内容。请使用最近一份晨报里的链接。',
      en: 'Nothing was recorded. Use the link in your latest digest.',
    },
  },
  invalid: {
    title: { 'zh-CN': '链接无效', en: 'This link is not valid' },
    body: {
      'zh-CN': '链接不完整或被改动过，没有记录任何内容。请从晨报里重新打开。',
      en: 'The link is incomplete or was changed; nothing was recorded. Open it again from the digest.',
    },
  },
  off: {
    title: { 'zh-CN': '一键反馈已关闭', en: 'One-tap answers are turned off' },
    body: {
      'zh-CN': '管理员关闭了这项功能，没有记录任何内容。',
      en: 'Your admin turned this off; nothing was recorded.',
    },
  },
  not_offered: {
    title: { 'zh-CN': '这项反馈已不再提供', en: 'This answer is no longer offered' },
    body: {
      'zh-CN': '管理员调整了可选的反馈，没有记录任何内容。',
      en: 'Your admin changed the answers on offer; nothing was recorded.',
    },
  },
  error: {
    title: { 'zh-CN': '暂时无法记录', en: 'Could not record this just now' },
    body: {
      'zh-CN': '请稍后再点一次链接；重复点击只会记录一次。',
      en: 'Please tap the link again in a moment; tapping twice records it once.',
    },
  },
  busy: {
    title: { 'zh-CN': '请求太多', en: 'Too many requests' },
    body: {
      'zh-CN': '请稍后再点一次链接；重复点击只会记录一次。',
      en: 'Please tap the link again in a moment; tapping twice records it once.',
    },
  },
  bad_request: {
    title: { 'zh-CN': '请求无效', en: 'Not a valid request' },
    body: {
      'zh-CN': '没有记录任何内容。请从晨报里重新打开链接。',
      en: 'Nothing was recorded. Open the link again from the digest.',
    },
  },
};

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
  const both = (text: Text): string => (locale === null ? `${text['zh-CN']} / ${text.en}` : text[locale]);
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
        (asks ? `<p>${escapeHtml(CLOSED_EFFECT[lang])}</p>` : '') +
        `<form method="post" id="answer"><button type="submit">${escapeHtml(asks ? CONFIRM_CLOSED[lang] : CONFIRM[lang])}</button></form>` +
        (asks ? '' : `<p class="note">${escapeHtml(RECORDING[lang])}</p>`);
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
        (view.refused ? `<p class="refused">${escapeHtml(REASON_REFUSED[lang])}</p>` : '') +
        `<p>${escapeHtml(WHY[lang])}</p><form method="post">${token}${buttons}</form>`;
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
      content = `<p class="customer">${escapeHtml(view.customer)}</p><h1>${escapeHtml(WHAT_DONE[lang])}</h1>${forms}`;
      break;
    }
    case 'recorded':
    case 'already': {
      const action = actionText(view.action, lang);
      const reason = view.reason === null ? '' : reasonText(view.reason, lang);
      const what =
        view.reason === null ? action : lang === 'en' ? `${action} (${reason})` : `${action}（${reason}）`;
      const said = view.kind === 'recorded' ? RECORDED[lang] : ALREADY[lang];
      title = `${said}${what}`;
      content =
        `<h1 class="done">${escapeHtml(`${said}${what} — ${view.customer}`)}</h1>` +
        `<p>${escapeHtml(effectText(view.effect, view.action, lang))}</p>` +
        (view.kind === 'already' ? `<p class="note">${escapeHtml(NOTHING_MORE[lang])}</p>` : '');
      break;
    }
    default: {
      const notice = NOTICES[view.kind];
      title = both(notice.title);
      content =
        locale === null
          ? `<h1>${escapeHtml(notice.title['zh-CN'])}</h1><p>${escapeHtml(notice.body['zh-CN'])}</p>` +
            `<h1 lang="en">${escapeHtml(notice.title.en)}</h1><p lang="en">${escapeHtml(notice.body.en)}</p>`
          : `<h1>${escapeHtml(notice.title[locale])}</h1><p>${escapeHtml(notice.body[locale])}</p>`;
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

const CONFIRM: Text = { 'zh-CN': '确认记录', en: 'Record it' };
const CONFIRM_CLOSED: Text = { 'zh-CN': '确认：客户已关店', en: 'Yes, the shop has closed' };
const CLOSED_EFFECT: Text = {
  'zh-CN': '确认后，这位客户从明天起不再出现在每日名单中，并计为流失；再次下单后会自动恢复关注。',
  en: 'Once confirmed, this customer leaves the daily lists from tomorrow and counts as lost; an order from it brings it back.',
};
const RECORDING: Text = {
  'zh-CN': '正在记录……如果停在这里，请点上面的按钮。',
  en: 'Recording… If this page stays, tap the button above.',
};
const WHY: Text = { 'zh-CN': '请选择原因：', en: 'Why is it not a real risk?' };
const REASON_REFUSED: Text = {
  'zh-CN': '这个原因不在可选范围内，没有记录。请从下面选择。',
  en: 'That reason is not on the list; nothing was recorded. Choose one below.',
};
const WHAT_DONE: Text = { 'zh-CN': '您对这条预警做了什么？', en: 'What did you do about this warning?' };
const RECORDED: Text = { 'zh-CN': '已记录：', en: 'Recorded: ' };
const ALREADY: Text = { 'zh-CN': '之前已记录：', en: 'Already recorded: ' };
const NOTHING_MORE: Text = { 'zh-CN': '无需再次点击。', en: 'Nothing more to do.' };

/** What the answer did, in the rep's words. */
function effectText(effect: AnswerEffect, action: FollowUpAction, locale: Locale): string {
  const en = locale === 'en';
  switch (effect.kind) {
    case 'visit':
      return en ? `Counted as a visit on ${effect.day}.` : `已计为 ${effect.day} 的一次拜访。`;
    case 'coupon':
      return en ? `Counted as a coupon issued on ${effect.day}.` : `已计为 ${effect.day} 发放的优惠券。`;
    case 'snoozed':
      return en
        ? `No more reminders about this customer until ${effect.until}; a new signal still gets through.`
        : `${effect.until} 之前不再重复提醒这位客户；出现新的信号仍会提醒。`;
    case 'closed':
      return en
        ? 'From the next evaluation this customer leaves the daily list and counts as lost; if it orders again, it is watched again.'
        : '从下一次评估起，这位客户移出每日名单，计为已流失；如果再次下单，会重新关注。';
    case 'episode_ended':
      return en
        ? 'This warning has already ended; your answer is kept with it.'
        : '这条预警已经结束，您的反馈已记在这条预警上。';
    case 'none':
      return action === 'called'
        ? en
          ? 'Counted as following up the warning.'
          : '已计为对这条预警的跟进。'
        : '';
  }
}
