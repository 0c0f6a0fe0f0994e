import { describe, expect, it } from 'vitest';
import { renderWeeklyEmail } from '../../functions/render/render-weekly-email.ts';
import { renderWeeklyWecom } from '../../functions/render/render-weekly-wecom.ts';
import { utf8Bytes } from '../../functions/render/wecom-markdown.ts';
import type { FollowUpCounts, WeeklyFollowUp, WeeklySummary } from '../../functions/render/weekly-model.ts';
import { visibleText } from './email-fixtures.ts';
import { sampleRepRow, sampleWeeklySummary } from './fixtures.ts';

const counts = (overrides: Partial<FollowUpCounts> = {}): FollowUpCounts => ({
  warned: 0,
  followedUp: 0,
  notReal: 0,
  closed: 0,
  waiting: 0,
  notFollowedUp: 0,
  reasons: [],
  ...overrides,
});

const HOSTILE = '<b>[x](http://evil)</b>';

/** A team of two reps: 张伟 answered most warnings, the second rep (a hostile-looking name) few. */
function withFollowUp(locale: 'zh-CN' | 'en', followUp: Partial<WeeklyFollowUp> = {}): WeeklySummary {
  const r01 = counts({
    warned: 5,
    followedUp: 3,
    notReal: 1,
    waiting: 1,
    reasons: [{ reason: 'seasonal', count: 1 }],
  });
  const r02 = counts({
    warned: 3,
    notFollowedUp: 2,
    notReal: 1,
    reasons: [{ reason: '老板<生病>', count: 1 }],
  });
  return sampleWeeklySummary({
    recipient: { repId: 'M01', name: '王经理', locale, wecomUserid: 'wangjl' },
    reps: [
      sampleRepRow({ followUp: r01 }),
      sampleRepRow({ repId: 'R02', name: HOSTILE, followUp: r02 }),
      sampleRepRow({ repId: 'R03', name: '赵六', followUp: counts() }),
    ],
    followUp: {
      withinDays: 2,
      team: counts({
        warned: 8,
        followedUp: 3,
        notReal: 2,
        waiting: 1,
        notFollowedUp: 2,
        reasons: [
          { reason: 'seasonal', count: 1 },
          { reason: '老板<生病>', count: 1 },
        ],
      }),
      unanswered: [
        {
          customerId: 'C9',
          name: '大润发超市',
          repId: 'R01',
          repName: '张伟',
          warnedOn: '2026-10-21',
          daysSinceWarned: 30,
        },
        {
          customerId: 'C7',
          name: HOSTILE,
          repId: 'R02',
          repName: HOSTILE,
          warnedOn: '2026-11-16',
          daysSinceWarned: 4,
        },
      ],
      unansweredTotal: 12,
      ...followUp,
    },
  });
}

