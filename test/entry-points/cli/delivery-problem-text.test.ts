import { describe, expect, it } from 'vitest';
import {
  deliveryProblemText,
  runWarningText,
} from '../../../functions/entry-points/cli/delivery-problem-text.ts';

describe('a delivery problem as an admin reads it', () => {
  it('says the known problems in Chinese, with what to do, and keeps English for en', () => {
    expect(deliveryProblemText('email is not set up', 'zh-CN')).toContain(
      '邮件未配置：本机请设置 AWS_ENDPOINT_URL_SESV2',
    );
    expect(deliveryProblemText('email is not set up', 'en')).toBe('email is not set up');
    expect(
      deliveryProblemText(
        'the WeCom robot is marked broken (93000 since 2026-11-20); no email address to fall back to',
        'zh-CN',
      ),
    ).toBe(
      '企业微信机器人已失效（错误码 93000，自 2026-11-20 起）：换一个机器人地址后会自动恢复；没有可以改发的邮箱',
    );
  });

  it('says in Chinese that a robot could not be reached, and that a rep has no manager to tell', () => {
    expect(
      deliveryProblemText(
        'WeCom robot …r02: network error: fetch failed (ECONNREFUSED 127.0.0.1:8790); M01 has no manager on record to tell',
        'zh-CN',
      ),
    ).toBe(
      '企业微信机器人 …r02 连接不上（fetch failed (ECONNREFUSED 127.0.0.1:8790)）：请检查机器人地址和网络，恢复后会自动重试；M01 没有登记上级经理，无人可以通知',
    );
    expect(deliveryProblemText('M01 has no manager on record to tell', 'en')).toBe(
      'M01 has no manager on record to tell',
    );
  });

  it('says why an unanswered send is not resent, and what to do (a problem that itself holds "; ")', () => {
    expect(
      deliveryProblemText(
        'WeCom robot …k98: no answer within 10000 ms: the message may have arrived, so it is not resent automatically (to avoid a duplicate)',
        'zh-CN',
      ),
    ).toBe(
      '企业微信机器人 …k98：10000 毫秒内没有应答。消息可能已经送达，为避免重复不会自动重发（确认对方没有收到后用 deliveries resend）',
    );
    expect(
      deliveryProblemText(
        'the sender stopped while sending; not resent automatically to avoid a duplicate',
        'zh-CN',
      ),
    ).toBe('发送中途进程中断：为避免重复，不会自动重发（确认后用 deliveries resend）');
  });

  it("says the robot's error code in Chinese, with what to do", () => {
    expect(
      deliveryProblemText(
        'WeCom robot: WeCom robot …r02: errcode 93000 (invalid webhook url, hint: [x]); no email address to fall back to',
        'zh-CN',
      ),
    ).toBe(
      '企业微信机器人 …r02：错误码 93000（机器人地址无效或机器人已被移除：请在业务员表中换一个机器人地址）；没有可以改发的邮箱',
    );
    expect(
      deliveryProblemText('WeCom robot …r02: errcode -1 (system busy), still busy after 4 attempts', 'zh-CN'),
    ).toBe('企业微信机器人 …r02：错误码 -1（企业微信系统繁忙，稍后会自动重试），已尝试 4 次');
  });

  it('leaves a message it does not know as it came (an SES or WeCom error text)', () => {
    expect(deliveryProblemText('MessageRejected: Email address is not verified.', 'zh-CN')).toBe(
      'MessageRejected: Email address is not verified.',
    );
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
