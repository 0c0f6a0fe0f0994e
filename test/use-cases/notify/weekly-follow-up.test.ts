import { describe, expect, it } from 'vitest';
import { type Day, formatDay, parseIsoDay } from '../../../functions/core/days.ts';
import type { FollowUpAction, FollowUpAnswer } from '../../../functions/core/follow-up.ts';
import {
  answersFrom,
  UNANSWERED_SHOWN,
  type WarnedEpisode,
  weeklyFollowUp,
} from '../../../functions/use-cases/notify/weekly-follow-up.ts';

// The week of 2026-11-14 to 2026-11-20; warnings answered within 2 days count as followed up.
const AS_OF = parseIsoDay('2026-11-20') as Day;
const d = (offset: number) => formatDay(AS_OF + offset);

function episode(
  customerId: string,
  warnedOn: string,
  overrides: Partial<WarnedEpisode> = {},
): WarnedEpisode {
  return {
    customerId,
    name: `店 ${customerId}`,
    repId: 'R01',
    firstSeenDate: warnedOn,
    open: true,
    snoozeUntil: null,
    ...overrides,
  };
}

function answer(
  customerId: string,
  episodeDay: string,
  action: FollowUpAction,
  day: string,
  reason: string | null = null,
): FollowUpAnswer {
  return {
    customerId,
    episode: episodeDay,
    action,
    reason,
    repId: 'R01',
    answeredAt: `${day}T02:00:00.000Z`,
    day,
  };
}

const tally = (input: {
  episodes: WarnedEpisode[];
  answers?: FollowUpAnswer[];
  visits?: { customerId: string; day: Day }[];
}) =>
  weeklyFollowUp({
    episodes: input.episodes,
    answers: input.answers ?? [],
    visits: input.visits ?? [],
    asOf: AS_OF,
    withinDays: 2,
    repNames: new Map([
      ['R01', '李娜'],
      ['R02', null],
    ]),
  });

describe('weeklyFollowUp: the week’s warnings, each in one outcome', () => {
  it('counts a call within the window as followed up, one on the third day as not followed up', () => {
    const { summary } = tally({
      episodes: [episode('C1', d(-6)), episode('C2', d(-6))],
      answers: [answer('C1', d(-6), 'called', d(-4)), answer('C2', d(-6), 'called', d(-3))],
    });
    expect(summary.team).toMatchObject({ warned: 2, followedUp: 1, notFollowedUp: 1, waiting: 0 });
  });

  it('counts a visit logged from the warning day to the deadline, by any rep, as followed up', () => {
    const warned = AS_OF - 5;
    const { summary } = tally({
      episodes: [episode('C1', d(-5)), episode('C2', d(-5)), episode('C3', d(-5))],
      visits: [
        { customerId: 'C1', day: warned },
        { customerId: 'C2', day: warned - 1 }, // before the warning: not a follow-up
        { customerId: 'C3', day: warned + 3 }, // after the deadline
      ],
    });
    expect(summary.team).toMatchObject({ warned: 3, followedUp: 1, notFollowedUp: 2 });
  });

  it('keeps a warning whose window is still open as waiting, not as not followed up', () => {
    // Warned on the week's last two days and the day before them: the deadline is today or later.
    const { summary } = tally({
      episodes: [episode('C1', d(0)), episode('C2', d(-2)), episode('C3', d(-3))],
    });
    expect(summary.team).toMatchObject({ warned: 3, waiting: 2, notFollowedUp: 1 });
  });

  it('counts "not a real risk" first, with its reasons, then "shop closed", then follow-ups', () => {
    const { summary, byRep } = tally({
      episodes: [
        episode('C1', d(-6)),
        episode('C2', d(-6)),
        episode('C3', d(-5)),
        episode('C4', d(-5), { repId: 'R02' }),
        episode('C5', d(-4), { repId: 'R02' }),
      ],
      answers: [
        // Called, then judged not a real risk: the verdict counts.
        answer('C1', d(-6), 'called', d(-6)),
        answer('C1', d(-6), 'not_real', d(-5), 'seasonal'),
        answer('C2', d(-6), 'not_real', d(-1), 'seasonal'),
        answer('C3', d(-5), 'not_real', d(-5), '店主说下月恢复'),
        answer('C4', d(-5), 'closed', d(-5)),
        answer('C5', d(-4), 'coupon', d(-3)),
      ],
    });
    expect(summary.team).toEqual({
      warned: 5,
      followedUp: 1,
      notReal: 3,
      closed: 1,
      waiting: 0,
      notFollowedUp: 0,
      reasons: [
        { reason: 'seasonal', count: 2 },
        { reason: '店主说下月恢复', count: 1 },
      ],
    });
    expect(byRep.get('R01')).toMatchObject({ warned: 3, notReal: 3 });
    expect(byRep.get('R02')).toEqual({
      warned: 2,
      followedUp: 1,
      notReal: 0,
      closed: 1,
      waiting: 0,
      notFollowedUp: 0,
      reasons: [],
    });
  });

  it('matches answers to the episode they were given for, not an earlier one of the same customer', () => {
    const { summary } = tally({
      episodes: [episode('C1', d(-5))],
      answers: [answer('C1', '2026-09-01', 'called', d(-5))],
    });
    expect(summary.team).toMatchObject({ warned: 1, followedUp: 0, notFollowedUp: 1 });
  });

  it('leaves out warnings of earlier weeks from the counts', () => {
    const { summary } = tally({ episodes: [episode('C1', d(-7)), episode('C2', d(-30))] });
    expect(summary.team.warned).toBe(0);
  });
});

