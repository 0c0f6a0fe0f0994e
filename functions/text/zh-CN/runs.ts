/**
 * What the daily and weekly runs report and why they refuse to run (`churn-watch run`, `churn-watch local` on
 * its schedule, the scheduled evaluation on AWS), and the commands around them: the sent messages
 * (`deliveries`), a digest preview (`digest`), pausing reminders (`snooze`).
 */
export const runs = {
  asOfInvalid: '--as-of 应为 YYYY-MM-DD',
  /** A command that writes state was given a day after today. */
  asOfInFuture: (asOf: string, today: string, timeZone: string) =>
    `--as-of ${asOf} 晚于今天（${today}，${timeZone}）：会写入数据的命令不接受未来的日期，否则之后按今天的运行都会被拒绝。想看某天的评估结果请用 churn-watch evaluate --as-of 或 churn-watch digest --preview`,
  /** The run refuses to send: `variable` is the env variable naming the secret. */
  vaultNotConfigured: (reps: number, variable: string) =>
    `${reps} 位业务员的企业微信机器人地址保存在 Secrets Manager 中：请设置 ${variable}（部署输出 WecomSecretName）后再发送`,
  /** The run refuses a day before the last one evaluated; days as `YYYY-MM-DD`. */
  earlierDay: (last: string, asOf: string) =>
    `已经评估到 ${last}，不再评估更早的 ${asOf}（否则会发出过时的晨报）。查看过去某天请用 churn-watch digest --preview；确实要重跑请加 --force。`,
  /** Digests go out without their answer links when the shell was not told where the links point. */
  noActionLinks:
    '注意：晨报不会附一键反馈链接，因为没有设置 CHURN_WATCH_ACTION_URL。本机请先运行 npm start 打印的整行 export' +
    '（含 CHURN_WATCH_ACTION_URL 和 CHURN_WATCH_ACTION_KEY_FILE）；AWS 上用部署输出 ActionBaseUrl 和 ActionKeySecretName' +
    '（设为 CHURN_WATCH_ACTION_KEY_SECRET）。',
  retried: (sentNow: number, retrying: number, failed: number) =>
    `重试：本次发送 ${sentNow}，仍待重试 ${retrying}，失败 ${failed}。`,
  daily: {
    evaluated: (asOf: string, customers: number, atRisk: number, configVersion: number) =>
      `${asOf} 评估完成：${customers} 位客户，${atRisk} 位有流失风险（配置版本 ${configVersion}）。`,
    today: (fresh: number, reminders: number, escalated: number, recovered: number, toManagers: number) =>
      `  今天：新增 ${fresh}，再次提醒 ${reminders}，升级 ${escalated}，已恢复 ${recovered}，上报经理 ${toManagers}。`,
    messages: (
      sentNow: number,
      alreadySent: number,
      retrying: number,
      failed: number,
      uncertain: number,
      quietReps: number,
    ) =>
      `消息：本次发送 ${sentNow}（此前已发送 ${alreadySent}），待重试 ${retrying}，失败 ${failed}，状态不明 ${uncertain}；` +
      `${quietReps} 位业务员今天没有新情况（不发送）。`,
    laterDayKept: (alerts: number) => `注意：${alerts} 位客户的预警已按更晚的日期评估过，本次未改动。`,
    unreadableAlerts: (customers: string) => `无法读取的预警记录（这些客户的预警已重新开始）：${customers}`,
    unreadable: (profiles: string, reps: string) =>
      `无法读取：客户档案 ${profiles}；业务员 ${reps}（请用 rebuild-profiles 或重新导入）。`,
    /** In place of an empty list of unreadable records. */
    none: '无',
  },
  weekly: (day: string, managers: number, sentNow: number, alreadySent: number) =>
    `${day} 周报：${managers} 位经理，本次发送 ${sentNow} 份（此前已发送 ${alreadySent} 份）。`,
  couldNotWorkOn: '未能处理',
  seeDeliveries: '查看与处理：churn-watch deliveries（resend 可重新发送）',
  /** A message's delivery status (the outbox's DeliveryStatus); English shows the status code itself. */
  deliveryStatus: {
    pending: '待发送',
    sending: '发送中',
    sent: '已发送',
    retrying: '待重试',
    failed: '失败',
    uncertain: '状态不明',
  },
  deliveries: {
    statusChoice: (statuses: readonly string[], given: string) =>
      `--status 只能是 ${statuses.join('、')}（收到「${given}」）`,
    noSuchDelivery: (pk: string) => `没有这条发送记录：${pk}`,
    notResendable: (pk: string, status: string) =>
      `${pk} 的状态是 ${status}，只有 failed 或 uncertain 的记录可以重新发送`,
    changedMeanwhile: (pk: string) => `${pk} 正被其他进程处理，请稍后再试`,
    none: '没有发送记录。',
    columns: (timeZone: string) => [
      '记录编号',
      '状态',
      '方式',
      '收件人',
      '尝试',
      `更新时间（${timeZone}）`,
      '说明',
    ],
  },
  digest: {
    ambiguousRep: (given: string, repIds: readonly string[]) =>
      `「${given}」对应 ${repIds.length} 位业务员（${repIds.join('、')}），请用业务员编号`,
    noSuchRep: (given: string) => `业务员表中没有编号或姓名为「${given}」的业务员`,
    isManager: (repId: string) =>
      `${repId} 是经理：经理不收晨报，收每周的团队周报（churn-watch run weekly）。预览晨报请用业务员编号。`,
    writtenTo: (path: string) => `已写入 ${path}`,
  },
  snooze: {
    untilInvalid: '--until 应为 YYYY-MM-DD',
    noAlert: (customerId: string) => `客户 ${customerId} 没有预警记录（从未有过流失风险），无需暂停`,
    cleared: (customerId: string) => `已取消 ${customerId} 的暂停提醒。`,
    paused: (customerId: string, until: string) =>
      `${customerId} 的重复提醒暂停到 ${until}（新信号仍会提醒）。`,
  },
};

export type RunsText = typeof runs;
