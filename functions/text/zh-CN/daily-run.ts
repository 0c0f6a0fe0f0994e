/** Why the daily run (`churn-watch run`, the scheduled evaluation) refuses to start, for the admin or operator. */
export const dailyRun = {
  /** `variable` is the env variable naming the secret. */
  vaultNotConfigured: (reps: number, variable: string) =>
    `${reps} 位业务员的企业微信机器人地址保存在 Secrets Manager 中：请设置 ${variable}（部署输出 WecomSecretName）后再发送`,
  /** Days as `YYYY-MM-DD`. */
  earlierDay: (last: string, asOf: string) =>
    `已经评估到 ${last}，不再评估更早的 ${asOf}（否则会发出过时的晨报）。查看过去某天请用 churn-watch digest --preview；确实要重跑请加 --force。`,
};

export type DailyRunText = typeof dailyRun;
