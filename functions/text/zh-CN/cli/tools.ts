/**
 * The admin's other commands: the reps' answers to warnings (`answers`), the risk model (`risk fit|show`), the
 * BG/NBD fit of a summary file (`bgnbd fit`) and the tables (`init`, `rebuild-profiles`).
 */
export const tools = {
  dateInvalid: (flag: string, given: string) => `${flag} 应为有效日期 YYYY-MM-DD，收到「${given}」`,
  answers: {
    /** The period the list covers, when no --from and no --to narrow it. */
    allTime: '全部',
    period: (from: string, to: string) => `${from} ～ ${to}`,
    headline: (period: string, answers: number) => `业务员的反馈（${period}）：${answers} 条`,
    none: '这段时间没有反馈。',
    columns: ['日期', '业务员', '客户', '反馈', '原因', '预警开始'],
    /** A rep or customer by name, with the id beside it. */
    named: (name: string, id: string) => `${name}（${id}）`,
  },
  risk: {
    pastDay: (asOf: string) =>
      `不能按过去的日期训练（--as-of ${asOf} 早于今天）：之后重跑那些日期会用上这个模型；确实需要请加 --force`,
    modelOff:
      '（riskModel.enabled 已关闭：每日评估按规则的旧打分。重新开启：churn-watch config set riskModel.enabled=true）',
    rulesOnly: '风险评分：按规则（riskModel.enabled 未开启）',
  },
  bgnbd: {
    missingColumns: (columns: string) => `汇总文件缺少列：${columns}（表头应为 ID,frequency,recency,T）`,
    wholeNumber: '非负整数',
    number: '非负数',
    badField: (line: number, field: string, expected: string, given: string) =>
      `第 ${line} 行，${field} 字段应为${expected}（收到「${given}」）`,
    recencyAfterT: (line: number, recency: number, T: number) =>
      `第 ${line} 行，recency（${recency}）不能大于 T（${T}）`,
    noRows: '汇总文件没有客户数据',
    unreadable: (path: string) => `无法读取文件：${path}`,
    parameter: '参数',
    estimate: '估计值',
    logLikelihood: '对数似然',
    fitted: (customers: number, iterations: number, seconds: string, converged: boolean) =>
      `${customers} 位客户，${iterations} 次迭代，用时 ${seconds} 秒${converged ? '' : '（未完全收敛）'}`,
  },
  /** `npm run sample` (bin/generate-sample.ts): a demo distributor's files to try the product on. */
  sample: {
    usage: `用法：npm run sample -- --out 目录 [选项]

生成一家逼真的快消品经销商（业务员、门店、订单明细、拜访、发券、投诉），写成 CSV 文件：orders.csv customers.csv
reps.csv visits.csv coupons.csv complaints.csv planted.csv。planted.csv 是标准答案（哪些门店被安排为下滑、
流失、更早流失、暂停……），不是产品的输入。同样的选项总是写出逐字节相同的文件。

  --out 目录          写到哪个目录（不存在则创建；已有的文件会被覆盖）
  --seed N            随机种子（默认 42）
  --customers N       门店数（默认 1500）
  --months N          历史月数，6 到 60（默认 18）
  --end YYYY-MM-DD    有数据的最后一天（默认 2026-11-20）
  --headers en|zh     英文或中文表头（默认 en）
  --id-prefix 前缀    加在每个编号前（默认 S-，例如 S-C00001），导入 npm start 的演示数据库时不会与演示门店的
                      编号（C00001）混在一起；写 --id-prefix '' 则与演示数据的编号相同
  --lang zh-CN|en     输出语言（默认中文，也可设置 CHURN_WATCH_LANG）
  -h, --help          显示本帮助

企业微信业务员的机器人地址指向本机正在运行的 npm start 的企业微信接收页（同一个 CHURN_WATCH_DATA_DIR），
否则指向 CHURN_WATCH_WECOM_PORT（默认 8790）。`,
    wrote: (
      customers: number,
      lines: number,
      orders: number,
      from: string,
      to: string,
      seed: number,
      out: string,
      seconds: string,
    ) =>
      `已写出 ${customers} 家门店、${orders} 张订单（${lines} 行明细），${from} 至 ${to}（种子 ${seed}），目录 ${out}，用时 ${seconds} 秒`,
    ids: (example: string) => `编号形如 ${example}`,
    /** Where the WeCom reps' robots point: the receiver of the running `npm start`, or the configured port. */
    robots: (url: string, running: boolean) =>
      `企业微信机器人地址指向 ${url}${running ? '（正在运行的 npm start）' : '（npm start 启动后在这里接收）'}`,
    outRequired: '缺少 --out 目录',
    headersChoice: (given: string) => `--headers 只能是 en 或 zh，收到「${given}」`,
    notInteger: (option: string, given: string) => `${option} 应为整数，收到「${given}」`,
    outOfRange: (option: string, min: number, max: number, given: number) =>
      `${option} 应在 ${min} 到 ${max} 之间，收到 ${given}`,
    prefixInvalid: (given: string) => `--id-prefix 最多 8 个字母、数字、- 或 _，收到「${given}」`,
  },
  tables: {
    noEndpoint:
      '未设置 AWS_ENDPOINT_URL_DYNAMODB：init 只用于本地或兼容的 DynamoDB；AWS 上的数据表由 npx cdk deploy 创建。',
    allExist: (endpoint: string) => `数据表已齐全（${endpoint}）。`,
    created: (count: number) => `已创建 ${count} 张表`,
    rebuilt: (customers: number) => `已重建 ${customers} 位客户的档案。`,
  },
};

export type ToolsText = typeof tools;
