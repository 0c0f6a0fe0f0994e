/** What `churn-watch evaluate` prints: the table of customers at risk and the summary under it (stderr). */
export const evaluate = {
  asOfHeading: (asOf: string) => `评估日期 ${asOf}`,
  noCustomers: (asOf: string) => `${asOf}：没有客户数据。`,
  noneAtRisk: (asOf: string) => `${asOf}：没有客户有流失风险。`,
  column: {
    customer: '客户编号',
    name: '客户名称',
    rep: '业务员',
    tier: '等级',
    status: '状态',
    risk: '风险',
    /** The money a lost customer would take with it. */
    atStake: '风险金额',
    lastPeriod: '近期销售',
    daysSilent: '未下单天数',
    signals: '信号',
  },
  summary: {
    customers: (customers: number, atRisk: number) => `共 ${customers} 位客户，${atRisk} 位有流失风险`,
    orders: (orders: number, lines: number, cancelled: number, returns: number) =>
      `读取订单 ${orders} 笔（明细 ${lines} 行，其中已取消 ${cancelled} 笔、退货单 ${returns} 笔）`,
    afterAsOf: (records: number) => `${records} 条记录晚于评估日期，未参与评估`,
    skipped: (rows: number) => `跳过无效行 ${rows} 行`,
    separator: '；',
  },
  riskModelOff:
    '风险模型已关闭（riskModel.enabled=false）：风险为规则的旧评分，不是概率；有规则触发即为有风险。',
  /** A `--config` file of settings beside the export. */
  configFile: {
    unreadable: (path: string) => `无法读取配置文件 ${path}`,
    notJson: (path: string, problem: string) => `配置文件 ${path} 不是有效的 JSON：${problem}`,
    invalid: (path: string) => `配置无效（${path}）：`,
  },
};

export type EvaluateText = typeof evaluate;
