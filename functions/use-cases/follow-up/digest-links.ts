import { TZDate } from '@date-fns/tz';
import type { ChurnConfig } from '../../core/config.ts';
import { type Day, parseIsoDay, partsFromDay } from '../../core/days.ts';
import type { FollowUpAction } from '../../core/follow-up.ts';
import { actionUrl, signAction } from './action-link.ts';

/**
 * The answer links a digest puts beside a customer at risk: one signed link per action the admin offers (the
 * email shows them as small buttons) and one to the page that offers them all (`choose`, for WeCom, where five
 * links per customer would crowd the message). Every link names the rep the digest is for, the customer and
 * the alert episode (its first at-risk day), and stops working at the end of the digest's day plus
 * `followUp.linkDays`, in the distributor's time zone.
 */

export interface AnswerLinks {
  /** In the order the admin lists the actions (`followUp.actions`). */
  answerLinks: { action: FollowUpAction; url: string }[];
  /** The `choose` link: a page offering every action. */
  answerPage: string;
}

/** Makes a customer's links for one digest: the rep it is for, the customer, the episode's first day. */
export type AnswerLinkMaker = (repId: string, customerId: string, episode: string) => AnswerLinks;

/**
 * The last second (epoch seconds) a link in the digest of `day` works: the end of the calendar day `linkDays`
 * after it in `timeZone`. A digest read late in the evening gets its full `linkDays`, and every link of one
 * digest expires at the same moment, whatever second it was made.
 *
 * @example linkExpiry('2026-11-20', 14, 'Asia/Shanghai') // 1796399999 (2026-12-04 23:59:59 in Shanghai)
 */
export function linkExpiry(day: string, linkDays: number, timeZone: string): number {
  const start = parseIsoDay(day);
  if (start === null) throw new RangeError(`linkExpiry: not a day: ${day}`);
  const { year, month, day: date } = partsFromDay((start as Day) + linkDays + 1);
  const nextMidnight = new TZDate(year, month - 1, date, 0, 0, 0, 0, timeZone).getTime();
  return Math.floor(nextMidnight / 1000) - 1;
}

/**
 * The link maker for the digests of `day`, or null when digests carry no links: the admin turned follow-up
 * off (`followUp.enabled`), or this process was not given where links point and what signs them.
 */
export function answerLinkMaker(input: {
  settings: { baseUrl: string; key: string } | undefined;
  config: Pick<ChurnConfig, 'followUp' | 'timeZone'>;
  day: string;
}): AnswerLinkMaker | null {
  const { settings, config } = input;
  if (!settings || !config.followUp.enabled) return null;
  const expires = linkExpiry(input.day, config.followUp.linkDays, config.timeZone);
  const actions = config.followUp.actions;
  return (repId, customerId, episode) => {
    const link = (action: FollowUpAction | 'choose') =>
      actionUrl(settings.baseUrl, signAction(settings.key, { repId, customerId, episode, action, expires }));
    return {
      answerLinks: actions.map((action) => ({ action, url: link(action) })),
      answerPage: link('choose'),
    };
  };
}
