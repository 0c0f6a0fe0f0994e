import type { AlertRecord } from './alerts.ts';
import { type Tier, TIERS } from './config.ts';
import { type Day, formatDay, parseIsoDay } from './days.ts';

/**
 * How often a warning is followed by the customer ordering again: of the alert episodes that started in a
 * period and have had `withinDays` to play out, the share whose customer ordered again within `withinDays`
 * of the first warning. It is what a manager asks of the product ("when we warn, do the reps win the shop
 * back?"), and, split at a config change, whether the change helped.
 *
 * "Recovered" is the alert lifecycle's: the customer ordered again and is no longer at risk. The alerts table
 * keeps a customer's latest episode and the one before it, so only a third warning in one window loses one.
 */
export interface RecoveryStats {
  /** Episodes that started in the period (each had `withinDays` to recover). */
  episodes: number;
  /** Of those, how many ordered again within `withinDays` of the first warning. */
  recovered: number;
  /** recovered ÷ episodes, or null without episodes. */
  rate: number | null;
}

export interface RecoveryWindow {
  /** First and last day (inclusive) an episode may have started on, `YYYY-MM-DD`. */
  from: string;
  to: string;
  withinDays: number;
}

export const noRecovery = (): RecoveryStats => ({ episodes: 0, recovered: 0, rate: null });

/**
 * The period whose episodes have all had `withinDays` to play out by `asOf`: the `periodDays` days that end
 * `withinDays` days before it.
 */
export function recoveryWindow(asOf: Day, periodDays: number, withinDays: number): RecoveryWindow {
  return {
    from: formatDay(asOf - withinDays - periodDays + 1),
    to: formatDay(asOf - withinDays),
    withinDays,
  };
}

/** An episode as the weekly summary sees it: when it started and how it ended, for whom. */
export interface Episode {
  firstSeenDate: string;
  endedDate: string | null;
  endedReason: string | null;
  tier: Tier;
  repId: string | null;
}

/** The episodes a record knows of: its current one and, when kept, the one before it. */
export function episodesOf(record: AlertRecord): Episode[] {
  const state = record.state;
  if (!state) return [];
  const current: Episode = {
    firstSeenDate: state.firstSeenDate,
    endedDate: state.endedDate,
    endedReason: state.endedReason,
    tier: state.facts.tier,
    repId: state.repId,
  };
  return state.previousEpisode ? [current, state.previousEpisode] : [current];
}

/** Whether the episode started in the window, and whether it recovered in time. */
function classify(episode: Episode, window: RecoveryWindow): 'outside' | 'recovered' | 'not_recovered' {
  if (episode.firstSeenDate < window.from || episode.firstSeenDate > window.to) return 'outside';
  if (episode.endedReason !== 'recovered' || episode.endedDate === null) return 'not_recovered';
  const start = parseIsoDay(episode.firstSeenDate) as Day;
  const end = parseIsoDay(episode.endedDate) as Day;
  return end - start <= window.withinDays ? 'recovered' : 'not_recovered';
}

function add(stats: RecoveryStats, recovered: boolean): void {
  stats.episodes++;
  if (recovered) stats.recovered++;
  stats.rate = stats.recovered / stats.episodes;
}

/** Recovery over the window, for everyone given, per tier (at the last warning) and per rep. */
export function recoveryBreakdown(
  records: Iterable<AlertRecord>,
  window: RecoveryWindow,
): { total: RecoveryStats; byTier: Record<Tier, RecoveryStats>; byRep: Map<string, RecoveryStats> } {
  const total = noRecovery();
  const byTier = Object.fromEntries(TIERS.map((tier) => [tier, noRecovery()])) as Record<Tier, RecoveryStats>;
  const byRep = new Map<string, RecoveryStats>();
  for (const episode of [...records].flatMap(episodesOf)) {
    const verdict = classify(episode, window);
    if (verdict === 'outside') continue;
    const recovered = verdict === 'recovered';
    add(total, recovered);
    add(byTier[episode.tier], recovered);
    const repId = episode.repId;
    if (repId !== null) {
      const stats = byRep.get(repId) ?? noRecovery();
      add(stats, recovered);
      byRep.set(repId, stats);
    }
  }
  return { total, byTier, byRep };
}

/** Recovery of the episodes that started before a config change against those that started after it. */
export interface RecoveryAroundChange {
  version: number;
  /** The day the change took effect, `YYYY-MM-DD`. */
  changedOn: string;
  before: RecoveryStats;
  /** Null while no episode that started after the change has had `withinDays` yet. */
  after: RecoveryStats | null;
  /** The windows compared, each as long as the other where the history allows. */
  beforeWindow: RecoveryWindow;
  afterWindow: RecoveryWindow | null;
}

/**
 * Splits recovery at the day a config change took effect: episodes that started in the `periodDays` before it
 * against those that started after it and have had `withinDays` by `asOf` (at most `periodDays` of them too),
 * so the two are measured alike.
 */
export function recoveryAroundChange(
  records: readonly AlertRecord[],
  change: { version: number; changedOn: Day },
  asOf: Day,
  periodDays: number,
  withinDays: number,
): RecoveryAroundChange {
  // Only warnings that have had `withinDays` by asOf count, before the change as after it.
  const beforeWindow: RecoveryWindow = {
    from: formatDay(change.changedOn - periodDays),
    to: formatDay(Math.min(change.changedOn - 1, asOf - withinDays)),
    withinDays,
  };
  const lastMatured = Math.min(asOf - withinDays, change.changedOn + periodDays - 1);
  const afterWindow: RecoveryWindow | null =
    lastMatured >= change.changedOn
      ? { from: formatDay(change.changedOn), to: formatDay(lastMatured), withinDays }
      : null;
  return {
    version: change.version,
    changedOn: formatDay(change.changedOn),
    before: recoveryBreakdown(records, beforeWindow).total,
    after: afterWindow ? recoveryBreakdown(records, afterWindow).total : null,
    beforeWindow,
    afterWindow,
  };
}