describe('weeklyFollowUp: warnings nobody answered', () => {
  it('names the open warnings past their window with no answer and no visit, oldest first', () => {
    const { summary } = tally({
      episodes: [
        episode('C9', d(-30), { repId: 'R02', name: null }),
        episode('C1', d(-12)),
        episode('C2', d(-12)), // answered (any answer counts, even a verdict)
        episode('C3', d(-12)), // visited since
        episode('C4', d(-12), { open: false }), // no longer at risk
        episode('C5', d(-1)), // still within its window
        episode('C6', d(-12), { snoozeUntil: d(10) }), // an admin paused it
        episode('C0', d(-12)),
      ],
      answers: [answer('C2', d(-12), 'not_real', d(-11), 'paused')],
      visits: [{ customerId: 'C3', day: AS_OF - 3 }],
    });
    expect(summary.unanswered).toEqual([
      {
        customerId: 'C9',
        name: null,
        repId: 'R02',
        repName: null,
        warnedOn: d(-30),
        daysSinceWarned: 30,
      },
      {
        customerId: 'C0',
        name: '店 C0',
        repId: 'R01',
        repName: '李娜',
        warnedOn: d(-12),
        daysSinceWarned: 12,
      },
      {
        customerId: 'C1',
        name: '店 C1',
        repId: 'R01',
        repName: '李娜',
        warnedOn: d(-12),
        daysSinceWarned: 12,
      },
    ]);
    expect(summary.unansweredTotal).toBe(3);
  });

  it('counts past the first few it names', () => {
    const episodes = Array.from({ length: UNANSWERED_SHOWN + 3 }, (_, i) =>
      episode(`C${i + 10}`, d(-20 + i)),
    );
    const { summary } = tally({ episodes });
    expect(summary.unanswered).toHaveLength(UNANSWERED_SHOWN);
    expect(summary.unansweredTotal).toBe(UNANSWERED_SHOWN + 3);
    expect(summary.unanswered[0]?.customerId).toBe('C10');
  });
});

describe('answersFrom', () => {
  it('reads from the oldest open warning, or the week when none is older', () => {
    expect(answersFrom(AS_OF, [])).toBe('2026-11-14');
    expect(answersFrom(AS_OF, ['2026-11-18', '2026-10-02'])).toBe('2026-10-02');
  });
});
