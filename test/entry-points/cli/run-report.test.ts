import { describe, expect, it } from 'vitest';
import { reportWeekly } from '../../../functions/entry-points/cli/run-command.ts';
import type { DeliveryRecord } from '../../../functions/use-cases/notify/outbox.ts';
import type { WeeklyRun } from '../../../functions/use-cases/cycle/run-weekly.ts';

/** A run with one message given up on and one record the store could not work on. */
const run = (): WeeklyRun => ({
  day: '2026-11-20',
  deliveries: [
    {
      pk: 'weekly#M01#2026-11-20',
      status: 'failed',
      lastError: 'email is not set up',
    } as unknown as DeliveryRecord,
  ],
  sentNow: 0,
  alreadySent: 0,
  byStatus: { pending: 0, sending: 0, sent: 0, retrying: 0, failed: 1, uncertain: 0 },
  errors: [{ pk: 'weekly#M02#2026-11-20', message: 'throttled' }],
  warnings: [],
});

function report(locale: 'zh-CN' | 'en'): string {
  let err = '';
  reportWeekly(run(), { out: () => undefined, err: (text) => (err += text) }, locale);
  return err;
}

describe('the problems a run reports', () => {
  it('labels them with a full-width colon in Chinese, like the 提醒： line, and ": " in English', () => {
    const zh = report('zh-CN');
    const en = report('en');

    expect(zh).toContain('  失败：weekly#M01#2026-11-20 — 邮件未配置');
    expect(zh).toContain('  未能处理：weekly#M02#2026-11-20 — throttled');
    expect(zh).not.toMatch(/[失败理]: /);
    expect(en).toContain('  failed: weekly#M01#2026-11-20 — email is not set up');
    expect(en).toContain('  could not work on: weekly#M02#2026-11-20 — throttled');
  });
});
