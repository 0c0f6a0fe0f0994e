import type { BgnbdCustomer } from '../../core/bgnbd.ts';
import type { TierKey } from '../../core/tiers.ts';

/** What `rank` keeps of each customer: its tier key, and its BG/NBD summary when the run fits the model. */
export interface RankEntry {
  key: TierKey;
  /** Absent when the run does not use the model; null for a customer without a purchase. */
  summary?: BgnbdCustomer | null;
}

/**
 * Where a fanned-out run's `rank` steps leave each segment's entries for the `cutoffs` step, until `finish`
 * removes them (fan-out.ts). A step may run twice (the state machine retries it), so a segment's entries are
 * replaced as a whole, never added to.
 */
export interface SegmentRankStore {
  /** Keeps one segment's entries for the run, replacing whatever an earlier attempt of its step kept. */
  put(runId: string, segment: number, entries: readonly RankEntry[]): Promise<void>;
  /** The entries of every segment that kept some, by segment in ascending order, as last kept. */
  read(runId: string): Promise<Map<number, RankEntry[]>>;
  /** Removes the run's entries; any it cannot remove now expire on their own within days. */
  remove(runId: string): Promise<void>;
}
