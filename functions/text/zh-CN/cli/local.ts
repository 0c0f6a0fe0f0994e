/**
 * What `churn-watch local` (npm start) says while it runs the whole product on this machine: where each part
 * listens, what it did, why a service could not start. `service` is the service's name as an admin knows it
 * (`DynamoDB (dynalite)`, `SES (aws-ses-v2-local)`), not translated.
 */
export const local = {
  /** First start: the demo data is generated and imported. */
  importingDemo: (shops: number, months: number) =>
    `首次运行：导入演示经销商（${shops} 家门店，${months} 个月订单）……`,
  /** Under the table of the first run's customers at risk; `shown` when only the top ones are listed. */
  atRiskFooter: (customers: number, atRisk: number, shown: number | null) =>
    `共 ${customers} 位客户，${atRisk} 位有流失风险${shown === null ? '' : `（列出风险金额最高的 ${shown} 位）`}。`,
  portSettingInvalid: (variable: string, given: string) =>
    `${variable} 应为 0–65535 的端口号，收到「${given}」`,
  apiPortInUse: (port: number) =>
    `入库 API 的端口 ${port} 已被占用：请设置 CHURN_WATCH_API_PORT 为其他端口（0 表示任选空闲端口）`,
  adminPortInUse: (port: number) =>
    `设置页面的端口 ${port} 已被占用：请设置 CHURN_WATCH_ADMIN_PORT 为其他端口（0 表示任选空闲端口）`,
  /** The endpoints the admin can open. */
  endpoints: {
    dynamodbStarted: (dataDir: string, url: string) => `DynamoDB（dynalite，数据目录 ${dataDir}）：${url}`,
    dynamodbConfigured: (source: string, url: string) => `DynamoDB：使用 ${source} 指定的 ${url}`,
    inbox: (url: string) => `邮件收件箱（SES）：${url}/`,
    sesConfigured: (source: string, url: string) => `SES：使用 ${source} 指定的 ${url}`,
    wecom: (url: string) => `企业微信机器人消息：${url}/`,
  },
  exportLine: (exports: string) => `在另一个终端使用命令行（import、run、config……）前先执行：\n  ${exports}`,
  ingestApi: (url: string, apiKey: string) =>
    `入库 API：${url}/v1/{orders|customers|reps|visits|coupons|complaints}（请求头 x-api-key: ${apiKey}）`,
  adminPage: (url: string) => `设置页面（阈值、修改、历史）：${url}/`,
  /** After `--once`: the pages listed above closed with the run. */
  onceDone:
    '晨报和周报已发出。上面列出的本地服务（收件箱、企业微信接收页、入库 API、设置页面）已随本次运行结束而关闭：要查看消息或继续使用命令行，请运行 npm start（不带 --once），数据都还在。',
  whereMessagesAre: (inbox: string, wecom: string) =>
    `晨报和周报：邮件在 ${inbox}/ 的收件箱，企业微信消息在 ${wecom}/。发送记录：churn-watch deliveries`,
  scheduledRun: (at: string, kind: string) => `[${at}] 定时运行：${kind}`,
  retriedMore: (sent: number) => `重试：又发送了 ${sent} 条消息。`,
  running: (dailyTime: string, weekday: string, weeklyTime: string, timeZone: string) =>
    `服务运行中，按 Ctrl+C 退出。每天 ${dailyTime} 运行晨报，每${weekday} ${weeklyTime} 发送周报（${timeZone}）。`,
  /** An embedded service could not start. */
  service: {
    portInvalid: (given: string) =>
      `端口设置无效：${given}。端口应为 0 到 65535 之间的整数（0 表示自动选择空闲端口）。`,
    cannotListen: (service: string, address: string, problem: string) =>
      `${service} 无法在 ${address} 上监听：${problem}`,
    /** `envVar`, when known, is the setting that moves the service; `example` a port to suggest. */
    portInUse: (service: string, host: string, port: number, envVar: string | null, example: number) =>
      `${service} 无法启动：${host}:${port} 端口已被占用。请关闭占用该端口的程序` +
      (envVar ? `，或设置环境变量 ${envVar} 换一个端口（例如 ${envVar}=${example}）。` : '。'),
    dataDirLocked: (service: string, path: string) =>
      `${service} 无法启动：数据目录 ${path} 正被另一个程序使用（可能已有一个 churn-watch local 在运行）。请先关闭它。`,
    dataDirUnreadable: (service: string, path: string, reason: string) =>
      `${service} 无法打开数据目录 ${path}：${reason}`,
    sesHandler: (service: string) => `${service} 无法启动：该版本的请求处理方式与预期不符。`,
    sesInboxPage: (service: string) =>
      `${service} 无法启动：该版本的收件箱页面与预期不符，无法显示邮件中的图表。`,
  },
  /** The local WeCom receiver's page: the robots' messages as the WeCom client shows them. */
  wecomPage: {
    title: '企业微信群机器人 · 本地接收器',
    intro: (zone: string) =>
      `发往本地群机器人的消息，按企业微信客户端的样子显示（markdown、颜色、@提醒），每个机器人一组，按发送顺序从上到下排列。时间为 ${zone} 时间。机器人密钥只显示最后 3 位。限制与真实接口相同：markdown 最多 4096 字节、text 最多 2048 字节，每个机器人每分钟最多 20 条。`,
    noRobots: '还没有机器人。',
    robot: '群机器人',
    bot: '机器人',
    /** The one character in a robot's round avatar. */
    avatar: '机',
    disabled: '已停用',
    disabledSuffix: '（已停用）',
    messages: (n: number) => `${n} 条消息`,
    refusedCount: (n: number) => `，${n} 次被拒绝`,
    bytes: '字节',
    refused: '发送被拒绝',
    idle: '还没有收到消息的机器人',
    unregistered: '发往未登记机器人的请求',
    unregisteredNote: '这些密钥不属于任何已登记的机器人，真实接口会同样拒绝（93000）。',
    /** `@all` in a message. */
    everyone: '所有人',
    /** The link to the page in the other language (HTML). */
    otherLanguage: '<a href="/?lang=en" lang="en">English</a>',
  },
};

export type LocalText = typeof local;
