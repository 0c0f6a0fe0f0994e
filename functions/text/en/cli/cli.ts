import type { CliText } from '../../zh-CN/cli/cli.ts';

export const cli: CliText = {
  unknownLanguage: (given) => `--lang must be zh-CN or en (got "${given}")`,
  unknownCommand: (command) => `unknown command: ${command}`,
  // parseArgs speaks English already: its own words, which also say how to pass a value starting with '-'.
  argsRefused: {
    said: (refusal) => refusal,
    unknownOption: (_option, parserSays) => parserSays,
    missingValue: (_option, parserSays) => parserSays,
    extraArgument: (_argument, parserSays) => parserSays,
  },
  internalError: 'internal error',
  connect: {
    runningLocally: (exportLine) =>
      `No database endpoint is set. npm start is running on this machine; first run in this terminal:\n  ${exportLine}`,
    nowhere:
      'No database to talk to: no local endpoint is set and no AWS credentials were found.\n' +
      '  Local stack (npm start running): export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000\n' +
      '  AWS: configure credentials (AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and set CHURN_WATCH_TABLE_PREFIX (the TablePrefix output)',
    refused: (endpoint) =>
      `Nothing answers at ${endpoint}: is the local stack running (npm start)? Its port is CHURN_WATCH_DYNAMODB_PORT; AWS_ENDPOINT_URL_DYNAMODB must match it.`,
  },
  moreIssues: (more) => `  … and ${more} more`,
  formatChoice: (choices) =>
    `--format must be ${choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}` : choices[0]}`,
  fromAfterTo: '--from must not be after --to',
  ordersRequired: '--orders FILE is required',
  asOfRequired: '--as-of YYYY-MM-DD is required',
  asOfInvalid: (text) => `--as-of must be a date YYYY-MM-DD, got "${text}"`,
};
