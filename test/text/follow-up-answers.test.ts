import { describe, expect, it } from 'vitest';
import { BUILT_IN_REASONS, FOLLOW_UP_ACTIONS } from '../../functions/core/follow-up.ts';
import { LOCALES } from '../../functions/core/locale.ts';
import { answerRecordSchema } from '../../functions/core/records.ts';
import { actionText, reasonText } from '../../functions/text/follow-up-answers.ts';

describe('the words of the answers', () => {
  const answers = answerRecordSchema('Asia/Shanghai');
  const row = (action: string, reason?: string) => ({
    customerId: 'C1',
    episode: '2026-11-01',
    action,
    ...(reason === undefined ? {} : { reason }),
    day: '2026-11-02',
  });

  it('read back from an answers file as the digest shows them, in either language', () => {
    for (const locale of LOCALES) {
      for (const action of FOLLOW_UP_ACTIONS) {
        expect(answers.parse(row(actionText(action, locale))).action).toBe(action);
      }
      for (const reason of BUILT_IN_REASONS) {
        expect(answers.parse(row('not_real', reasonText(reason, locale))).reason).toBe(reason);
      }
    }
  });

  it("show an admin's own reason as written", () => {
    expect(reasonText('店主出国了', 'en')).toBe('店主出国了');
    expect(reasonText('seasonal', 'zh-CN')).toBe('季节性');
  });
});
