import { type Day, formatDay, parseIsoDay } from '../../core/days.ts';
import { type FollowUpAnswer, isContact } from '../../core/follow-up.ts';
import type { FollowUpCounts, UnansweredWarning, WeeklyFollowUp } from '../../render/weekly-model.ts';

/**
 * What the reps did with the warnings, for the manager's weekly summary: per rep, the week's warnings and
 * what became of each (followed up in time, judged not a real risk, shop closed, still within its time, or
 * not followed up), and the warnings still at risk that nobody answered.
 *
 * A *warning* of the week is an alert episode that started in the week (its first at-risk day, the day the
 * rep's digest tagged the customer New), counted under the rep the alert names: the same episodes as the
 * summary's "new this week". Each counts once, in the first of these that applies:
 * 1. not a real risk: the rep answered so (the reason is counted);
 * 2. shop closed: the rep answered so;
 * 3. followed up: a call, visit or coupon answered, or a visit logged for the customer, from the warning's
 *    day to `withinDays` after it;
 * 4. waiting: none of that yet, and `withinDays` have not passed;
 * 5. not followed up.
 */

/** An alert episode as the tally needs it. */
export interface WarnedEpisode {
  customerId: string;
  name: string | null;
  repId: string;
  /** The episode's first at-risk day, `YYYY-MM-DD`: the day of the warning. */
  firstSeenDate: string;
  /** Still at risk after the week's last evaluation. */
  open: boolean;
  /** Reminders paused until this day (an admin's snooze), or null. */
  snoozeUntil: string | null;
}

/** How many unanswered warnings the summary names; the rest are counted. */
export const UNANSWERED_SHOWN = 10;

export const noFollowUp = (): FollowUpCounts => ({
  warned: 0,
  followedUp: 0,
  notReal: 0,
  closed: 0,
  waiting: 0,
  notFollowedUp: 0,
  reasons: [],
});

const episodeKey = (customerId: string, episode: string) => `${customerId}\u0000${episode}`;

export function weeklyFollowUp(input: {
  episodes: readonly WarnedEpisode[];
  answers: readonly FollowUpAnswer[];
  /** Visits logged, with the customer and the day; any rep's visit counts. */
  visits: readonly { customerId: string; day: Day }[];
  /** The week: seven days ending on `asOf`. */
  asOf: Day;
  withinDays: number;
  repNames: ReadonlyMap<string, string | null>;
}): { byRep: Map<string, FollowUpCounts>; summary: WeeklyFollowUp } {
  const { asOf, withinDays } = input;
  const weekStart = formatDay(asOf - 6);
  const weekEnd = formatDay(asOf);
  const answers = groupBy(input.answers, (answer) => episodeKey(answer.customerId, answer.episode));
  const visitDays = groupBy(input.visits, (visit) => visit.customerId);

  const team = noFollowUp();
  const byRep = new Map<string, FollowUpCounts>();
  const reasons = new Map<FollowUpCounts, Map<string, number>>();
  const unanswered: UnansweredWarning[] = [];
  for (const episode of input.episodes) {
    const warnedOn = parseIsoDay(episode.firstSeenDate) as Day;
    const deadline = warnedOn + withinDays;
    const given = answers.get(episodeKey(episode.customerId, episode.firstSeenDate)) ?? [];
    const visits = (visitDays.get(episode.customerId) ?? [])
      .map((visit) => visit.day)
      .filter((day) => day >= warnedOn);

    if (episode.firstSeenDate >= weekStart && episode.firstSeenDate <= weekEnd) {
      const notReal = given.find((answer) => answer.action === 'not_real');
      const outcome: Exclude<keyof FollowUpCounts, 'warned' | 'reasons'> = notReal
        ? 'notReal'
        : given.some((answer) => answer.action === 'closed')
          ? 'closed'
          : given.some((answer) => isContact(answer.action) && answer.day <= formatDay(deadline)) ||
              visits.some((day) => day <= deadline)
            ? 'followedUp'
            : asOf <= deadline
              ? 'waiting'
              : 'notFollowedUp';
      const row = byRep.get(episode.repId) ?? noFollowUp();
      byRep.set(episode.repId, row);
      for (const counts of [team, row]) {
        counts.warned++;
        counts[outcome]++;
        if (notReal) {
          const tally = reasons.get(counts) ?? new Map<string, number>();
          reasons.set(counts, tally);
          const reason = notReal.reason ?? 'other';
          tally.set(reason, (tally.get(reason) ?? 0) + 1);
        }
      }
    }

    const snoozed = episode.snoozeUntil !== null && episode.snoozeUntil > weekEnd;
    if (episode.open && !snoozed && asOf > deadline && given.length === 0 && visits.length === 0) {
      unanswered.push({
        customerId: episode.customerId,
        name: episode.name,
        repId: episode.repId,
        repName: input.repNames.get(episode.repId) ?? null,
        warnedOn: episode.firstSeenDate,
        daysSinceWarned: asOf - warnedOn,
      });
    }
  }
  for (const [counts, tally] of reasons) {
    counts.reasons = [...tally]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
  }
  unanswered.sort(
    (a, b) =>
      (a.warnedOn < b.warnedOn ? -1 : a.warnedOn > b.warnedOn ? 1 : 0) ||
      (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
  );
  return {
    byRep,
    summary: {
      withinDays,
      team,
      unanswered: unanswered.slice(0, UNANSWERED_SHOWN),
      unansweredTotal: unanswered.length,
    },
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * The first day answers must be read from for a summary as of `asOf`: the week's first day, or the first
 * day of the oldest episode still open (its warning may be unanswered), whichever is earlier.
 */
export function answersFrom(asOf: Day, openSince: readonly string[]): string {
  const weekStart = formatDay(asOf - 6);
  return openSince.reduce((earliest, day) => (day < earliest ? day : earliest), weekStart);
}
