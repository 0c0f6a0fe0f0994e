import { describe, expect, it } from 'vitest';
import {
  deliveryProblemText,
  runWarningText,
} from '../../../functions/entry-points/cli/delivery-problem-text.ts';
import type { DeliveryProblem } from '../../../functions/use-cases/notify/outbox.ts';

describe('a delivery problem as an admin reads it', () => {
  it('says the known problems in Chinese, with what to do, and keeps English for en', () => {
    expect(deliveryProblemText({ lastError: 'email is not set up' }, 'zh-CN')).toContain(
      '邮件未配置：本机请设置 AWS_ENDPOINT_URL_SESV2',
    );
    expect(deliveryProblemText({ lastError: 'email is not set up' }, 'en')).toBe('email is not set up');
    expect(
      deliveryProblemText(
        {
          lastError:
            'the WeCom robot is marked broken (93000 since 2026-11-20); no email address to fall back to',
        },
        'zh-CN',
      ),
    ).toBe(
      '企业微信机器人已失效（错误码 93000，自 2026-11-20 起）：换一个机器人地址后会自动恢复；没有可以改发的邮箱',
    );
  });

  it('says in Chinese that a robot could not be reached, and that a rep has no manager to tell', () => {
    expect(
      deliveryProblemText(
        {
          lastError:
            'WeCom robot …r02: network error: fetch failed (ECONNREFUSED 127.0.0.1:8790); M01 has no manager on record to tell',
        },
        'zh-CN',
      ),
    ).toBe(
      '企业微信机器人 …r02 连接不上（fetch failed (ECONNREFUSED 127.0.0.1:8790)）：请检查机器人地址和网络，恢复后会自动重试；M01 没有登记上级经理，无人可以通知',
    );
    expect(deliveryProblemText({ lastError: 'M01 has no manager on record to tell' }, 'en')).toBe(
      'M01 has no manager on record to tell',
    );
  });

  it('says why an unanswered send is not resent, and what to do (a problem that itself holds "; ")', () => {
    expect(
      deliveryProblemText(
        {
          lastError:
            'WeCom robot …k98: no answer within 10000 ms: the message may have arrived, so it is not resent automatically (to avoid a duplicate)',
        },
        'zh-CN',
      ),
    ).toBe(
      '企业微信机器人 …k98：10000 毫秒内没有应答。消息可能已经送达，为避免重复不会自动重发（确认对方没有收到后用 deliveries resend）',
    );
    expect(
      deliveryProblemText(
        { lastError: 'the sender stopped while sending; not resent automatically to avoid a duplicate' },
        'zh-CN',
      ),
    ).toBe('发送中途进程中断：为避免重复，不会自动重发（确认后用 deliveries resend）');
  });

  it("says the robot's error code in Chinese, with what to do", () => {
    expect(
      deliveryProblemText(
        {
          lastError:
            'WeCom robot: WeCom robot …r02: errcode 93000 (invalid webhook url, hint: [x]); no email address to fall back to',
        },
        'zh-CN',
      ),
    ).toBe(
      '企业微信机器人 …r02：错误码 93000（机器人地址无效或机器人已被移除：请在业务员表中换一个机器人地址）；没有可以改发的邮箱',
    );
    expect(
      deliveryProblemText(
        { lastError: 'WeCom robot …r02: errcode -1 (system busy), still busy after 4 attempts' },
        'zh-CN',
      ),
    ).toBe('企业微信机器人 …r02：错误码 -1（企业微信系统繁忙，稍后会自动重试），已尝试 4 次');
  });

  it('leaves a message it does not know as it came (an SES or WeCom error text)', () => {
    expect(
      deliveryProblemText({ lastError: 'MessageRejected: Email address is not verified.' }, 'zh-CN'),
    ).toBe('MessageRejected: Email address is not verified.');
  });

  it("names the rep and the missing manager when a broken robot's notice could go to nobody", () => {
    const top = { code: 'notice-unsent', values: { repId: 'M01', managerId: null, errcode: 93000 } } as const;
    const missing = {
      code: 'notice-unsent',
      values: { repId: 'R02', managerId: 'M09', errcode: 93004 },
    } as const;
    expect(runWarningText(top, 'zh-CN')).toBe(
      '提醒：M01 的企业微信机器人已失效（错误码 93000），没有上级经理可以通知：请为 M01 换一个机器人地址',
    );
    expect(runWarningText(missing, 'zh-CN')).toBe(
      '提醒：R02 的企业微信机器人已失效（错误码 93004），其经理 M09 不在业务员表中，通知没有发出：请添加 M09 或改正 R02 的经理，并为 R02 换一个机器人地址',
    );
    expect(runWarningText(top, 'en')).toBe(
      'note: the WeCom robot of M01 is broken (errcode 93000) and M01 has no manager to tell: give M01 another robot address',
    );
    expect(runWarningText(missing, 'en')).toContain("R02's manager M09 is not in the reps table");
  });
});

