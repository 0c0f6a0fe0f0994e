/**
 * The follow-up loop: what a rep answers to a warning (one tap beside the customer in the digest), and the
 * log of warnings those answers and the effect report are measured against.
 *
 * An *episode* is named by the customer and its first at-risk day (`AlertState.firstSeenDate`), which never
 * changes while the episode lasts: an answer is kept against the episode it was given for, also after the
 * episode has ended.
 */

/** What a rep can answer, in the order the digest offers them. */
export const FOLLOW_UP_ACTIONS = ['called', 'visited', 'coupon', 'not_real', 'closed'] as const;
export type FollowUpAction = (typeof FOLLOW_UP_ACTIONS)[number];

/**
 * The answers that count as following the warning up: the rep did something for the customer. "Not a real
 * risk" and "closed" are verdicts on the warning, not follow-ups.
 */
export const FOLLOW_UP_CONTACTS: readonly FollowUpAction[] = ['called', 'visited', 'coupon'];

export const isContact = (action: FollowUpAction): boolean => FOLLOW_UP_CONTACTS.includes(action);

/**
 * Reasons for "not a real risk" that come with the product, by id; the digest and the action page word them
 * per locale. An admin's own reasons (`followUp.reasons`) are shown as written.
 */
export const BUILT_IN_REASONS = ['seasonal', 'new_contact', 'paused', 'other_supplier', 'other'] as const;
export type BuiltInReason = (typeof BUILT_IN_REASONS)[number];

export const isBuiltInReason = (reason: string): reason is BuiltInReason =>
  (BUILT_IN_REASONS as readonly string[]).includes(reason);

/** One answer, stored once per episode and action (tapping twice records one). */
export interface FollowUpAnswer {
  customerId: string;
  /** The episode's first at-risk day, `YYYY-MM-DD`. */
  episode: string;
  action: FollowUpAction;
  /** For `not_real`: the reason chosen (a built-in id or the admin's own text); otherwise null. */
  reason: string | null;
  /** Who answered: the rep the link was made for. */
  repId: string;
  /** When, as an ISO instant (UTC), and the distributor's calendar day it fell on, `YYYY-MM-DD`. */
  answeredAt: string;
  day: string;
}
