import type { Locale } from '../../core/locale.ts';
import type {
  DeliveryProblem,
  DeliverySummary,
  NoAnswerDetail,
  RunWarning,
} from '../../use-cases/notify/outbox.ts';
import { type Catalogue, textFor } from '../../text/catalogue.ts';

type Words = Catalogue['deliveryProblem'];

/**
 * Why a delivery did not go, in the admin's language: the record's problems (codes and their values) worded by
 * the `deliveryProblem` catalogue area. A record written before problems were stored as codes holds an English
 * sentence instead (`lastError`): {@link problemsOfOldSentence} reads it.
 *
 * @example deliveryProblemText({ problems: [{ code: 'email-not-set-up' }] }, 'zh-CN') // '邮件未配置：本机请设置 AWS_ENDPOINT_URL_SESV2…'
 */
export function deliveryProblemText(
  record: Pick<DeliverySummary, 'problems' | 'lastError'>,
  locale: Locale,
): string {
  const words = textFor(locale).deliveryProblem;
  const problems = record.problems ?? problemsOfOldSentence(record.lastError ?? '');
  return problems
    .map((problem) => (typeof problem === 'string' ? problem : say(words, problem)))
    .join(words.separator);
}

/** A delivery problem in English: what the notifier's log and `deliveries --format json` say. */
export const deliveryProblemSentence = (record: Pick<DeliverySummary, 'problems' | 'lastError'>): string =>
  deliveryProblemText(record, 'en');

function say(w: Words, problem: DeliveryProblem): string {
  switch (problem.code) {
    case 'email-not-set-up':
      return w.emailNotSetUp;
    case 'no-address':
      return w.noAddress(problem.values.recipient);
    case 'no-fallback-email':
      return w.noFallbackEmail;
    case 'robot-broken':
      return w.robotBroken(problem.values.errcode, problem.values.since);
    case 'robot-error': {
      const { robot, errcode, errmsg, retried, fellBack } = problem.values;
      const code = String(errcode);
      const meaning = Object.hasOwn(w.wecomErrcode, code)
        ? w.wecomErrcode[code as keyof Words['wecomErrcode']]
        : null;
      return w.robotError({ robot, errcode, errmsg, meaning, retried, fellBack });
    }
    case 'robot-unreachable':
      return w.robotUnreachable(problem.values.robot, problem.values.detail);
    case 'robot-no-answer':
      return w.robotNoAnswer(problem.values.robot, noAnswerText(w, problem.values.detail));
    case 'robot-refused': {
      // The adapter's own words (an HTTP status, an address that is no robot's): shown as they came, the
      // robot they name said once (`WeCom robot …r02: HTTP 404`, not `WeCom robot: WeCom robot …r02: …`).
      const { text, fellBack } = problem.values;
      if (!fellBack) return text;
      const named = /^WeCom robot (\S+): ([\s\S]+)$/.exec(text);
      return named ? w.robotSaid(named[1] as string, named[2] as string) : w.robotFallback(text);
    }
    case 'ses-no-answer':
      return w.sesNoAnswer(problem.values.network);
    case 'email-refused':
      return problem.values.text;
    case 'not-in-reps':
      return w.notInReps(problem.values.recipient);
    case 'no-manager-to-tell':
      return w.noManagerToTell(problem.values.repId);
    case 'no-rep':
      return w.noRep;
    case 'no-manager':
      return w.noManager;
    case 'sender-stopped':
      return w.senderStopped;
    case 'stale':
      return w.stale(problem.values.day);
  }
}

function noAnswerText(w: Words, detail: NoAnswerDetail): string {
  switch (detail.kind) {
    case 'timeout':
      return w.noAnswerWithin(detail.ms);
    case 'gateway-timeout':
      return w.gatewayTimeout;
    case 'other':
      return detail.text;
  }
}

/** What a run could not do although no delivery failed, in the admin's language (after the run's figures). */
export function runWarningText(warning: RunWarning, locale: Locale): string {
  const { repId, managerId, errcode } = warning.values;
  return textFor(locale).deliveryProblem.noticeUnsent(repId, managerId, errcode);
}

// --- Old records only -------------------------------------------------------------------------------------
// Before the problems were stored as codes, the notifier stored its English sentence (`lastError`), several
// joined with "; ". These patterns read the sentences it wrote back into codes, in the order they were always
// tried, so an old record reads as it did; anything else is shown as it came. Nothing writes sentences now.

const RETRIED = /^, still (busy|rate limited) after (\d+) attempts?$/;
const UNCERTAIN_TAIL =
  ': the message may have arrived, so it is not resent automatically (to avoid a duplicate)';

