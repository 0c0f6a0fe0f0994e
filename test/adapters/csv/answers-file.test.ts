import { describe, expect, it } from 'vitest';
import { InvalidRowsError } from '../../../functions/adapters/csv/errors.ts';
import { readRecordText } from '../../../functions/adapters/csv/read-records.ts';
import { day } from '../../core/helpers.ts';

/** The answers file `churn-watch answers --format csv` writes and `backtest --answers` reads. */
const options = { timeZone: 'Asia/Shanghai', locale: 'zh-CN' as const };
const answers = (text: string, locale: 'zh-CN' | 'en' = 'zh-CN') =>
  readRecordText(text, 'answers.csv', 'answers', { ...options, locale });

describe('reading an answers file', () => {
  it('reads the English headers the listing writes', () => {
    // Act
    const { records } = answers(
      [
        'customer_id,episode,action,reason,rep_id,answered_at,day',
        'C001,2026-09-01,not_real,seasonal,R01,2026-09-02T03:00:00.000Z,2026-09-02',
        'C002,2026-09-01,closed,,R01,2026-09-03T03:00:00.000Z,2026-09-03',
      ].join('\n'),
    );
    // Assess
    expect(records).toEqual([
      {
        customerId: 'C001',
        episode: day('2026-09-01'),
        action: 'not_real',
        reason: 'seasonal',
        repId: 'R01',
        answeredAt: '2026-09-02T03:00:00.000Z',
        day: day('2026-09-02'),
      },
      {
        customerId: 'C002',
        episode: day('2026-09-01'),
        action: 'closed',
        reason: null,
        repId: 'R01',
        answeredAt: '2026-09-03T03:00:00.000Z',
        day: day('2026-09-03'),
      },
    ]);
  });

  it('reads Chinese headers and the actions and reasons in words, as a hand-made file has them', () => {
    // Act
    const { records } = answers(
      [
        '客户编号,预警开始,反馈,原因,业务员,日期',
        'C001,2026-09-01,不是真的流失,季节性,R01,2026/9/2',
        'C002,2026-09-01,客户已关店,,,2026-09-03',
      ].join('\n'),
    );
    // Assess
    expect(records.map((record) => [record.action, record.reason])).toEqual([
      ['not_real', 'seasonal'],
      ['closed', null],
    ]);
  });

  it('names the file, line and column of each bad row', () => {
    const text = [
      'customer_id,episode,action,day',
      'C001,2026-09-01,phoned,2026-09-02',
      'C002,2026-09-05,closed,2026-09-03',
      ',2026-09-01,closed,2026-09-03',
    ].join('\n');
    expect(() => answers(text, 'en')).toThrow(InvalidRowsError);
    try {
      answers(text, 'en');
    } catch (error) {
      expect((error as InvalidRowsError).describe('en').split('\n').slice(1)).toEqual([
        'answers.csv line 2, column "action": must be one of called (Called), visited (Visited), coupon (Coupon sent), not_real (Not a real risk), closed (Shop closed) (value: phoned)',
        'answers.csv line 3, column "day": is before the warning began (value: 2026-09-03)',
        'answers.csv line 4, column "customer_id": is required',
      ]);
    }
  });
});
