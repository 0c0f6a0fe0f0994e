import type { DailyRunText } from '../zh-CN/daily-run.ts';

export const dailyRun: DailyRunText = {
  vaultNotConfigured: (reps, variable) =>
    `${reps} reps keep their WeCom robot in Secrets Manager: set ${variable} (the WecomSecretName stack output) before sending`,
  earlierDay: (last, asOf) =>
    `already evaluated up to ${last}; not evaluating the earlier ${asOf} (it would send out-of-date digests). To look at a past day use churn-watch digest --preview; to re-run it anyway add --force.`,
};