const OLD_SENTENCES: readonly {
  pattern: RegExp;
  read: (match: RegExpExecArray) => DeliveryProblem | null;
  /** The problem's own words hold "; ": matched against the whole text, before it is split into problems. */
  whole?: true;
}[] = [
  { pattern: /^email is not set up$/, read: () => ({ code: 'email-not-set-up' }) },
  {
    pattern: /^(.+) has neither an email address nor a WeCom robot$/,
    read: (m) => ({ code: 'no-address', values: { recipient: m[1] ?? '' } }),
  },
  { pattern: /^no email address to fall back to$/, read: () => ({ code: 'no-fallback-email' }) },
  {
    pattern: /^the WeCom robot is marked broken \((\d+) since (.+)\)$/,
    read: (m) => ({ code: 'robot-broken', values: { errcode: Number(m[1]), since: m[2] ?? '' } }),
  },
  {
    pattern: /^(WeCom robot: )?WeCom robot (\S+): errcode (-?\d+)(?: \(([^)]*)\))?([^;]*)$/,
    read: (m) => {
      const rest = m[5] ?? '';
      const retried = RETRIED.exec(rest);
      if (rest !== '' && !retried) return null;
      return {
        code: 'robot-error',
        values: {
          robot: m[2] ?? '',
          errcode: Number(m[3]),
          errmsg: m[4] || null,
          retried: retried
            ? { still: retried[1] as 'busy' | 'rate limited', attempts: Number(retried[2]) }
            : null,
          fellBack: m[1] !== undefined,
        },
      };
    },
  },
  {
    pattern: /^(WeCom robot: )?WeCom robot (\S+): network error: (.+)$/,
    read: (m) => ({
      code: 'robot-unreachable',
      values: { robot: m[2] ?? '', detail: m[3] ?? '', fellBack: m[1] !== undefined },
    }),
  },
  {
    pattern: /^WeCom robot: (.+)$/,
    read: (m) => ({ code: 'robot-refused', values: { text: m[1] ?? '', fellBack: true } }),
  },
  {
    pattern: /^(\S+) has no manager on record to tell$/,
    read: (m) => ({ code: 'no-manager-to-tell', values: { repId: m[1] ?? '' } }),
  },
  {
    pattern: /^customers without a rep: assign them in the customers table$/,
    read: () => ({ code: 'no-rep' }),
  },
  {
    pattern: /^the reps of these customers have no manager on record$/,
    read: () => ({ code: 'no-manager' }),
  },
  {
    pattern: /^the sender stopped while sending; not resent automatically to avoid a duplicate$/,
    whole: true,
    read: () => ({ code: 'sender-stopped' }),
  },
  {
    pattern: new RegExp(`^WeCom robot (\\S+): (.+)${escape(UNCERTAIN_TAIL)}$`),
    read: (m) => ({
      code: 'robot-no-answer',
      values: { robot: m[1] ?? '', detail: oldNoAnswer(m[2] ?? '') },
    }),
  },
  {
    pattern:
      /^No answer from SES \((.+)\): the email may have been sent, so it is not resent automatically \(to avoid a duplicate\)$/,
    read: (m) => ({ code: 'ses-no-answer', values: { network: m[1] ?? '' } }),
  },
  {
    // Its own words hold "; ": once read part by part, it was shown in English in every language.
    pattern: /^stale: not sent by (.+); its customers go in that day's message instead$/,
    whole: true,
    read: (m) => ({ code: 'stale', values: { day: m[1] ?? '' } }),
  },
];

/** An old record's sentence as problems; a part no pattern reads stays a string, shown as it came. */
export function problemsOfOldSentence(sentence: string): (DeliveryProblem | string)[] {
  const whole = readOld(sentence, true);
  if (whole) return [whole];
  return sentence.split('; ').map((part) => readOld(part) ?? part);
}

function readOld(text: string, wholeOnly = false): DeliveryProblem | null {
  for (const { pattern, read, whole } of OLD_SENTENCES) {
    if (wholeOnly && !whole) continue;
    const match = pattern.exec(text);
    if (!match) continue;
    const problem = read(match);
    if (problem) return problem;
  }
  return null;
}

function oldNoAnswer(detail: string): NoAnswerDetail {
  const timeout = /^no answer within (\d+) ms$/.exec(detail);
  if (timeout) return { kind: 'timeout', ms: Number(timeout[1]) };
  if (/^HTTP 504 \(gateway timeout\)$/.test(detail)) return { kind: 'gateway-timeout' };
  return { kind: 'other', text: detail };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
