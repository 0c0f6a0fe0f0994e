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

/** How each action reads, in the rep's words: [zh-CN, en]. */
export const ACTION_NAMES: Readonly<Record<FollowUpAction, readonly [string, string]>> = {
  called: ['已电话联系', 'Called'],
  visited: ['已上门拜访', 'Visited'],
  coupon: ['已发优惠券', 'Coupon sent'],
  not_real: ['不是真的流失', 'Not a real risk'],
  closed: ['客户已关店', 'Shop closed'],
};

/** How the built-in reasons read: [zh-CN, en]. */
export const REASON_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  seasonal: ['季节性', 'Seasonal'],
  new_contact: ['换了负责人', 'New person in charge'],
  paused: ['装修或临时停业', 'Renovating or paused'],
  other_supplier: ['改从别处进货', 'Buys elsewhere now'],
  other: ['其他', 'Other'],
};

/** A reason as a rep reads it: a built-in one in their language, an admin's own as written. */
export function reasonText(reason: string, locale: 'zh-CN' | 'en'): string {
  const names = Object.hasOwn(REASON_NAMES, reason) ? REASON_NAMES[reason] : undefined;
  return names ? names[locale === 'en' ? 1 : 0] : reason;
}

export function actionText(action: FollowUpAction, locale: 'zh-CN' | 'en'): string {
  return ACTION_NAMES[action][locale === 'en' ? 1 : 0];
}
