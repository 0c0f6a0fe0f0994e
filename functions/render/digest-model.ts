import type { AlertFacts } from '../core/alerts.ts';
import type { RuleId, Tier } from '../core/config.ts';
import type { FollowUpAction } from '../core/follow-up.ts';
import type { Locale } from '../core/locale.ts';

/**
 * What a rep's morning digest says, before it is worded for a channel. The notifier builds it from the alert
 * states of one rep's customers; the email and WeCom renderers turn the same model into HTML, plain text and
 * markdown, so a rep reads the same facts whichever channel they use.
 */

/** The person a message is for. `wecomUserid` is mentioned (`<@userid>`) in WeCom when known. */
export interface Recipient {
  repId: string;
  name: string | null;
  locale: Locale;
  wecomUserid?: string | undefined;
}

/**
 * One customer at risk in a digest: the facts of the day the alert was written (name, tier, risk, last-period
 * sales, days since the last order and visit, last coupon, the signals strongest first, money at risk), plus
 * the episode. Dates are `YYYY-MM-DD`, money in minor units.
 */
export interface DigestCustomer extends AlertFacts {
  customerId: string;
  /** First day of this at-risk episode and how many days it has lasted. */
  firstSeenDate: string;
  daysAtRisk: number;
  /** The rep hears about this episode for the first time (tagged New); otherwise a reminder. */
  isNew: boolean;
  /** Set when the signal got worse or the tier higher since the rep last heard about this customer. */
  escalated: boolean;
  /** Rules that are new since the rep last heard (for an escalated customer). */
  newRules: RuleId[];
  /**
   * The rep's one-tap answers to this warning (follow-up/digest-links.ts), one signed link per action in the
   * admin's order: the email's buttons. Absent when follow-up is off or links are not configured.
   */
  answerLinks?: { action: FollowUpAction; url: string }[];
  /** The signed link to the page offering every action: WeCom's one link per customer, the email's text part. */
  answerPage?: string;
}

/** A customer who was at risk, was in an earlier digest, and has ordered again. */
export interface RecoveredCustomer {
  customerId: string;
  name: string | null;
  tier: Tier;
  lastOrderDate: string | null;
  /** How long the episode lasted, first flagged to the reorder. */
  daysAtRisk: number;
  firstSeenDate: string;
}

export interface RepDigest {
  recipient: Recipient;
  /** The day the digest is about (the evaluation's as-of day), `YYYY-MM-DD`. */
  day: string;
  /**
   * The customers to follow up today (new, escalated, or due a reminder), in the order the rep should read
   * them: escalated first, then VIPs, then the rest by expected loss (build-digest.ts compareForDigest).
   */
  atRisk: DigestCustomer[];
  recovered: RecoveredCustomer[];
  /**
   * All the rep's customers currently at risk (including those not repeated today), and how many were left
   * out of the lists above to keep the message short.
   */
  totalAtRisk: number;
  omitted: number;
  /** The config version the evaluation used (shown in the footer), when known. */
  configVersion?: number | undefined;
}

/** A digest with nothing in any section: sent only when the admin turned "all clear" messages on. */
export function isAllClear(digest: RepDigest): boolean {
  return digest.atRisk.length === 0 && digest.recovered.length === 0;
}

/** How many of the listed customers are new to the rep today, and how many are reminders or escalations. */
export function listedCounts(digest: RepDigest): { fresh: number; still: number } {
  const fresh = digest.atRisk.filter((customer) => customer.isNew).length;
  return { fresh, still: digest.atRisk.length - fresh };
}
