import type { AlertRecord } from './alerts.ts';
import type { RuleId, Tier } from './config.ts';

/**
 * A warning as the effect report needs it: one per episode the rep was told about, written when the episode
 * starts and completed when it ends. Tier and risk are those of the first day (what the rep was warned of).
 */
export interface WarningLogEntry {
  customerId: string;
  episode: string;
  /** The first day the rep was told, `YYYY-MM-DD` (the episode's first day: a new alert is always told). */
  warnedDay: string;
  repId: string | null;
  tier: Tier;
  /** The risk on the first day, 0–1. */
  risk: number;
  /** The rules that fired on the first day: what the rep was warned of, for the false alarms per rule. */
  rules: RuleId[];
  endedDate: string | null;
  endedReason: 'recovered' | 'cleared' | 'lost' | null;
}

/**
 * What a day's alert record means for the warning log (`WarningLogEntry`): an episode the rep
 * was told about starts an entry, its end completes it. Pure, and derived from the record alone, so the
 * evaluator only looks at the records it writes anyway (the few that start or end an episode that day).
 *
 * A day evaluated again starts from the state before that day and may come out differently (orders imported
 * late): `stored` is the record of that earlier evaluation, and what it logged and the new one no longer
 * says is taken back (an entry dropped, an end reopened).
 */
export type WarningLogChange =
  | { kind: 'start'; entry: WarningLogEntry }
  | {
      kind: 'end';
      customerId: string;
      episode: string;
      endedDate: string;
      endedReason: NonNullable<WarningLogEntry['endedReason']>;
    }
  | { kind: 'reopen'; customerId: string; episode: string }
  | { kind: 'drop'; customerId: string; episode: string };

/** The entry of an episode the record starts on its own day with a rep told, else null. */
export function startedWarning(record: AlertRecord): WarningLogEntry | null {
  const { state, before } = record;
  if (!state?.open || state.firstSeenDate !== record.day || before?.open) return null;
  // Nobody to act on the warning (no rep) or nobody told: not a warning whose follow-up can be measured.
  if (state.repId === null || state.lastNotifiedDate === null) return null;
  return {
    customerId: record.customerId,
    episode: state.firstSeenDate,
    warnedDay: state.lastNotifiedDate,
    repId: state.repId,
    tier: state.facts.tier,
    risk: state.facts.risk,
    rules: [...new Set(state.facts.findings.map((finding) => finding.rule))],
    endedDate: null,
    endedReason: null,
  };
}

/** The episode the record ends on its own day, and how, else null. */
function endedEpisode(
  record: AlertRecord,
): { episode: string; endedDate: string; endedReason: NonNullable<WarningLogEntry['endedReason']> } | null {
  const { state, before } = record;
  if (!state || state.open || !before?.open || state.endedDate !== record.day || !state.endedReason) {
    return null;
  }
  return { episode: state.firstSeenDate, endedDate: state.endedDate, endedReason: state.endedReason };
}

/**
 * The log changes of writing `next` over `stored` (the record as it was; null for none). Only records that
 * are written need asking: a record the day leaves alone changes nothing in the log either.
 */
export function warningLogChanges(stored: AlertRecord | null, next: AlertRecord): WarningLogChange[] {
  const changes: WarningLogChange[] = [];
  const { customerId } = next;
  const started = startedWarning(next);
  const ended = endedEpisode(next);
  if (stored !== null && stored.day === next.day) {
    // The same day again: take back what the earlier evaluation of it logged and this one does not.
    const startedBefore = startedWarning(stored);
    if (startedBefore && startedBefore.episode !== started?.episode) {
      changes.push({ kind: 'drop', customerId, episode: startedBefore.episode });
    }
    const endedBefore = endedEpisode(stored);
    if (endedBefore && endedBefore.episode !== ended?.episode) {
      changes.push({ kind: 'reopen', customerId, episode: endedBefore.episode });
    }
  }
  if (started) changes.push({ kind: 'start', entry: started });
  if (ended) changes.push({ kind: 'end', customerId, ...ended });
  return changes;
}
