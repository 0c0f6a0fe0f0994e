import type { Locale } from '../../core/locale.ts';
import type { RunWarning } from '../../use-cases/notify/outbox.ts';
import { type Catalogue, textFor } from '../../text/catalogue.ts';

type Words = Catalogue['deliveryProblem'];

/**
 * A delivery's `lastError` in the admin's language. The outbox stores the notifier's own words (English, as the
 * Lambda logs them); the catalogue says the known ones, with what to do, and anything else (an SES or WeCom
 * error text) stays as it came.
 */
const KNOWN: readonly {
  pattern: RegExp;
  say: (words: Words, match: RegExpExecArray) => string;
  /** The problem's own words hold "; ": matched against the whole text, before it is split into problems. */
  whole?: true;
}[] = [
  { pattern: /^email is not set up$/, say: (w, m) => w.emailNotSetUp(m[0]) },
  {
    pattern: /^(.+) has neither an email address nor a WeCom robot$/,
    say: (w, m) => w.noAddress(m[1] ?? '', m[0]),
  },
  { pattern: /^no email address to fall back to$/, say: (w, m) => w.noFallbackEmail(m[0]) },
  {
    pattern: /^the WeCom robot is marked broken \((\d+) since (.+)\)$/,
    say: (w, m) => w.robotBroken(m[1] ?? '', m[2] ?? '', m[0]),
  },
  {
    // The robot's own answer, as the WeCom adapter words it (deliver adds "WeCom robot: " when it falls back).
    pattern: /^(?:WeCom robot: )?WeCom robot (\S+): errcode (-?\d+)(?: \([^)]*\))?([^;]*)$/,
    say: (w, m) => {
      const errcode = m[2] ?? '';
      const meaning = Object.hasOwn(w.wecomErrcode, errcode)
        ? w.wecomErrcode[errcode as keyof Words['wecomErrcode']]
        : null;
      // What the adapter says after the code ("still busy after 4 attempts") has a fixed form.
      const rest = m[3] ?? '';
      const tries = /^, still (busy|rate limited) after (\d+) attempts?$/.exec(rest)?.[2] ?? null;
      return w.robotError(m[1] ?? '', errcode, meaning, tries, rest, m[0]);
    },
  },
  {
    // The robot could not be reached at all (the adapter's words; deliver may add "WeCom robot: ").
    pattern: /^(?:WeCom robot: )?WeCom robot (\S+): network error: (.+)$/,
    say: (w, m) => w.robotUnreachable(m[1] ?? '', m[2] ?? '', m[0]),
  },
  { pattern: /^WeCom robot: (.+)$/, say: (w, m) => w.robotFallback(m[1] ?? '', m[0]) },
  {
    pattern: /^(\S+) has no manager on record to tell$/,
    say: (w, m) => w.noManagerToTell(m[1] ?? '', m[0]),
  },
  {
    pattern: /^customers without a rep: assign them in the customers table$/,
    say: (w, m) => w.noRep(m[0]),
  },
  {
    pattern: /^the reps of these customers have no manager on record$/,
    say: (w, m) => w.noManager(m[0]),
  },
  {
    pattern: /^the sender stopped while sending; not resent automatically to avoid a duplicate$/,
    whole: true,
    say: (w, m) => w.senderStopped(m[0]),
  },
  {
    pattern:
      /^WeCom robot (\S+): (.+): the message may have arrived, so it is not resent automatically \(to avoid a duplicate\)$/,
    say: (w, m) => w.robotNoAnswer(m[1] ?? '', detailText(w, m[2] ?? ''), m[0]),
  },
  {
    pattern:
      /^No answer from SES \((.+)\): the email may have been sent, so it is not resent automatically \(to avoid a duplicate\)$/,
    say: (w, m) => w.sesNoAnswer(m[1] ?? '', m[0]),
  },
  {
    pattern: /^stale: not sent by (.+); its customers go in that day's message instead$/,
    say: (w, m) => w.stale(m[1] ?? '', m[0]),
  },
];

/**
 * @example deliveryProblemText('email is not set up', 'zh-CN') // '邮件未配置：本机请设置 AWS_ENDPOINT_URL_SESV2…'
 */
export function deliveryProblemText(lastError: string, locale: Locale): string {
  const words = textFor(locale).deliveryProblem;
  // Whole first: some problems say "; " themselves; several problems are joined with "; ".
  return (
    known(words, lastError, true) ??
    lastError
      .split('; ')
      .map((part) => known(words, part) ?? part)
      .join(words.separator)
  );
}

function known(words: Words, text: string, wholeOnly = false): string | undefined {
  for (const { pattern, say, whole } of KNOWN) {
    if (wholeOnly && !whole) continue;
    const match = pattern.exec(text);
    if (match) return say(words, match);
  }
  return undefined;
}

/** The network part of a WeCom problem, where it has a fixed form. */
function detailText(words: Words, detail: string): string {
  const timeout = /^no answer within (\d+) ms$/.exec(detail);
  if (timeout) return words.noAnswerWithin(timeout[1] ?? '', detail);
  if (/^HTTP 504 \(gateway timeout\)$/.test(detail)) return words.gatewayTimeout(detail);
  return detail;
}

/** What a run could not do although no delivery failed, in the admin's language (after the run's figures). */
export function runWarningText(warning: RunWarning, locale: Locale): string {
  const { repId, managerId, errcode } = warning.values;
  return textFor(locale).deliveryProblem.noticeUnsent(repId, managerId, errcode);
}
