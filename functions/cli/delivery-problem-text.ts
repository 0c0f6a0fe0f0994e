import type { Locale } from '../core/locale.ts';

/**
 * A delivery's `lastError` in the admin's language. The outbox stores the notifier's own words (English, as the
 * Lambda logs them); the CLI says the known ones in Chinese, with what to do, and leaves anything else (an SES
 * or WeCom error text) as it came.
 */
const KNOWN: readonly {
  pattern: RegExp;
  zh: (match: RegExpExecArray) => string;
  /** The problem's own words hold "; ": matched against the whole text, before it is split into problems. */
  whole?: true;
}[] = [
  {
    pattern: /^email is not set up$/,
    zh: () =>
      '邮件未配置：本机请设置 AWS_ENDPOINT_URL_SESV2（npm start 启动时打印的 export 行），AWS 上部署时设置 churn-watch:emailFrom',
  },
  {
    pattern: /^(.+) has neither an email address nor a WeCom robot$/,
    zh: (m) => `${m[1]} 既没有邮箱也没有企业微信机器人`,
  },
  { pattern: /^no email address to fall back to$/, zh: () => '没有可以改发的邮箱' },
  {
    pattern: /^the WeCom robot is marked broken \((\d+) since (.+)\)$/,
    zh: (m) => `企业微信机器人已失效（错误码 ${m[1]}，自 ${m[2]} 起）：换一个机器人地址后会自动恢复`,
  },
  {
    // The robot's own answer, as the WeCom adapter words it (deliver adds "WeCom robot: " when it falls back).
    pattern: /^(?:WeCom robot: )?WeCom robot (\S+): errcode (-?\d+)(?: \([^)]*\))?([^;]*)$/,
    zh: (m) => {
      const meaning = WECOM_ERRCODES_ZH[m[2] ?? ''];
      const after = afterText(m[3] ?? '');
      return `企业微信机器人 ${m[1]}：错误码 ${m[2]}${meaning ? `（${meaning}）` : ''}${after}`;
    },
  },
  { pattern: /^WeCom robot: (.+)$/, zh: (m) => `企业微信机器人：${m[1]}` },
  {
    pattern: /^customers without a rep: assign them in the customers table$/,
    zh: () => '这些客户没有业务员：请在客户表中指定',
  },
  {
    pattern: /^the reps of these customers have no manager on record$/,
    zh: () => '这些客户的业务员没有登记经理',
  },
  {
    pattern: /^the sender stopped while sending; not resent automatically to avoid a duplicate$/,
    whole: true,
    zh: () => '发送中途进程中断：为避免重复，不会自动重发（确认后用 deliveries resend）',
  },
  {
    pattern:
      /^WeCom robot (\S+): (.+): the message may have arrived, so it is not resent automatically \(to avoid a duplicate\)$/,
    zh: (m) =>
      `企业微信机器人 ${m[1]}：${detailText(m[2] ?? '')}。消息可能已经送达，为避免重复不会自动重发（确认对方没有收到后用 deliveries resend）`,
  },
  {
    pattern:
      /^No answer from SES \((.+)\): the email may have been sent, so it is not resent automatically \(to avoid a duplicate\)$/,
    zh: (m) =>
      `SES 没有应答（${m[1]}）：邮件可能已经发出，为避免重复不会自动重发（确认对方没有收到后用 deliveries resend）`,
  },
  {
    pattern: /^stale: not sent by (.+); its customers go in that day's message instead$/,
    zh: (m) => `过期：到 ${m[1]} 仍未发出，其中的客户并入当天的消息`,
  },
];

/**
 * @example deliveryProblemText('email is not set up', 'zh-CN') // '邮件未配置：本机请设置 AWS_ENDPOINT_URL_SESV2…'
 */
export function deliveryProblemText(lastError: string, locale: Locale): string {
  if (locale !== 'zh-CN') return lastError;
  // Whole first: some problems say "; " themselves; several problems are joined with "; ".
  return (
    known(lastError, true) ??
    lastError
      .split('; ')
      .map((part) => known(part) ?? part)
      .join('；')
  );
}

function known(text: string, wholeOnly = false): string | undefined {
  for (const { pattern, zh, whole } of KNOWN) {
    if (wholeOnly && !whole) continue;
    const match = pattern.exec(text);
    if (match) return zh(match);
  }
  return undefined;
}

/** What the robot's error codes mean to an admin, with what to do where there is something to do. */
const WECOM_ERRCODES_ZH: Record<string, string> = {
  '93000': '机器人地址无效或机器人已被移除：请在业务员表中换一个机器人地址',
  '93004': '机器人已被停用：请在群里重新启用，或换一个机器人地址',
  '45009': '发送太频繁，稍后会自动重试',
  '-1': '企业微信系统繁忙，稍后会自动重试',
  '40058': '消息太长',
};

/** What the adapter says after the code ("still busy after 4 attempts"), in Chinese where it has a fixed form. */
function afterText(rest: string): string {
  const tries = /^, still (busy|rate limited) after (\d+) attempts?$/.exec(rest);
  if (tries) return `，已尝试 ${tries[2]} 次`;
  return rest;
}

/** The network part of a WeCom problem, where it has a fixed form. */
function detailText(detail: string): string {
  const timeout = /^no answer within (\d+) ms$/.exec(detail);
  if (timeout) return `${timeout[1]} 毫秒内没有应答`;
  const http = /^HTTP 504 \(gateway timeout\)$/.exec(detail);
  if (http) return 'HTTP 504（网关超时）';
  return detail;
}
