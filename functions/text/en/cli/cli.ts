import type { CliText } from '../../zh-CN/cli/cli.ts';

export const cli: CliText = {
  unknownLanguage: (given) => `--lang must be zh-CN or en (got "${given}")`,
  unknownCommand: (command, meant) => `unknown command: ${command}${meant ? `. Did you mean ${meant}?` : ''}`,
  argsRefused: {
    unknownOption: (option, nearest) =>
      `unknown option ${option}${nearest ? ` (did you mean ${nearest}?)` : ''}`,
    missingValue: (option) => `${option} needs a value`,
    valueLooksLikeOption: (option) =>
      `${option} needs a value (the next word is another option; for a value that starts with -, write ${option}=-…)`,
    takesNoValue: (option) => `${option} takes no value`,
  },
  wrongForm: {
    seeHelp: (command) => `Full help: churn-watch ${command} --help`,
    choice: (command, choices, given, meant) =>
      `churn-watch ${command} takes ${choices.length > 1 ? `one of: ${choices.join(', ')}` : choices[0]}` +
      (given === undefined ? '' : `; got "${given}"${meant ? `. Did you mean ${meant}?` : ''}`),
    extra: (extras) => `unexpected argument${extras.length > 1 ? 's' : ''}: ${extras.join(' ')}`,
    optionChoice: (option, choices, given) => `${option} takes one of: ${choices.join(', ')}; got "${given}"`,
    optionsRequired: (options) => `${options.join(' and ')} ${options.length > 1 ? 'are' : 'is'} required`,
    exactlyOne: (options) => `give one of ${options.join(' or ')}, not both`,
    customerMissing: 'the customer id is missing',
    deliveryMissing: 'the ids of the deliveries to resend are missing',
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