/** A robot's answer with an error code, as the WeCom adapter stores it. */
const robotError = (
  values: Partial<Extract<DeliveryProblem, { code: 'robot-error' }>['values']> & { errcode: number },
): DeliveryProblem => ({
  code: 'robot-error',
  values: { robot: '…r02', errmsg: null, retried: null, fellBack: false, ...values },
});

describe('a delivery problem stored as codes', () => {
  // Each known problem as the notifier stores it now, with the English sentence it stored before and the
  // Chinese the admin read for that sentence: both read the same as they did, except where a fourth entry
  // says how the English reads now (a robot given up for another way is named once).
  const KNOWN: [DeliveryProblem[], string, string, string?][] = [
    [
      [{ code: 'email-not-set-up' }],
      'email is not set up',
      '邮件未配置：本机请设置 AWS_ENDPOINT_URL_SESV2（npm start 启动时打印的 export 行），AWS 上部署时设置 churn-watch:emailFrom',
    ],
    [
      [{ code: 'no-address', values: { recipient: 'R02' } }],
      'R02 has neither an email address nor a WeCom robot',
      'R02 既没有邮箱也没有企业微信机器人',
    ],
    [
      [
        { code: 'robot-broken', values: { errcode: 93004, since: '2026-11-20' } },
        { code: 'no-fallback-email' },
      ],
      'the WeCom robot is marked broken (93004 since 2026-11-20); no email address to fall back to',
      '企业微信机器人已失效（错误码 93004，自 2026-11-20 起）：换一个机器人地址后会自动恢复；没有可以改发的邮箱',
    ],
    [
      [
        robotError({ errcode: 93000, errmsg: 'invalid webhook url', fellBack: true }),
        { code: 'no-fallback-email' },
      ],
      'WeCom robot: WeCom robot …r02: errcode 93000 (invalid webhook url); no email address to fall back to',
      '企业微信机器人 …r02：错误码 93000（机器人地址无效或机器人已被移除：请在业务员表中换一个机器人地址）；没有可以改发的邮箱',
      'WeCom robot …r02: errcode 93000 (invalid webhook url); no email address to fall back to',
    ],
    [
      [robotError({ errcode: 93004, fellBack: true }), { code: 'email-not-set-up' }],
      'WeCom robot: WeCom robot …r02: errcode 93004; email is not set up',
      '企业微信机器人 …r02：错误码 93004（机器人已被停用：请在群里重新启用，或换一个机器人地址）；邮件未配置：本机请设置 AWS_ENDPOINT_URL_SESV2（npm start 启动时打印的 export 行），AWS 上部署时设置 churn-watch:emailFrom',
      'WeCom robot …r02: errcode 93004; email is not set up',
    ],
    [
      [
        robotError({
          errcode: 45009,
          errmsg: 'api freq out of limit',
          retried: { still: 'rate limited', attempts: 4 },
        }),
      ],
      'WeCom robot …r02: errcode 45009 (api freq out of limit), still rate limited after 4 attempts',
      '企业微信机器人 …r02：错误码 45009（发送太频繁，稍后会自动重试），已尝试 4 次',
    ],
    [
      [robotError({ errcode: -1, retried: { still: 'busy', attempts: 1 } })],
      'WeCom robot …r02: errcode -1, still busy after 1 attempt',
      '企业微信机器人 …r02：错误码 -1（企业微信系统繁忙，稍后会自动重试），已尝试 1 次',
    ],
    [
      [robotError({ errcode: 40058, errmsg: 'content exceed max length' })],
      'WeCom robot …r02: errcode 40058 (content exceed max length)',
      '企业微信机器人 …r02：错误码 40058（消息太长）',
    ],
    [
      [
        {
          code: 'robot-unreachable',
          values: {
            robot: '…r02',
            detail: 'fetch failed (ECONNREFUSED) (after 4 attempts)',
            fellBack: false,
          },
        },
      ],
      'WeCom robot …r02: network error: fetch failed (ECONNREFUSED) (after 4 attempts)',
      '企业微信机器人 …r02 连接不上（fetch failed (ECONNREFUSED) (after 4 attempts)）：请检查机器人地址和网络，恢复后会自动重试',
    ],
    [
      [
        {
          code: 'robot-refused',
          values: { text: 'WeCom robot …r02: HTTP 404: no robot at this URL', fellBack: true },
        },
        { code: 'no-fallback-email' },
      ],
      'WeCom robot: WeCom robot …r02: HTTP 404: no robot at this URL; no email address to fall back to',
      '企业微信机器人 …r02：HTTP 404: no robot at this URL；没有可以改发的邮箱',
      'WeCom robot …r02: HTTP 404: no robot at this URL; no email address to fall back to',
    ],
    [
      [{ code: 'robot-refused', values: { text: 'WeCom robot …r02: HTTP 400', fellBack: false } }],
      'WeCom robot …r02: HTTP 400',
      'WeCom robot …r02: HTTP 400',
    ],
    [
      [{ code: 'no-rep' }],
      'customers without a rep: assign them in the customers table',
      '这些客户没有业务员：请在客户表中指定',
    ],
    [
      [{ code: 'no-manager' }],
      'the reps of these customers have no manager on record',
      '这些客户的业务员没有登记经理',
    ],
    [
      [{ code: 'sender-stopped' }],
      'the sender stopped while sending; not resent automatically to avoid a duplicate',
      '发送中途进程中断：为避免重复，不会自动重发（确认后用 deliveries resend）',
    ],
    [
      [{ code: 'robot-no-answer', values: { robot: '…k98', detail: { kind: 'timeout', ms: 10000 } } }],
      'WeCom robot …k98: no answer within 10000 ms: the message may have arrived, so it is not resent automatically (to avoid a duplicate)',
      '企业微信机器人 …k98：10000 毫秒内没有应答。消息可能已经送达，为避免重复不会自动重发（确认对方没有收到后用 deliveries resend）',
    ],
    [
      [{ code: 'robot-no-answer', values: { robot: '…k98', detail: { kind: 'gateway-timeout' } } }],
      'WeCom robot …k98: HTTP 504 (gateway timeout): the message may have arrived, so it is not resent automatically (to avoid a duplicate)',
      '企业微信机器人 …k98：HTTP 504（网关超时）。消息可能已经送达，为避免重复不会自动重发（确认对方没有收到后用 deliveries resend）',
    ],
    [
      [
        {
          code: 'robot-no-answer',
          values: { robot: '…k98', detail: { kind: 'other', text: 'the answer has no errcode' } },
        },
      ],
      'WeCom robot …k98: the answer has no errcode: the message may have arrived, so it is not resent automatically (to avoid a duplicate)',
      '企业微信机器人 …k98：the answer has no errcode。消息可能已经送达，为避免重复不会自动重发（确认对方没有收到后用 deliveries resend）',
    ],
    [
      [{ code: 'ses-no-answer', values: { network: 'ECONNRESET' } }],
      'No answer from SES (ECONNRESET): the email may have been sent, so it is not resent automatically (to avoid a duplicate)',
      'SES 没有应答（ECONNRESET）：邮件可能已经发出，为避免重复不会自动重发（确认对方没有收到后用 deliveries resend）',
    ],
    [
      [
        {
          code: 'email-refused',
          values: {
            text: 'SES refused the email (MessageRejected, HTTP 400): Email address is not verified',
          },
        },
      ],
      'SES refused the email (MessageRejected, HTTP 400): Email address is not verified',
      'SES refused the email (MessageRejected, HTTP 400): Email address is not verified',
    ],
    [
      [{ code: 'no-manager-to-tell', values: { repId: 'M01' } }],
      'M01 has no manager on record to tell',
      'M01 没有登记上级经理，无人可以通知',
    ],
  ];

  it.each(KNOWN)('reads %j as it read when it was a sentence', (problems, sentence, chinese, english) => {
    expect(deliveryProblemText({ problems }, 'zh-CN')).toBe(chinese);
    expect(deliveryProblemText({ problems }, 'en')).toBe(english ?? sentence);
    expect(deliveryProblemText({ lastError: sentence }, 'zh-CN')).toBe(chinese);
    expect(deliveryProblemText({ lastError: sentence }, 'en')).toBe(english ?? sentence);
  });

  it('names a robot given up for email once, never "WeCom robot: WeCom robot", new records and old alike', () => {
    const problems = [robotError({ errcode: 93000, fellBack: true }), { code: 'email-not-set-up' } as const];
    const old = 'WeCom robot: WeCom robot …r02: network error: fetch failed; email is not set up';
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const text of [
        deliveryProblemText({ problems }, locale),
        deliveryProblemText({ lastError: old }, locale),
      ]) {
        expect(text).not.toMatch(/WeCom robot: WeCom robot|企业微信机器人：WeCom robot/);
        expect(text.match(/WeCom robot|企业微信机器人/g)).toHaveLength(1);
      }
    }
  });

  it('says in Chinese that the day of a stale message is over, also for an old record (its words hold "; ")', () => {
    const sentence = "stale: not sent by 2026-11-21; its customers go in that day's message instead";
    const chinese = '过期：到 2026-11-21 仍未发出，其中的客户并入当天的消息';
    expect(
      deliveryProblemText({ problems: [{ code: 'stale', values: { day: '2026-11-21' } }] }, 'zh-CN'),
    ).toBe(chinese);
    expect(deliveryProblemText({ lastError: sentence }, 'zh-CN')).toBe(chinese);
    expect(deliveryProblemText({ problems: [{ code: 'stale', values: { day: '2026-11-21' } }] }, 'en')).toBe(
      sentence,
    );
  });

  it('says in Chinese that a recipient is not in the reps table, and that a robot that lost the connection after sending may have shown the message', () => {
    expect(
      deliveryProblemText({ problems: [{ code: 'not-in-reps', values: { recipient: 'M09' } }] }, 'zh-CN'),
    ).toBe('M09 不在业务员表中');
    expect(
      deliveryProblemText({ problems: [{ code: 'not-in-reps', values: { recipient: 'M09' } }] }, 'en'),
    ).toBe('M09 is not in the reps table');
    const reset: DeliveryProblem = {
      code: 'robot-no-answer',
      values: {
        robot: '…k98',
        detail: { kind: 'other', text: 'network error: socket hang up (ECONNRESET)' },
      },
    };
    expect(deliveryProblemText({ problems: [reset] }, 'zh-CN')).toBe(
      '企业微信机器人 …k98：network error: socket hang up (ECONNRESET)。消息可能已经送达，为避免重复不会自动重发（确认对方没有收到后用 deliveries resend）',
    );
    expect(deliveryProblemText({ problems: [reset] }, 'en')).toBe(
      'WeCom robot …k98: network error: socket hang up (ECONNRESET): the message may have arrived, so it is not resent automatically (to avoid a duplicate)',
    );
  });
});
