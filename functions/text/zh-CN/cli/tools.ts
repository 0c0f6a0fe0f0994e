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
  tables: {
    noEndpoint:
      '未设置 AWS_ENDPOINT_URL_DYNAMODB：init 只用于本地或兼容的 DynamoDB；AWS 上的数据表由 npx cdk deploy 创建。',
    allExist: (endpoint: string) => `数据表已齐全（${endpoint}）。`,
    created: (count: number) => `已创建 ${count} 张表`,
    rebuilt: (customers: number) => `已重建 ${customers} 位客户的档案。`,
  },
};

export type ToolsText = typeof tools;