describe('renderWeeklyEmail: the follow-up of warnings', () => {
  it('shows the team, each rep with warnings, the reasons and the basis, in Chinese', () => {
    // Act
    const email = renderWeeklyEmail(withFollowUp('zh-CN'));
    const seen = visibleText(email.html);
    // Assess
    for (const part of [seen, email.text]) {
      expect(part).toContain('本周预警的跟进（2 天内）');
      expect(part).toContain('团队：8 条预警：及时跟进 3，未跟进 2，不是真的流失 2，待跟进 1');
      expect(part).toContain('“不是真的流失”的原因：季节性 1、老板<生病> 1');
      expect(part).toContain('口径：“预警”指本周开始的预警');
      expect(part).toContain('预警后 2 天内反馈了已电话联系、已上门拜访或已发优惠券，或有拜访记录');
    }
    expect(email.text).toContain('- 张伟：5 条预警：及时跟进 3，未跟进 0，不是真的流失 1，待跟进 1');
    // The rep with no warning this week has no row.
    expect(email.text).not.toMatch(/赵六：(\d+ 条预警|没有新预警)/);
    expect(email.html).toContain('>预警</th>');
    expect(email.html).toContain('>未跟进</th>');
    // Not followed up stands out; waiting sits under it.
    expect(email.html).toMatch(/<strong style="color:#c0392b;">2<\/strong>/);
    expect(email.html).toContain('待跟进 1</span>');
    // An admin's reason and a rep's name are data: escaped.
    expect(email.html).toContain('老板&lt;生病&gt;');
    expect(email.html).not.toContain('<b>[x]');
  });

  it('names the warnings nobody answered, oldest first, and how many more there are', () => {
    const email = renderWeeklyEmail(withFollowUp('zh-CN'));
    const seen = visibleText(email.html);
    for (const part of [seen, email.text]) {
      expect(part).toContain('无人反馈的预警');
      expect(part).toContain('12 条预警超过 2 天无人反馈');
      expect(part).toContain('列出前 2 条');
      expect(part).toContain('1. 大润发超市 · 业务员 张伟 · 预警已 30 天（2026-10-21）');
    }
    expect(email.text.indexOf('1. 大润发超市 · 业务员')).toBeLessThan(email.text.indexOf('2. <b>[x]'));
    // After the escalations, where the manager looks for what to chase.
    expect(email.text.indexOf('无人反馈的预警')).toBeGreaterThan(email.text.indexOf('本周升级提醒'));
    expect(email.html).not.toContain('http://evil');
  });

  it('writes it in English for an en manager', () => {
    const email = renderWeeklyEmail(withFollowUp('en'));
    expect(email.text).toContain("Follow-up of this week's warnings (within 2 days)");
    expect(email.text).toContain(
      'Team: 8 warnings: 3 followed up within 2 days, 2 not followed up, 2 not a real risk, 1 waiting',
    );
    expect(email.text).toContain('Reasons given for "not a real risk": Seasonal 1, 老板<生病> 1');
    expect(email.text).toContain('Warnings nobody answered');
    expect(email.text).toContain(
      '12 warnings have gone unanswered for more than 2 days (still at risk, no answer of any kind, no visit logged), oldest first, the first 2 listed:',
    );
    expect(email.text).toContain('1. 大润发超市 · rep 张伟 · warned 30 days ago (2026-10-21)');
    expect(email.html).toContain('>Not followed up</th>');
    expect(email.text).not.toContain('预警');
  });

  it('says so when nothing went unanswered, and shows no follow-up part when follow-up is off', () => {
    const quiet = renderWeeklyEmail(withFollowUp('zh-CN', { unanswered: [], unansweredTotal: 0 }));
    expect(quiet.text).toContain('没有超过 2 天无人反馈的预警。');
    const off = renderWeeklyEmail(sampleWeeklySummary());
    expect(off.text).not.toContain('本周预警的跟进');
    expect(off.text).not.toContain('无人反馈');
  });
});

describe('renderWeeklyWecom: the follow-up of warnings', () => {
  it('lists the team, the reps, the reasons and the unanswered warnings, in Chinese', () => {
    // Act
    const all = renderWeeklyWecom(withFollowUp('zh-CN')).join('\n');
    // Assess
    expect(all).toContain(
      '### 本周预警的跟进（2 天内）\n- 团队：8 条预警：及时跟进 3，未跟进 2，不是真的流失 2，待跟进 1',
    );
    expect(all).toContain('- **张伟**：5 条预警：及时跟进 3，未跟进 0，不是真的流失 1，待跟进 1');
    expect(all).toContain('“不是真的流失”的原因：季节性 1、老板＜生病＞ 1');
    expect(all).toContain('<font color="comment">口径：“预警”指本周开始的预警');
    expect(all).toContain('### 无人反馈的预警\n12 条预警超过 2 天无人反馈');
    expect(all).toContain(
      '1. **大润发超市** <font color="comment">业务员 张伟 · 预警已 30 天（2026-10-21）</font>',
    );
    // Hostile names cannot bold, link or colour.
    expect(all).not.toContain('<b>');
    expect(all).not.toContain('[x](');
    expect(all).not.toMatch(/赵六\*\*：(\d+ 条预警|没有新预警)/);
  });

  it('writes it in English, and keeps every part within 4096 bytes', () => {
    const parts = renderWeeklyWecom(withFollowUp('en'));
    const all = parts.join('\n');
    expect(all).toContain("### Follow-up of this week's warnings (within 2 days)");
    expect(all).toContain('- Team: 8 warnings: 3 followed up within 2 days');
    expect(all).toContain('### Warnings nobody answered');
    expect(all).toContain('rep 张伟 · warned 30 days ago (2026-10-21)');
    for (const part of parts) expect(utf8Bytes(part)).toBeLessThanOrEqual(4096);
  });

  it('shows no follow-up part when follow-up is off', () => {
    const all = renderWeeklyWecom(sampleWeeklySummary()).join('\n');
    expect(all).not.toContain('本周预警的跟进');
    expect(all).not.toContain('无人反馈');
  });
});
