import type { EvaluateText } from '../../zh-CN/cli/evaluate.ts';

export const evaluate: EvaluateText = {
  asOfHeading: (asOf) => `As of ${asOf}`,
  noCustomers: (asOf) => `${asOf}: no customers in the input.`,
  noneAtRisk: (asOf) => `${asOf}: no customer is at risk.`,
  column: {
    customer: 'Customer',
    name: 'Name',
    rep: 'Rep',
    tier: 'Tier',
    status: 'Status',
    risk: 'Risk',
    atStake: 'At stake',
    lastPeriod: 'Last period',
    daysSilent: 'Days silent',
    signals: 'Signals',
  },
  summary: {
    customers: (customers, atRisk) => `${customers} customers, ${atRisk} at risk`,
    orders: (orders, lines, cancelled, returns) =>
      `${orders} orders read (${lines} lines; ${cancelled} cancelled, ${returns} return documents)`,
    afterAsOf: (records) => `${records} records dated after the as-of day were not used`,
    skipped: (rows) => `${rows} invalid rows skipped`,
    separator: '; ',
  },
  riskModelOff:
    "The risk model is off (riskModel.enabled=false): the risk is the rules' old score, not a probability; any rule firing puts a customer at risk.",
  configFile: {
    unreadable: (path) => `cannot read config file ${path}`,
    notJson: (path, problem) => `config file ${path} is not valid JSON: ${problem}`,
    invalid: (path) => `invalid config (${path}):`,
  },
};
