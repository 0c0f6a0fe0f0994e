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
  sample: {
    usage: `Usage: npm run sample -- --out DIR [options]

Generates a realistic FMCG distributor (reps, shops, order lines, visits, coupons, complaints) and writes it as
CSV files: orders.csv customers.csv reps.csv visits.csv coupons.csv complaints.csv planted.csv. planted.csv is
the ground truth (which shops were made to decline, churn, lapse, pause, ...), not an input of the product. The
same options always produce byte-identical files.

  --out DIR           directory to write into (created if missing; existing files are overwritten)
  --seed N            random seed (default 42)
  --customers N       number of shops (default 1500)
  --months N          months of history, 6 to 60 (default 18)
  --end YYYY-MM-DD    last day with data (default 2026-11-20)
  --headers en|zh     English or Chinese column headers (default en)
  --id-prefix P       put before every id (default S-, e.g. S-C00001), so the files import into the npm start demo
                      without merging into the demo's shops (C00001); --id-prefix '' gives the demo's own ids
  --lang zh-CN|en     language of the output (default Chinese, or CHURN_WATCH_LANG)
  -h, --help          show this help

The WeCom reps' robots point at the WeCom receiver of the npm start running on this machine (the same
CHURN_WATCH_DATA_DIR), else at CHURN_WATCH_WECOM_PORT (default 8790).`,
    wrote: (customers, lines, orders, from, to, seed, out, seconds) =>
      `Wrote ${customers} customers, ${lines} order lines in ${orders} orders, ${from} to ${to} (seed ${seed}) to ${out} in ${seconds}s`,
    ids: (example) => `ids look like ${example}`,
    robots: (url, running) =>
      `WeCom robots point at ${url}${running ? ' (the running npm start)' : ' (where npm start will receive them)'}`,
    outRequired: '--out DIR is required',
    headersChoice: (given) => `--headers must be en or zh, got "${given}"`,
    notInteger: (option, given) => `${option} must be an integer, got "${given}"`,
    outOfRange: (option, min, max, given) => `${option} must be from ${min} to ${max}, got ${given}`,
    prefixInvalid: (given) => `--id-prefix takes up to 8 letters, digits, - or _, got "${given}"`,
  },
  tables: {
    noEndpoint:
      'AWS_ENDPOINT_URL_DYNAMODB is not set: init is for local or compatible endpoints; on AWS, npx cdk deploy creates the tables.',
    allExist: (endpoint) => `All tables exist (${endpoint}).`,
    created: (count) => `Created ${count} tables`,
    rebuilt: (customers) => `Rebuilt ${customers} customer profiles.`,
  },
};
