import type { EffectText } from '../zh-CN/effect.ts';

export const effect: EffectText = {
  figures: {
    rateTooFew: (warnings) => `too few to say (${warnings})`,
    rate: (rate, interval) => `${rate} (${interval})`,
    adjustedTooFew: (withFollowUp, without) =>
      `too few to say (comparable: ${withFollowUp} followed up, ${without} not)`,
    adjusted: (difference, interval, unclear) =>
      `${difference} points (95% interval ${interval}${unclear ? '; no clear difference yet' : ''})`,
    weeklyHeadline: (recoveryDays, withRate, withWarnings, withoutRate, withoutWarnings, fair) =>
      `Follow-up effect: ${withRate} of the warned customers followed up ordered again within ` +
      `${recoveryDays} days (${withWarnings}), ${withoutRate} of those not followed up ` +
      `(${withoutWarnings}); at the same tier and risk, ${fair}`,
  },
  refused: {
    dates: '--from and --to must be YYYY-MM-DD',
  },
  headline: (from, to, asOf) => `Effect of warnings given ${from} to ${to} (outcomes up to ${asOf})`,
  warnings: (warnings, compared, recoveryDays, pending, notReal, closed) =>
    `${warnings} warnings = ${compared} compared + ${pending} pending (under ${recoveryDays} days) + ${notReal} marked not a real risk, left out; ${closed} of them shop closed, counted as not recovered.`,
  definitions: (recoveryDays, followUpWithinDays) =>
    `Recovered = ordered again within ${recoveryDays} days and no longer at risk; followed up = a call, visit or coupon within ${followUpWithinDays} days of the warning, before recovery.`,
  followedUp: (rate, warnings, recovered) => `Followed up: ${rate}, ${recovered} of ${warnings} recovered`,
  notFollowedUp: (rate, warnings, recovered) =>
    `Not followed up: ${rate}, ${recovered} of ${warnings} recovered`,
  rawDifference: (points) => `Raw difference: ${points} points (tier and risk not taken into account)`,
  adjusted: (adjusted) => `At the same tier and risk band (Mantel–Haenszel): ${adjusted}`,
  allPending: (recoveryDays) =>
    `None of these warnings is ${recoveryDays} days old yet: their outcomes are not known, which is not the same as not followed up; look again once the first is ${recoveryDays} days old.`,
  falseAlarmsHead: 'Warnings the reps marked "not a real risk", per rule:',
  falseAlarm: (rule, warnings, notReal, share) => `  ${rule}: ${notReal} of ${warnings} (${share})`,
  column: {
    followedUp: 'Followed up',
    recovered: 'Recovered (95% interval)',
    notFollowedUp: 'Not followed up',
    sameRisk: 'At the same risk',
  },
  byTier: 'By tier:',
  byAction: 'By action (against no follow-up):',
  churn: {
    notRunYet: 'Churn before and after: the product has not run a day yet.',
    head: (switchedOn, periodDays) =>
      `Churn before and after the switch-on (${switchedOn}; periods of ${periodDays} days; not an experiment: seasons, the market and the customer mix change too):`,
    tooFew: (base) => `too few (${base})`,
    rate: (rate, churned, base) => `${rate} (${churned}/${base})`,
    period: (from, to) => `${from} to ${to}`,
    before: (period) => `Before ${period}`,
    noHistory: '(history no longer reaches)',
    latest: (period) => `Latest ${period}`,
    notWholePeriod: '(not a whole period yet)',
    all: 'All',
  },
};
