import type { LocalText } from '../../zh-CN/cli/local.ts';

export const local: LocalText = {
  importingDemo: (shops, months) =>
    `First run: importing the demo distributor (${shops} shops, ${months} months)…`,
  atRiskFooter: (customers, atRisk, shown) =>
    `${customers} customers, ${atRisk} at risk${shown === null ? '' : ` (top ${shown} by money at risk shown)`}.`,
  portSettingInvalid: (variable, given) => `${variable} must be a port 0-65535, got "${given}"`,
  apiPortInUse: (port) =>
    `port ${port} for the ingest API is in use: set CHURN_WATCH_API_PORT to another (0 = any free port)`,
  adminPortInUse: (port) =>
    `port ${port} for the admin page is in use: set CHURN_WATCH_ADMIN_PORT to another (0 = any free port)`,
  endpoints: {
    dynamodbStarted: (dataDir, url) => `DynamoDB (dynalite, data in ${dataDir}): ${url}`,
    dynamodbConfigured: (source, url) => `DynamoDB: ${url} (from ${source})`,
    inbox: (url) => `Email inbox (SES): ${url}/`,
    sesConfigured: (source, url) => `SES: ${url} (from ${source})`,
    wecom: (url) => `WeCom robot messages: ${url}/`,
  },
  exportLine: (exports) => `Before using the CLI (import, run, config…) in another terminal:\n  ${exports}`,
  ingestApi: (url, apiKey) =>
    `Ingest API: ${url}/v1/{orders|customers|reps|visits|coupons|complaints} (header x-api-key: ${apiKey})`,
  adminPage: (url) => `Admin page (thresholds, changes, history): ${url}/`,
  onceDone:
    'Digests and summaries sent. The local services listed above (inbox, WeCom page, ingest API, admin page) closed with this run: to read the messages or use the CLI, run npm start (without --once); the data is kept.',
  whereMessagesAre: (inbox, wecom) =>
    `Digests and summaries: emails in the inbox at ${inbox}/, WeCom messages at ${wecom}/. Outbox: churn-watch deliveries`,
  scheduledRun: (at, kind) => `[${at}] scheduled ${kind} run`,
  retriedMore: (sent) => `Retry: ${sent} more sent.`,
  running: (dailyTime, weekday, weeklyTime, timeZone) =>
    `Running; press Ctrl+C to stop. Digests daily at ${dailyTime}, weekly summaries on ${weekday} at ${weeklyTime} (${timeZone}).`,
  service: {
    portInvalid: (given) =>
      `Invalid port setting ${given}: a port is a whole number from 0 to 65535 (0 picks a free one).`,
    cannotListen: (service, address, problem) => `${service} cannot listen on ${address}: ${problem}`,
    portInUse: (service, host, port, envVar, example) =>
      `${service} cannot start: port ${port} on ${host} is already in use. Stop the program using it` +
      (envVar ? ` or set ${envVar} to another port (e.g. ${envVar}=${example}).` : '.'),
    dataDirLocked: (service, path) =>
      `${service} cannot start: its data folder ${path} is in use by another program (probably another churn-watch local). Stop that one first.`,
    dataDirUnreadable: (service, path, reason) => `${service} cannot open its data folder ${path}: ${reason}`,
    sesHandler: (service) =>
      `${service} could not start: this version does not expose its request handler as expected.`,
    sesInboxPage: (service) =>
      `${service} could not start: this version's inbox page is not as expected, so it could not show the charts in emails.`,
  },
  wecomPage: {
    title: 'WeCom group robots · local receiver',
    intro: (zone) =>
      `Messages sent to local group robots, shown the way the WeCom client shows them (markdown, colours, mentions), one group per robot, in the order they were sent, top to bottom. Times are in ${zone}. Keys show only their last 3 characters. Same limits as the real webhook: markdown ≤ 4096 bytes, text ≤ 2048 bytes, 20 messages a minute per robot.`,
    noRobots: 'No robots yet.',
    robot: 'Group robot',
    bot: 'Bot',
    avatar: 'Bot',
    disabled: 'disabled',
    disabledSuffix: ' (disabled)',
    messages: (n) => `${n} ${n === 1 ? 'message' : 'messages'}`,
    refusedCount: (n) => `, ${n} refused`,
    bytes: 'bytes',
    refused: 'Send refused',
    idle: 'Robots with no messages yet',
    unregistered: 'Sends to robots that are not registered',
    unregisteredNote:
      'These keys belong to no registered robot; the real webhook refuses them the same way (93000).',
    everyone: 'all',
    otherLanguage: '<a href="/" lang="zh-CN">中文</a>',
  },
};
