/**
 * Why a message was not delivered, as `churn-watch deliveries` and `run` list it: each problem the notifier
 * stores as a code, with what to do. A provider's own words (an SES or WeCom error text, a network library's
 * message) are values, shown as they came in every language.
 */
export const deliveryProblem = {
  emailNotSetUp:
    '邮件未配置：本机请设置 AWS_ENDPOINT_URL_SESV2（npm start 启动时打印的 export 行），AWS 上部署时设置 churn-watch:emailFrom',
  noAddress: (recipient: string) => `${recipient} 既没有邮箱也没有企业微信机器人`,
  noFallbackEmail: '没有可以改发的邮箱',
  robotBroken: (errcode: number, since: string) =>
    `企业微信机器人已失效（错误码 ${errcode}，自 ${since} 起）：换一个机器人地址后会自动恢复`,
  /**
   * The robot's own answer: `meaning` of its error code when known, `retried` when it was retried; `errmsg`
   * (the robot's English) is for the English wording; `fellBack` (the message went another way) is said by
   * the problem after it (没有可以改发的邮箱, 邮件未配置).
   */
  robotError: (p: {
    robot: string;
    errcode: number;
    errmsg: string | null;
    meaning: string | null;
    retried: { still: 'busy' | 'rate limited'; attempts: number } | null;
    fellBack: boolean;
  }) =>
    `企业微信机器人 ${p.robot}：错误码 ${p.errcode}${p.meaning ? `（${p.meaning}）` : ''}${p.retried === null ? '' : `，已尝试 ${p.retried.attempts} 次`}`,
  /** A robot that cannot be used any more, in the adapter's words (`detail`); the message went another way. */
  robotFallback: (detail: string) => `企业微信机器人：${detail}`,
  /** The same when the adapter's words name the robot (`WeCom robot …r02: HTTP 404`): named once, here. */
  robotSaid: (robot: string, detail: string) => `企业微信机器人 ${robot}：${detail}`,
  /** `detail` is the network library's own words (ECONNREFUSED …): kept for whoever checks the address. */
  robotUnreachable: (robot: string, detail: string) =>
    `企业微信机器人 ${robot} 连接不上（${detail}）：请检查机器人地址和网络，恢复后会自动重试`,
  /** Old records only: a broken robot's notice with nobody to tell is now a run warning (noticeUnsent). */
  noManagerToTell: (repId: string) => `${repId} 没有登记上级经理，无人可以通知`,
  noRep: '这些客户没有业务员：请在客户表中指定',
  noManager: '这些客户的业务员没有登记经理',
  /** A message for someone the reps table does not hold (a manager id that names nobody). */
  notInReps: (recipient: string) => `${recipient} 不在业务员表中`,
  senderStopped: '发送中途进程中断：为避免重复，不会自动重发（确认后用 deliveries resend）',
  robotNoAnswer: (robot: string, detail: string) =>
    `企业微信机器人 ${robot}：${detail}。消息可能已经送达，为避免重复不会自动重发（确认对方没有收到后用 deliveries resend）`,
  sesNoAnswer: (network: string) =>
    `SES 没有应答（${network}）：邮件可能已经发出，为避免重复不会自动重发（确认对方没有收到后用 deliveries resend）`,
  stale: (day: string) => `过期：到 ${day} 仍未发出，其中的客户并入当天的消息`,
  /** The network part of a robot's problem. */
  noAnswerWithin: (ms: number) => `${ms} 毫秒内没有应答`,
  gatewayTimeout: 'HTTP 504（网关超时）',
  /** What the robot's error codes mean to an admin, with what to do where there is something to do. */
  wecomErrcode: {
    '93000': '机器人地址无效或机器人已被移除：请在业务员表中换一个机器人地址',
    '93004': '机器人已被停用：请在群里重新启用，或换一个机器人地址',
    '45009': '发送太频繁，稍后会自动重试',
    '-1': '企业微信系统繁忙，稍后会自动重试',
    '40058': '消息太长',
  },
  /** Between several problems of one delivery. */
  separator: '；',
  /**
   * A broken robot's notice nobody could receive (no delivery failed): the rep has no manager (`managerId`
   * null) or their manager is not in the reps table.
   */
  noticeUnsent: (repId: string, managerId: string | null, errcode: number) =>
    managerId === null
      ? `提醒：${repId} 的企业微信机器人已失效（错误码 ${errcode}），没有上级经理可以通知：请为 ${repId} 换一个机器人地址`
      : `提醒：${repId} 的企业微信机器人已失效（错误码 ${errcode}），其经理 ${managerId} 不在业务员表中，通知没有发出：请添加 ${managerId} 或改正 ${repId} 的经理，并为 ${repId} 换一个机器人地址`,
};

export type DeliveryProblemText = typeof deliveryProblem;
