import { describe, expect, it } from 'vitest';
import { formatRowIssue } from '../../../functions/adapters/csv/errors.ts';

describe('row issues never show a webhook key', () => {
  it('masks the key of a WeCom webhook in the value it quotes', () => {
    const text = formatRowIssue(
      {
        file: 'reps.csv',
        line: 3,
        column: 'wecom_webhook',
        field: 'wecomWebhook',
        value: 'qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-KEY-1234&debug=1',
        message: 'must be an http(s) URL',
      },
      'en',
    );
    expect(text).not.toContain('SECRET-KEY-1234');
    expect(text).toContain('key=***');
  });
});
