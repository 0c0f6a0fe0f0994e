import type { EffectFiguresText } from '../zh-CN/effect-figures.ts';

export const effectFigures: EffectFiguresText = {
  rateTooFew: (warnings) => `too few to say (${warnings})`,
  rate: (rate, interval) => `${rate} (${interval})`,
  adjustedTooFew: (withFollowUp, without) =>
    `too few to say (comparable: ${withFollowUp} followed up, ${without} not)`,
  adjusted: (difference, interval, unclear) =>
    `${difference} points (95% interval ${interval}${unclear ? '; no clear difference yet' : ''})`,
  headline: (recoveryDays, withRate, withWarnings, withoutRate, withoutWarnings, fair) =>
    `Follow-up effect: ${withRate} of the warned customers followed up ordered again within ` +
    `${recoveryDays} days (${withWarnings}), ${withoutRate} of those not followed up ` +
    `(${withoutWarnings}); at the same tier and risk, ${fair}`,
};
