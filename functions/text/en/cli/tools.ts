import type { ToolsText } from '../../zh-CN/cli/tools.ts';

export const tools: ToolsText = {
  dateInvalid: (flag, given) => `${flag} must be a date YYYY-MM-DD, got "${given}"`,
  answers: {
    allTime: 'all',
    period: (from, to) => `${from} ～ ${to}`,
    headline: (period, answers) => `Reps' answers (${period}): ${answers}`,
    none: 'No answers in this period.',
    columns: ['Day', 'Rep', 'Customer', 'Answer', 'Reason', 'Warning began'],
    named: (name, id) => `${name} (${id})`,
  },
  risk: {
    pastDay: (asOf) =>
      `not fitting as of a past day (--as-of ${asOf} is before today): re-runs of the days after it would use the model; add --force if you mean it`,
    modelOff:
      "(riskModel.enabled is off: the daily run uses the rules' old score. To turn it back on: churn-watch config set riskModel.enabled=true)",
    rulesOnly: 'Risk: rules (riskModel.enabled is off)',
  },
  bgnbd: {
    missingColumns: (columns) =>
      `the summary lacks column(s) ${columns} (expected header ID,frequency,recency,T)`,
    wholeNumber: 'a whole number ≥ 0',
    number: 'a number ≥ 0',
    badField: (line, field, expected, given) =>
      `line ${line}, field ${field}: expected ${expected} (got "${given}")`,
    recencyAfterT: (line, recency, T) => `line ${line}, field recency: ${recency} is greater than T (${T})`,
    noRows: 'the summary has no customer rows',
    unreadable: (path) => `cannot read ${path}`,
    parameter: 'parameter',
    estimate: 'estimate',
    logLikelihood: 'log-likelihood',
    fitted: (customers, iterations, seconds, converged) =>
      `${customers} customers, ${iterations} iterations, ${seconds} s${converged ? '' : ' (not fully converged)'}`,
  },
  tables: {
    noEndpoint:
      'AWS_ENDPOINT_URL_DYNAMODB is not set: init is for local or compatible endpoints; on AWS, npx cdk deploy creates the tables.',
    allExist: (endpoint) => `All tables exist (${endpoint}).`,
    created: (count) => `Created ${count} tables`,
    rebuilt: (customers) => `Rebuilt ${customers} customer profiles.`,
  },
};
